# ruff: noqa: E501 - the cases are one template per line
"""The built-in tags, each rendered and compared with what Django 6.1 renders.

The expected outputs were produced by Django 6.1.3 from the same templates and
contexts; ``!Name`` means Django raised that exception.
"""

from __future__ import annotations

import datetime  # noqa: F401 - used by the contexts
from typing import Any

import pytest

from tests.template.dtl import render

CASES: list[tuple[str, str, str, str]] = [
    ("text", "plain text", "{}", "plain text"),
    ("var", "{{ name }}", "{'name': 'Ann'}", "Ann"),
    (
        "var_escaped",
        "{{ name }}",
        "{'name': '<b>\"x\" & \\'y\\''}",
        "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;",
    ),
    ("var_missing", "[{{ missing }}]", "{}", "[]"),
    ("var_attr_dict", "{{ a.b.c }}", "{'a': {'b': {'c': 3}}}", "3"),
    ("var_index", "{{ items.1 }}", "{'items': ['x', 'y']}", "y"),
    ("var_index_missing", "[{{ items.5 }}]", "{'items': ['x', 'y']}", "[]"),
    ("dict_method_call", "{{ d.items }}", "{'d': {'k': 1}}", "dict_items([(&#x27;k&#x27;, 1)])"),
    ("dict_key_over_method", "{{ d.items }}", "{'d': {'items': 'key'}}", "key"),
    ("number_literal", "{{ 1 }}{{ 2.5 }}{{ 1e3 }}", "{}", "12.51000.0"),
    ("string_literal_safe", "{{ '<b>' }}", "{}", "<b>"),
    ("int_output", "{{ n }}", "{'n': 1234567}", "1234567"),
    ("float_output", "{{ n }}", "{'n': 0.5}", "0.5"),
    (
        "bool_none",
        "{{ t }}|{{ f }}|{{ n }}",
        "{'t': True, 'f': False, 'n': None}",
        "True|False|None",
    ),
    ("list_output", "{{ l }}", "{'l': ['<a>', 1]}", "[&#x27;&lt;a&gt;&#x27;, 1]"),
    ("filter_upper", "{{ name|upper }}", "{'name': 'ann'}", "ANN"),
    ("filter_chain", "{{ name|lower|capfirst }}", "{'name': 'ANN'}", "Ann"),
    ("filter_default_missing", "{{ missing|default:'none' }}", "{}", "none"),
    ("filter_arg_var", "{{ v|add:n }}", "{'v': 1, 'n': 2}", "3"),
    ("filter_safe", "{{ html|safe }}", "{'html': '<i>x</i>'}", "<i>x</i>"),
    ("filter_escape_twice", "{{ html|escape|escape }}", "{'html': '<i>'}", "&lt;i&gt;"),
    ("filter_force_escape", "{{ html|safe|force_escape }}", "{'html': '<i>'}", "&lt;i&gt;"),
    ("filter_length_is_safe", "{{ html|safe|length }}", "{'html': '<i>'}", "3"),
    ("filter_join", "{{ l|join:', ' }}", "{'l': ['<a>', 'b']}", "&lt;a&gt;, b"),
    (
        "autoescape_off",
        "{% autoescape off %}{{ html }}{% endautoescape %}{{ html }}",
        "{'html': '<i>'}",
        "<i>&lt;i&gt;",
    ),
    (
        "autoescape_off_filter_escape",
        "{% autoescape off %}{{ html|escape }}{% endautoescape %}",
        "{'html': '<i>'}",
        "&lt;i&gt;",
    ),
    ("if_true", "{% if a %}yes{% endif %}", "{'a': 1}", "yes"),
    ("if_false_else", "{% if a %}yes{% else %}no{% endif %}", "{'a': 0}", "no"),
    (
        "if_elif",
        "{% if a == 1 %}one{% elif a == 2 %}two{% else %}other{% endif %}",
        "{'a': 2}",
        "two",
    ),
    (
        "if_and_or_not",
        "{% if a and not b or c %}T{% else %}F{% endif %}",
        "{'a': 1, 'b': 0, 'c': 0}",
        "T",
    ),
    (
        "if_in",
        "{% if 'x' in l %}in{% endif %}{% if 'z' not in l %}notin{% endif %}",
        "{'l': ['x']}",
        "innotin",
    ),
    (
        "if_is",
        "{% if n is None %}none{% endif %}{% if n is not None %}x{% endif %}",
        "{'n': None}",
        "none",
    ),
    (
        "if_compare",
        "{% if a > 1 %}gt{% endif %}{% if a >= 2 %}ge{% endif %}{% if a < 3 %}lt{% endif %}{% if a != 2 %}ne{% endif %}",
        "{'a': 2}",
        "gtgelt",
    ),
    ("if_missing", "{% if missing %}yes{% else %}no{% endif %}", "{}", "no"),
    (
        "if_bad_compare_is_false",
        "{% if a > b %}yes{% else %}no{% endif %}",
        "{'a': 1, 'b': 'x'}",
        "no",
    ),
    ("if_in_non_container", "{% if 1 in 5 %}yes{% else %}no{% endif %}", "{}", "no"),
    ("if_filter", "{% if l|length > 1 %}many{% endif %}", "{'l': [1, 2]}", "many"),
    ("for_basic", "{% for x in l %}{{ x }},{% endfor %}", "{'l': [1, 2, 3]}", "1,2,3,"),
    ("for_reversed", "{% for x in l reversed %}{{ x }}{% endfor %}", "{'l': [1, 2, 3]}", "321"),
    ("for_empty", "{% for x in l %}{{ x }}{% empty %}none{% endfor %}", "{'l': []}", "none"),
    ("for_missing", "{% for x in missing %}{{ x }}{% empty %}none{% endfor %}", "{}", "none"),
    (
        "for_forloop",
        "{% for x in l %}{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}{{ forloop.revcounter0 }}{{ forloop.first }}{{ forloop.last }}{{ forloop.length }};{% endfor %}",
        "{'l': 'ab'}",
        "1021TrueFalse2;2110FalseTrue2;",
    ),
    (
        "for_parentloop",
        "{% for x in l %}{% for y in l %}{{ forloop.parentloop.counter }}{{ forloop.counter }} {% endfor %}{% endfor %}",
        "{'l': [1, 2]}",
        "11 12 21 22 ",
    ),
    (
        "for_unpack",
        "{% for k, v in d.items %}{{ k }}={{ v }};{% endfor %}",
        "{'d': {'a': 1, 'b': 2}}",
        "a=1;b=2;",
    ),
    (
        "for_unpack_spaces",
        "{% for k , v in l %}{{ k }}{{ v }}{% endfor %}",
        "{'l': [(1, 2), (3, 4)]}",
        "1234",
    ),
    (
        "for_var_shadows",
        "{{ x }}{% for x in l %}{{ x }}{% endfor %}{{ x }}",
        "{'x': 'o', 'l': [1, 2]}",
        "o12o",
    ),
    ("for_string", "{% for c in s %}[{{ c }}]{% endfor %}", "{'s': 'a<'}", "[a][&lt;]"),
    (
        "for_generator_len",
        "{% for x in g %}{{ forloop.length }}{% endfor %}",
        "{'g': iter([1, 2])}",
        "22",
    ),
    ("with_basic", "{% with a=1 b='x' %}{{ a }}{{ b }}{% endwith %}[{{ a }}]", "{}", "1x[]"),
    ("with_legacy", "{% with v.x as y %}{{ y }}{% endwith %}", "{'v': {'x': 5}}", "5"),
    ("with_shadow", "{{ a }}{% with a=2 %}{{ a }}{% endwith %}{{ a }}", "{'a': 1}", "121"),
    ("firstof", "{% firstof a b 'c' %}", "{'a': 0, 'b': '<b>'}", "&lt;b&gt;"),
    ("firstof_fallback", "{% firstof a b 'c' %}", "{}", "c"),
    ("firstof_as", "{% firstof a b as v %}[{{ v }}]", "{'b': 2}", "[2]"),
    ("cycle_loop", "{% for x in l %}{% cycle 'a' 'b' %}{% endfor %}", "{'l': [1, 2, 3]}", "aba"),
    ("cycle_named", "{% cycle 'a' 'b' as c %}{% cycle c %}{% cycle c %}", "{}", "aba"),
    (
        "cycle_silent",
        "{% for x in l %}{% cycle 'a' 'b' as c silent %}{{ c }}{% endfor %}",
        "{'l': [1, 2, 3]}",
        "aba",
    ),
    ("cycle_vars", "{% for x in l %}{% cycle x 'z' %}{% endfor %}", "{'l': ['<', '>']}", "&lt;z"),
    (
        "resetcycle",
        "{% for x in l %}{% cycle 'a' 'b' 'c' %}{% if forloop.counter == 2 %}{% resetcycle %}{% endif %}{% endfor %}",
        "{'l': [1, 2, 3, 4]}",
        "abab",
    ),
    (
        "ifchanged",
        "{% for x in l %}{% ifchanged %}{{ x }}{% endifchanged %}{% endfor %}",
        "{'l': [1, 1, 2, 2, 1]}",
        "121",
    ),
    (
        "ifchanged_var_else",
        "{% for x in l %}{% ifchanged x %}C{% else %}S{% endifchanged %}{% endfor %}",
        "{'l': [1, 1, 2]}",
        "CSC",
    ),
    ("filter_tag", "{% filter upper %}a{{ b }}{% endfilter %}", "{'b': '<b>'}", "A&LT;B&GT;"),
    (
        "spaceless",
        "{% spaceless %} <p>\n <a>x</a> </p> {% endspaceless %}",
        "{}",
        "<p><a>x</a></p>",
    ),
    ("verbatim", "{% verbatim %}{{ x }}{% if %}{% endverbatim %}", "{}", "{{ x }}{% if %}"),
    (
        "verbatim_named",
        "{% verbatim v %}{% endverbatim %}{% endverbatim v %}",
        "{}",
        "{% endverbatim %}",
    ),
    ("templatetag", "{% templatetag openblock %}{% templatetag closevariable %}", "{}", "{%}}"),
    ("comment", "a{% comment %}{{ x }}{% endcomment %}b{# c #}d", "{}", "abd"),
    ("widthratio", "{% widthratio a b 100 %}", "{'a': 175, 'b': 200}", "88"),
    ("widthratio_zero", "{% widthratio a b 100 %}", "{'a': 1, 'b': 0}", "0"),
    ("widthratio_as", "{% widthratio 1 2 10 as w %}[{{ w }}]", "{}", "[5]"),
    ("widthratio_bad", "[{% widthratio a b 100 %}]", "{'a': 'x', 'b': 1}", "[]"),
    ("lorem_words", "{% lorem 3 w %}", "{}", "lorem ipsum dolor"),
    ("callable_called", "{{ f }}", "{'f': lambda: 'called'}", "called"),
    ("callable_needs_args", "[{{ f }}]", "{'f': lambda x: 'called'}", "[]"),
    ("string_if_invalid_literal", "{{ 'a'|add:'b' }}", "{}", "ab"),
    ("firstof_escape", "{% firstof a %}", "{'a': '<'}", "&lt;"),
    (
        "nested_for_if",
        "{% for r in rows %}{% if r.on %}{{ r.name|upper }}{% else %}-{% endif %}{% endfor %}",
        "{'rows': [{'on': 1, 'name': 'a'}, {'on': 0, 'name': 'b'}]}",
        "A-",
    ),
    ("dict_get_missing_attr", "[{{ d.nope }}]", "{'d': {}}", "[]"),
    ("none_attr", "[{{ n.x }}]", "{'n': None}", "[]"),
    (
        "for_forloop_print",
        "{% for x in l %}{{ forloop }}{% endfor %}",
        "{'l': [1]}",
        "{&#x27;parentloop&#x27;: {}, &#x27;length&#x27;: 1, &#x27;counter0&#x27;: 0, &#x27;counter&#x27;: 1, &#x27;revcounter&#x27;: 1, &#x27;revcounter0&#x27;: 0, &#x27;first&#x27;: True, &#x27;last&#x27;: True}",
    ),
    (
        "for_nested_same_name",
        "{% for x in l %}{% for x in m %}{{ x }}{% endfor %}{{ x }}{% endfor %}",
        "{'l': [1, 2], 'm': ['a']}",
        "a1a2",
    ),
    (
        "with_in_for",
        "{% for x in l %}{% with y=x %}{{ y }}{% endwith %}{% endfor %}",
        "{'l': [1, 2]}",
        "12",
    ),
    ("url_as_missing", "{% url 'nope' as u %}[{{ u }}]", "{}", "[]"),
    ("now_as", "{% now 'Y' as y %}{% if y|length == 4 %}ok{% endif %}", "{}", "ok"),
    ("csrf_missing", "[{% csrf_token %}]", "{}", "[]"),
    (
        "csrf_present",
        "{% csrf_token %}",
        "{'csrf_token': 'tok<'}",
        '<input type="hidden" name="csrfmiddlewaretoken" value="tok&lt;">',
    ),
    ("csrf_notprovided", "[{% csrf_token %}]", "{'csrf_token': 'NOTPROVIDED'}", "!TypeError"),
    (
        "regroup",
        "{% regroup l by k as g %}{% for grp in g %}{{ grp.grouper }}:{% for i in grp.list %}{{ i.v }}{% endfor %};{% endfor %}",
        "{'l': [{'k': 'a', 'v': 1}, {'k': 'a', 'v': 2}, {'k': 'b', 'v': 3}]}",
        "a:12;b:3;",
    ),
    (
        "date_filter",
        "{{ d|date:'Y-m-d' }}",
        "{'d': __import__('datetime').date(2024, 3, 5)}",
        "2024-03-05",
    ),
    ("floatformat", "{{ x|floatformat:2 }}", "{'x': 3.14159}", "3.14"),
    ("truncatewords", "{{ s|truncatewords:2 }}", "{'s': 'one two three'}", "one two …"),
    (
        "partial_inline",
        "{% partialdef p inline %}[{{ x }}]{% endpartialdef %}{% partial p %}",
        "{'x': 1}",
        "[1][1]",
    ),
    (
        "partial_later",
        "{% partial p %}{% partialdef p %}({{ x }}){% endpartialdef %}",
        "{'x': 2}",
        "(2)",
    ),
]


@pytest.mark.parametrize(
    ("source", "context", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_renders_as_django(source: str, context: str, expected: str) -> None:
    values: dict[str, Any] = eval(context)
    if expected.startswith("!"):
        with pytest.raises(Exception) as info:
            render(source, values)
        assert type(info.value).__name__ == expected[1:]
    else:
        assert render(source, values) == expected

"""The compiler: locals where safe, the real context wherever a tag reads it.

Each case mixes compiled nodes with hand-written tags (which get the real
``Context``), and checks the output Django's tree-walking renderer gives.
"""

from __future__ import annotations

from typing import Any

import pytest

from scallion.template.compiler import MAX_SCOPE_DEPTH
from scallion.template.context import Context
from scallion.template.defaulttags import ForNode
from tests.template.dtl import engine

EXTRAS = {"extras": "tests.template.dtl_app.templatetags.dtl_extras"}


def render(source: str, context: dict[str, Any] | None = None, autoescape: bool = True) -> str:
    template = engine(libraries=EXTRAS).from_string("{% load extras %}" + source)
    return str(template.render(Context(context, autoescape=autoescape)))


def test_a_tag_that_sets_a_variable_is_seen_by_what_follows() -> None:
    assert render("{{ x }}{% setvar x 'b' %}{{ x }}", {"x": "a"}) == "ab"


def test_a_variable_set_inside_a_loop_disappears_after_it() -> None:
    source = "{% for i in l %}{{ v }}{% setvar v i %}{% endfor %}[{{ v }}]"
    assert render(source, {"l": [1, 2, 3]}) == "12[]"


def test_a_tag_can_override_the_loop_variable_for_the_rest_of_the_body() -> None:
    source = "{% for i in l %}{{ i }}{% setvar i 'x' %}{{ i }};{% endfor %}"
    assert render(source, {"l": [1, 2]}) == "1x;2x;"


def test_a_tag_rendering_its_body_sees_loop_variables_and_forloop() -> None:
    source = "{% for i in l %}{% upper %}{{ i }}{{ forloop.counter }}{% endupper %}{% endfor %}"
    assert render(source, {"l": ["a", "b"]}) == "A1B2"


def test_a_tag_reading_the_context_sees_with_and_loop_names() -> None:
    source = "{% with a=1 %}{% for b in l %}{% keys %}{% endfor %}{% endwith %}"
    assert render(source, {"l": [1]}) == "a,b,forloop,l"


def test_unpacked_loop_variables_reach_a_hand_written_tag() -> None:
    source = "{% for k, v in d.items %}{% upper %}{{ k }}{{ v }}{% endupper %}{% endfor %}"
    assert render(source, {"d": {"a": "x"}}) == "AX"


def test_a_value_set_in_one_branch_only_is_looked_up_again_after_the_if() -> None:
    source = "{% if c %}{% firstof 'set' as v %}{% endif %}[{{ v }}]"
    assert render(source, {"c": True}) == "[set]"
    assert render(source, {"c": False}) == "[]"
    assert render(source, {"c": False, "v": "outer"}) == "[outer]"


def test_a_value_stored_inside_a_loop_carries_to_the_next_iteration() -> None:
    # Django's loop pushes one dict for all its iterations.
    source = "{% for i in l %}[{{ v }}]{% firstof i as v %}{% endfor %}[{{ v }}]"
    assert render(source, {"l": [1, 2]}) == "[][1][]"


def test_cycle_as_sets_the_name_in_the_dict_that_already_has_it() -> None:
    source = (
        "{% with c='start' %}{% for i in l %}{% cycle 'a' 'b' as c silent %}{% endfor %}"
        "{{ c }}{% endwith %}"
    )
    assert render(source, {"l": [1, 2, 3]}) == "a"


def test_autoescape_off_reaches_the_templates_a_tag_renders() -> None:
    source = "{% autoescape off %}{% upper %}{{ h }}{% endupper %}{% endautoescape %}{{ h }}"
    assert render(source, {"h": "<i>"}) == "<I>&lt;i&gt;"


def test_custom_filters_with_flags() -> None:
    assert render("{{ v|shout }}|{{ s|wrap }}|{{ v|bold }}", {"v": "<", "s": "<"}) == (
        "&lt;!|[&lt;]|<b>&lt;</b>"
    )
    assert render("{{ v|bold }}", {"v": "<"}, autoescape=False) == "<b><</b>"


def test_simple_tags() -> None:
    assert render("{% greet name %}", {"name": "<Ann>"}) == "Hello &lt;Ann&gt;!"
    assert render("{% greet 'Bo' punctuation='?' %}") == "Hello Bo?"
    assert render("{% greet 'Bo' as g %}[{{ g }}]") == "[Hello Bo!]"
    assert render("{% html_tag %}") == "<i>&lt;x&gt;</i>"
    assert render("{% for k in l %}{% from_context 'k' %}{% endfor %}", {"l": [1, 2]}) == "12"


def test_simple_block_tag_gets_the_rendered_block() -> None:
    assert render("{% box kind='n' %}<b>{{ x }}</b>{% endbox %}", {"x": "<"}) == (
        '<div class="n"><b>&lt;</b></div>'
    )


def test_inclusion_tags_render_their_template() -> None:
    eng = engine({"dtl_app/item.html": "<li>{{ item }}</li>"}, libraries=EXTRAS)
    template = eng.from_string(
        "{% load extras %}{% for i in l %}{% show_item i %}{% endfor %}"
        "{% with current='c' %}{% show_context_item %}{% endwith %}"
    )
    assert template.render(Context({"l": ["<a>", "b"]})) == (
        "<li>&lt;a&gt;</li><li>b</li><li>c</li>"
    )


def test_an_inclusion_tag_passes_the_csrf_token_on() -> None:
    eng = engine({"dtl_app/item.html": "{{ item }}:{{ csrf_token }}"}, libraries=EXTRAS)
    template = eng.from_string("{% load extras %}{% show_item 'x' %}")
    assert template.render(Context({"csrf_token": "tok"})) == "x:tok"


def test_a_subclass_of_a_built_in_node_keeps_its_own_render() -> None:
    class LoudFor(ForNode):
        def render(self, context: Any) -> str:
            return str(super().render(context)).upper()

    eng = engine()
    template = eng.from_string("{% for x in l %}{{ x }}{% endfor %}-")
    node = template.nodelist[0]
    node.__class__ = LoudFor
    assert template.render(Context({"l": ["a", "b"]})) == "AB-"


def test_deeply_nested_scopes_render() -> None:
    depth = MAX_SCOPE_DEPTH * 3
    source = "".join("{% for x" + str(i) + " in l %}" for i in range(depth))
    source += "{{ x0 }}{{ x" + str(depth - 1) + " }}"
    source += "{% endfor %}" * depth
    assert render(source, {"l": [1]}) == "11"


def test_deeply_nested_conditions_render() -> None:
    depth = 40
    source = "{% if a %}" * depth + "in" + "{% endif %}" * depth
    assert render(source, {"a": 1}) == "in"
    condition = " and ".join(["a"] * 30) + " or " + " and ".join(["not a"] * 30)
    assert render("{% if " + condition + " %}yes{% endif %}", {"a": 1}) == "yes"


def test_the_compiled_source_can_be_read() -> None:
    template = engine().from_string("{% for x in l %}{{ x }}{% endfor %}")
    source = template.compiled_source()
    assert source.startswith("def render(context):")
    assert "for _item" in source


def test_a_template_renders_the_same_with_autoescape_on_and_off() -> None:
    template = engine().from_string("{{ h }}")
    assert template.render(Context({"h": "<"})) == "&lt;"
    assert template.render(Context({"h": "<"}, autoescape=False)) == "<"
    assert template.render(Context({"h": "<"})) == "&lt;"


@pytest.mark.parametrize("times", [1, 3])
def test_renders_are_independent(times: int) -> None:
    template = engine().from_string("{% for x in l %}{% cycle 'a' 'b' %}{% endfor %}")
    for _ in range(times):
        assert template.render(Context({"l": [1, 2, 3]})) == "aba"

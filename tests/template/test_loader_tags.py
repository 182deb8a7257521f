"""``{% extends %}``, ``{% block %}``, ``{% include %}``, and the bound on include depth."""

from __future__ import annotations

import pytest

from scallion.template.context import Context
from scallion.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from scallion.template.loader_tags import MAX_INCLUDE_DEPTH
from tests.template.dtl import engine, render_named

BASE = "<t>{% block title %}Base{% endblock %}</t><b>{% block body %}{% endblock %}</b>"


def test_child_blocks_replace_the_parents() -> None:
    templates = {
        "base": BASE,
        "child": "{% extends 'base' %}{% block title %}Child{% endblock %}ignored text",
    }
    assert render_named(templates, "child") == "<t>Child</t><b></b>"


def test_block_super_renders_the_parents_version() -> None:
    templates = {
        "base": BASE,
        "mid": "{% extends 'base' %}{% block title %}{{ block.super }}+Mid{% endblock %}",
        "leaf": "{% extends 'mid' %}{% block title %}{{ block.super }}+Leaf{% endblock %}",
    }
    assert render_named(templates, "leaf") == "<t>Base+Mid+Leaf</t><b></b>"


def test_blocks_see_the_context_and_loop_variables_of_the_parent() -> None:
    templates = {
        "base": "{% for x in l %}{% block item %}{{ x }}{% endblock %}{% endfor %}",
        "child": "{% extends 'base' %}{% block item %}<{{ x }}:{{ forloop.counter }}>"
        "{% endblock %}",
    }
    assert render_named(templates, "child", {"l": ["a", "b"]}) == "<a:1><b:2>"


def test_extends_a_variable_holding_a_template() -> None:
    eng = engine({"base": BASE})
    child = eng.from_string("{% extends parent %}{% block body %}B{% endblock %}")
    assert child.render(Context({"parent": eng.get_template("base")})) == "<t>Base</t><b>B</b>"


def test_extends_with_an_empty_name_names_the_variable() -> None:
    eng = engine()
    child = eng.from_string("{% extends parent %}")
    with pytest.raises(TemplateSyntaxError, match="Got this from the 'parent' variable"):
        child.render(Context({"parent": ""}))


def test_extends_must_come_first() -> None:
    with pytest.raises(TemplateSyntaxError, match="must be the first tag"):
        engine().from_string("{% if x %}{% endif %}{% extends 'base' %}")


def test_a_duplicate_block_is_an_error() -> None:
    with pytest.raises(TemplateSyntaxError, match="appears more than once"):
        engine().from_string("{% block a %}{% endblock %}{% block a %}{% endblock %}")


def test_include_with_and_only() -> None:
    templates = {
        "inc": "[{{ a }}|{{ b }}]",
        "page": "{% include 'inc' %}{% include 'inc' with b=2 %}{% include 'inc' with b=3 only %}",
    }
    assert render_named(templates, "page", {"a": 1}) == "[1|][1|2][|3]"


def test_include_in_a_loop_sees_the_loop_variable() -> None:
    templates = {"row": "<{{ r }}>", "page": "{% for r in rows %}{% include 'row' %}{% endfor %}"}
    assert render_named(templates, "page", {"rows": ["x", "<"]}) == "<x><&lt;>"


def test_include_a_list_takes_the_first_that_exists() -> None:
    templates = {"b": "B", "page": "{% include names %}"}
    assert render_named(templates, "page", {"names": ["a", "b"]}) == "B"


def test_include_relative_names() -> None:
    templates = {
        "dir/page": "{% include './part' %}{% include '../top' %}",
        "dir/part": "P",
        "top": "T",
    }
    assert render_named(templates, "dir/page") == "PT"


def test_include_of_a_missing_template_raises() -> None:
    with pytest.raises(TemplateDoesNotExist):
        render_named({"page": "{% include 'missing' %}"}, "page")


def test_recursive_include_with_a_stop_condition() -> None:
    templates = {
        "tree": "{{ node.name }}{% if node.children %}({% for node in node.children %}"
        "{% include 'tree' %}{% endfor %}){% endif %}"
    }
    tree = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}, {"name": "d"}]}
    assert render_named(templates, "tree", {"node": tree}) == "a(b(c)d)"


def test_endless_include_recursion_is_stopped_with_an_error() -> None:
    with pytest.raises(TemplateSyntaxError, match=f"more than {MAX_INCLUDE_DEPTH} levels"):
        render_named({"self": "x{% include 'self' %}"}, "self")


def test_include_depth_is_counted_per_render() -> None:
    templates = {"leaf": "l", "page": "{% for i in l %}{% include 'leaf' %}{% endfor %}"}
    many = list(range(MAX_INCLUDE_DEPTH * 2))
    assert render_named(templates, "page", {"l": many}) == "l" * len(many)


def test_extends_recursion_through_the_same_name_uses_the_next_loader() -> None:
    first = {"page": "{% extends 'page' %}{% block b %}first+{{ block.super }}{% endblock %}"}
    second = {"page": "[{% block b %}second{% endblock %}]"}
    from scallion.template.engine import Engine

    eng = Engine(
        loaders=[
            ("scallion.template.loaders.locmem.Loader", first),
            ("scallion.template.loaders.locmem.Loader", second),
        ]
    )
    assert eng.render_to_string("page") == "[first+second]"

"""scallion's default Jinja2 Environment resolves ``d.name`` exactly as jinja2.Environment does.

Its dict fast path (PERF: template) is held to plain Jinja2 on dict keys that
shadow dict methods, missing keys under each kind of Undefined, dict
subclasses, objects, and generated data.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.template import engines
from scallion.template.backends.jinja2 import Environment

TEMPLATES = [
    "{{ d.name }}",
    "{{ d.items }}",  # the method, not the key, as in Jinja2
    "{{ d.get }}",
    "{{ d.__class__ }}",
    "{{ d.missing }}|{{ d.missing is defined }}",
    "{{ d.name.inner }}",
    "{{ d['name'] }}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
]

DATA: list[Any] = [
    {"name": "value", "items": "key items", "get": "key get"},
    {"name": {"inner": "<deep>"}},
    {},
    OrderedDict(name="ordered"),
    type("Obj", (), {"name": "attribute", "items": "attr items"})(),
]


class Subclass(dict[str, Any]):
    name = "class attribute wins in Jinja2"


def render(env: jinja2.Environment, source: str, data: Any) -> str:
    """The output, or the error a render raised (both environments must agree)."""
    try:
        return env.from_string(source).render(d=data)
    except Exception as exc:
        return f"raised {type(exc).__name__}: {exc}"


def render_both(source: str, data: Any, **options: Any) -> tuple[str, str]:
    ours = render(Environment(autoescape=True, **options), source, data)
    plain = render(jinja2.Environment(autoescape=True, **options), source, data)
    return ours, plain


@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("data", DATA, ids=lambda d: type(d).__name__)
def test_same_output_as_jinja2(source: str, data: Any) -> None:
    ours, plain = render_both(source, data)
    assert ours == plain


def test_dict_subclass_attributes_still_win() -> None:
    ours, plain = render_both("{{ d.name }}", Subclass(name="key"))
    assert ours == plain == "class attribute wins in Jinja2"


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.DebugUndefined])
def test_missing_key_is_the_same_undefined(undefined: type[jinja2.Undefined]) -> None:
    ours, plain = render_both("[{{ d.missing }}]", {"name": 1}, undefined=undefined)
    assert ours == plain


def test_missing_key_raises_under_strict_undefined() -> None:
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'missing'"):
        Environment(undefined=jinja2.StrictUndefined).from_string("{{ d.missing }}").render(
            d={"name": 1}
        )


def test_the_default_engine_uses_it() -> None:
    assert type(engines["jinja2"].env) is Environment


@given(
    st.dictionaries(
        st.sampled_from(["name", "items", "keys", "get", "pop", "copy", "x", "__len__"]),
        st.text(max_size=5),
    ),
    st.sampled_from(["name", "items", "keys", "get", "pop", "copy", "x", "__len__", "y"]),
)
def test_generated_lookups_match_jinja2(data: dict[str, str], attribute: str) -> None:
    ours, plain = render_both("{{ d." + attribute + " }}", data)
    assert ours.split(" at 0x")[0] == plain.split(" at 0x")[0]

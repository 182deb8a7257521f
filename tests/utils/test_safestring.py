"""SafeString, SafeData and mark_safe: what is safe, and what stays safe."""

from __future__ import annotations

import jinja2
import markupsafe

from scallion.utils.functional import lazystr
from scallion.utils.safestring import SafeData, SafeString, SafeText, mark_safe


def test_mark_safe_gives_a_safe_string() -> None:
    s = mark_safe("<b>x</b>")
    assert type(s) is SafeString
    assert s == "<b>x</b>"
    assert isinstance(s, SafeData)
    assert SafeText is SafeString


def test_str_of_a_safe_string_is_itself() -> None:
    s = SafeString("a")
    assert str(s) is s


def test_mark_safe_twice_returns_the_same_object() -> None:
    s = mark_safe("a")
    assert mark_safe(s) is s


def test_safe_plus_safe_is_safe_but_safe_plus_plain_is_not() -> None:
    both = SafeString("a") + SafeString("b")
    assert type(both) is SafeString and both == "ab"
    mixed = SafeString("a") + "<b>"
    assert type(mixed) is str and mixed == "a<b>"


def test_safe_string_plus_other_type_defers_to_it() -> None:
    class Right:
        def __radd__(self, other: str) -> str:
            return f"radd({other})"

    assert SafeString("a") + Right() == "radd(a)"  # type: ignore[operator]


def test_mark_safe_on_a_non_string_uses_its_text() -> None:
    assert mark_safe(5) == "5"
    assert type(mark_safe(5)) is SafeString


def test_mark_safe_as_a_decorator_marks_the_result() -> None:
    @mark_safe
    def build() -> str:
        return "<i>"

    result = build()
    assert type(result) is SafeString and result == "<i>"


def test_mark_safe_keeps_a_lazy_string_lazy() -> None:
    evaluated = []

    def text() -> str:
        evaluated.append(1)
        return "<lazy>"

    from scallion.utils.functional import lazy

    value = mark_safe(lazy(text, str)())
    assert evaluated == []
    assert str(value) == "<lazy>"
    assert evaluated == [1]
    assert str(mark_safe(lazystr("x"))) == "x"


def test_markupsafe_markup_counts_as_safe() -> None:
    markup = markupsafe.Markup("<b>")
    assert mark_safe(markup) is markup


def test_jinja2_does_not_escape_a_safe_string() -> None:
    env = jinja2.Environment(autoescape=True)
    template = env.from_string("{{ a }}|{{ b }}")
    assert template.render(a=SafeString("<b>"), b="<b>") == "<b>|&lt;b&gt;"
    assert markupsafe.escape(mark_safe("<i>")) == "<i>"

"""scallion.utils.functional (lazy proxies behave as their result class; classproperty;
keep_lazy) and the lazily compiled regex helper."""

from __future__ import annotations

import pytest

from scallion.utils.functional import Promise, classproperty, keep_lazy, keep_lazy_text, lazy

calls: list[int] = []


def _text() -> str:
    calls.append(1)
    return "hello"


lazy_text = lazy(_text, str)


def test_lazy_waits_until_used_then_acts_as_the_result() -> None:
    calls.clear()
    value = lazy_text()
    assert calls == []
    assert len(value) == 5
    assert value[1] == "e"
    assert "ell" in value
    assert list(value) == ["h", "e", "l", "l", "o"]
    assert value * 2 == "hellohello"
    assert value < "z" and value <= "hello" and value > "a" and value >= "hello"
    assert value < lazy(lambda: "world", str)()
    assert f"{value:>7}" == "  hello"
    assert sorted([value, "a"])[0] == "a"
    assert calls == [1]


def test_keep_lazy_returns_lazy_only_for_lazy_arguments() -> None:
    @keep_lazy_text
    def shout(text: str) -> str:
        return text.upper() + "!"

    assert shout("hi") == "HI!"
    result = shout(lazy_text())
    assert isinstance(result, Promise)
    assert str(result) == "HELLO!"
    kw_result = keep_lazy(str)(lambda text="": text + ".")(text=lazy_text())
    assert isinstance(kw_result, Promise) and str(kw_result) == "hello."


def test_keep_lazy_needs_a_result_class() -> None:
    with pytest.raises(TypeError, match="at least one result class"):
        keep_lazy()


class Counter:
    base = 2

    @classproperty
    def doubled(cls) -> int:
        return cls.base * 2


class Tripled(Counter):
    base = 3


def test_classproperty_reads_the_class_it_is_looked_up_on() -> None:
    assert Counter.doubled == 4
    assert Counter().doubled == 4
    assert Tripled.doubled == 6


def test_classproperty_getter_and_missing_getter() -> None:
    prop: classproperty[int] = classproperty()
    with pytest.raises(AttributeError, match="no getter"):
        prop.__get__(None, Counter)
    prop.getter(lambda cls: cls.base)
    assert prop.__get__(None, Tripled) == 3


def test_keep_lazy_is_lazy_only_for_lazy_arguments() -> None:
    from scallion.utils.functional import Promise, keep_lazy, keep_lazy_text, lazy

    calls: list[str] = []

    @keep_lazy_text
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert shout("now") == "NOW" and calls == ["now"]
    later = shout(lazy(lambda: "later", str)())
    assert isinstance(later, Promise) and calls == ["now"]
    assert str(later) == "LATER" and calls == ["now", "later"]
    with pytest.raises(TypeError, match="at least one result class"):
        keep_lazy()


def test_regex_helper_compiles_when_first_used() -> None:
    import re

    from scallion.utils.regex_helper import _lazy_re_compile

    pattern = _lazy_re_compile(r"^a+$", re.IGNORECASE)
    assert pattern.match("AAA")
    compiled = re.compile("b")
    assert _lazy_re_compile(compiled).pattern == "b"
    with pytest.raises(ValueError, match="flags must be empty"):
        _lazy_re_compile(compiled, re.I).match("b")

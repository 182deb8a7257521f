"""classproperty, keep_lazy and the lazily compiled regex helper."""

from __future__ import annotations

import pytest

from scallion.utils.functional import classproperty


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
    with pytest.raises(TypeError, match="at least one argument"):
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

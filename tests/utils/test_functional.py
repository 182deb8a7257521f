"""classproperty: a property read on the class (and on its instances)."""

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

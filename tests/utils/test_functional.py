"""scallion.utils.functional (lazy proxies behave as their result class; classproperty;
keep_lazy) and the lazily compiled regex helper."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.utils.functional import (
    Promise,
    SimpleLazyObject,
    classproperty,
    keep_lazy,
    keep_lazy_text,
    lazy,
)

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
    # Evaluated afresh on each use, never kept (as Django's lazy).
    assert len(calls) > 1


def test_lazy_results_follow_what_the_function_returns_now() -> None:
    current = ["first"]
    value = lazy(lambda: current[0], str)()
    assert value == "first"
    current[0] = "second"
    assert str(value) == "second" and value == "second" and f"{value}" == "second"
    assert len(value) == 6 and value.upper() == "SECOND"


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


def test_lazy_object_builds_on_first_use_and_again_after_reset() -> None:
    import copy
    import pickle

    from scallion.utils.functional import LazyObject, empty

    built: list[int] = []

    class Config(LazyObject):
        def _setup(self) -> None:
            built.append(1)
            self._wrapped = {"a": 1}

    config = Config()
    assert built == []
    assert config["a"] == 1 and "a" in config and len(config) == 1
    assert isinstance(config, dict)  # pretends to be the wrapped object's class
    assert config == {"a": 1}
    assert built == [1]
    config._wrapped = empty
    assert list(config) == ["a"]
    assert built == [1, 1]
    assert pickle.loads(pickle.dumps(config)) == {"a": 1}
    assert copy.deepcopy(config) == {"a": 1}
    assert isinstance(copy.copy(Config()), Config)  # not built yet: the wrapper is copied
    with pytest.raises(TypeError, match="can't delete _wrapped"):
        del config._wrapped

    class Bare(LazyObject):
        pass

    with pytest.raises(NotImplementedError, match="must provide a _setup"):
        Bare().anything  # noqa: B018


def test_simple_lazy_object_passes_the_container_protocol_on() -> None:
    built: list[int] = []

    def build() -> dict[str, int]:
        built.append(1)
        return {"a": 1}

    lazy_dict: Any = SimpleLazyObject(build)
    assert built == []
    assert lazy_dict["a"] == 1 and built == [1]
    lazy_dict["b"] = 2
    assert len(lazy_dict) == 2 and "b" in lazy_dict and sorted(lazy_dict) == ["a", "b"]
    del lazy_dict["a"]
    assert "a" not in lazy_dict and lazy_dict == {"b": 2}
    assert built == [1]  # built once


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


def test_lazy_proxy_repr_dir_and_products_are_the_results() -> None:
    class Base:
        def base_method(self) -> str:
            return "base"

    class Klazz(Base):
        pass

    proxy = lazy(Klazz, Klazz)()
    assert "base_method" in dir(proxy) and proxy.base_method() == "base"
    assert repr(lazy(lambda: "text", str)()) == "'text'"
    assert repr(lazy(lambda: 15, int)()) == "15"
    four, five = lazy(lambda: 4, int)(), lazy(lambda: 5, int)()
    assert four * five == 20 and 4 * five == 20 and four * 5 == 20
    assert lazy(lambda: [4], list)() * five == [4] * 5
    assert lazy(lambda: "a", str)() * five == "aaaaa"


def test_cached_property_assigned_after_the_class_is_made_says_so() -> None:
    from scallion.utils.functional import cached_property

    class Foo:
        pass

    Foo.cp = cached_property(lambda self: 1)  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"without calling __set_name__\(\)"):
        Foo().cp  # type: ignore[attr-defined]  # noqa: B018

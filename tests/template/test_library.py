"""Library: every way Django lets a tag library register filters and tags."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from scallion.template.library import InvalidTemplateLibrary, Library, import_library


def upper(value: str) -> str:
    return value.upper()


def test_filter_as_a_bare_decorator_uses_the_function_name() -> None:
    register = Library()
    assert register.filter(upper) is upper
    assert register.filters == {"upper": upper}


def test_filter_decorator_with_parentheses_and_flags() -> None:
    register = Library()

    @register.filter(is_safe=True)
    def shout(value: str) -> str:
        return value

    assert register.filters["shout"] is shout
    assert shout.is_safe is True  # type: ignore[attr-defined]


def test_filter_with_a_name() -> None:
    register = Library()
    register.filter("loud")(upper)
    assert register.filters["loud"] is upper
    register.filter(name="louder")(upper)
    assert register.filters["louder"] is upper


def test_filter_direct_call_with_name_and_function() -> None:
    register = Library()
    register.filter("up", upper, needs_autoescape=True, expects_localtime=False)
    assert register.filters["up"] is upper
    assert upper._filter_name == "up"  # type: ignore[attr-defined]
    assert upper.needs_autoescape is True  # type: ignore[attr-defined]


def test_flags_reach_the_innermost_wrapped_function() -> None:
    def inner(value: str) -> str:
        return value

    @functools.wraps(inner)
    def outer(value: str) -> str:
        return inner(value)

    register = Library()
    register.filter("f", outer, is_safe=True)
    assert inner.is_safe is True  # type: ignore[attr-defined]
    assert outer.is_safe is True  # type: ignore[attr-defined]


def test_filter_with_only_a_function_argument_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"Unsupported arguments to Library\.filter"):
        Library().filter(None, upper)


def compile_noop(parser: Any, token: Any) -> Any:
    return None


def test_tag_in_all_its_forms() -> None:
    register = Library()
    register.tag(compile_noop)
    register.tag()(upper)
    register.tag("named")(compile_noop)
    register.tag(name="kw")(compile_noop)
    register.tag("direct", compile_noop)
    assert register.tags == {
        "compile_noop": compile_noop,
        "upper": upper,
        "named": compile_noop,
        "kw": compile_noop,
        "direct": compile_noop,
    }


def test_tag_with_only_a_function_argument_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"Unsupported arguments to Library\.tag"):
        Library().tag(None, compile_noop)


def test_simple_tag_registers_a_compile_function_under_the_function_name() -> None:
    register = Library()

    @register.simple_tag
    def hello(name: str) -> str:
        return f"hello {name}"

    @register.simple_tag(name="greet", takes_context=True)
    def greet(context: Any, name: str) -> str:
        return name

    assert hello("x") == "hello x"
    assert set(register.tags) == {"hello", "greet"}
    assert register.tags["hello"].__name__ == "hello"


def test_takes_context_without_a_context_parameter_is_an_error() -> None:
    from scallion.template.exceptions import TemplateSyntaxError

    register = Library()
    with pytest.raises(TemplateSyntaxError, match="must have a first argument of 'context'"):

        @register.simple_tag(takes_context=True)
        def wrong(name: str) -> str:
            return name


def test_simple_block_tag_needs_a_content_parameter() -> None:
    from scallion.template.exceptions import TemplateSyntaxError

    register = Library()
    with pytest.raises(TemplateSyntaxError, match="must have a first argument of 'content'"):

        @register.simple_block_tag
        def wrong(name: str) -> str:
            return name

    @register.simple_block_tag(end_name="stop")
    def box(content: str) -> str:
        return content

    assert "box" in register.tags


def test_inclusion_tag_registers() -> None:
    register = Library()

    @register.inclusion_tag("x.html")
    def show(a: int) -> dict[str, int]:
        return {"a": a}

    assert "show" in register.tags
    assert show(1) == {"a": 1}


def test_simple_tag_rejects_a_non_callable() -> None:
    with pytest.raises(ValueError, match="Invalid arguments provided to simple_tag"):
        Library().simple_tag("nope")


def test_import_library_explains_a_missing_register() -> None:
    with pytest.raises(InvalidTemplateLibrary, match="does not have a variable named 'register'"):
        import_library("scallion.template.nodes")
    with pytest.raises(InvalidTemplateLibrary, match="ImportError raised when trying to load"):
        import_library("scallion.no_such_module_here")

"""Registered converters: their regex and to_python are used, in Django's order.

Django tries each pattern in turn; a pattern's converters run only once its
whole regex matched, and a ``ValueError`` from ``to_python`` means "this pattern
does not match, try the next one". The compiled matcher must call them the
same way, not while it walks the segment tree.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.urls import (
    NoReverseMatch,
    Resolver404,
    URLResolver,
    path,
    re_path,
    register_converter,
    reverse,
)
from scallion.urls.patterns import RegexPattern, segment_check

CALLS: list[tuple[str, str]] = []


class ThreeLetters:
    """Three lowercase letters; records each call, refuses "bad", upper-cases the rest."""

    regex = "[a-z]{3}"

    def to_python(self, value: str) -> str:
        CALLS.append(("to_python", value))
        if value == "bad":
            raise ValueError("bad is refused")
        return value.upper()

    def to_url(self, value: Any) -> str:
        CALLS.append(("to_url", str(value)))
        if value == "BAD":
            raise ValueError("BAD cannot be written")
        return str(value).lower()


class Even:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        CALLS.append(("even", value))
        number = int(value)
        if number % 2:
            raise ValueError("odd")
        return number

    def to_url(self, value: Any) -> str:
        return str(value)


register_converter(ThreeLetters, "conv_test_abc")
register_converter(Even, "conv_test_even")


def view(request: Any, **kwargs: Any) -> None:
    return None


def other(request: Any, **kwargs: Any) -> None:
    return None


def third(request: Any, **kwargs: Any) -> None:
    return None


@pytest.fixture(autouse=True)
def clear_calls() -> None:
    CALLS.clear()


def resolver_for(patterns: list[Any]) -> URLResolver:
    resolver = URLResolver(RegexPattern(r"^/"), patterns)
    resolver.compile()
    return resolver


def test_registered_regex_and_to_python_are_used() -> None:
    resolver = resolver_for([path("r/<conv_test_abc:word>/", view, name="word")])
    assert CALLS == []  # nothing runs at build time
    match = resolver.resolve("/r/abc/")
    assert match.kwargs == {"word": "ABC"}
    assert CALLS == [("to_python", "abc")]
    # The converter's own regex decides: four letters or digits do not match.
    for path_ in ("/r/abcd/", "/r/ab1/", "/r/ABC/"):
        with pytest.raises(Resolver404):
            resolver.resolve(path_)
    assert CALLS == [("to_python", "abc")]


def test_registered_to_url_is_used_by_reverse() -> None:
    urlconf = [path("r/<conv_test_abc:word>/", view, name="word")]
    assert reverse("word", urlconf=urlconf, kwargs={"word": "XYZ"}) == "/r/xyz/"
    assert CALLS == [("to_url", "XYZ")]


def test_to_url_value_error_is_no_reverse_match() -> None:
    urlconf = [path("r/<conv_test_abc:word>/", view, name="word")]
    with pytest.raises(NoReverseMatch, match="word"):
        reverse("word", urlconf=urlconf, kwargs={"word": "BAD"})


def test_to_python_runs_only_for_the_route_whose_whole_path_matched() -> None:
    resolver = resolver_for(
        [
            path("<conv_test_abc:a>/first/", view),
            path("<str:b>/second/", other),
        ]
    )
    match = resolver.resolve("/abc/second/")
    assert match.func is other
    assert match.kwargs == {"b": "abc"}
    # The first route's converter matched "abc" but its route did not match.
    assert CALLS == []


def test_to_python_runs_in_route_order_across_overlapping_patterns() -> None:
    resolver = resolver_for(
        [
            path("<conv_test_abc:a>/end/", view),
            path("abc/<conv_test_abc:b>/", other),
        ]
    )
    match = resolver.resolve("/abc/end/")
    assert match.func is view
    assert match.kwargs == {"a": "ABC"}
    # Django tries route 0 first and it wins: route 1's converter never runs.
    assert CALLS == [("to_python", "abc")]


def test_value_error_in_to_python_tries_the_next_pattern() -> None:
    resolver = resolver_for(
        [
            path("n/<conv_test_even:x>/", view),
            path("n/<int:x>/", other),
        ]
    )
    assert resolver.resolve("/n/4/").func is view
    assert resolver.resolve("/n/4/").kwargs == {"x": 4}
    CALLS.clear()
    match = resolver.resolve("/n/3/")
    assert match.func is other
    assert match.kwargs == {"x": 3}
    assert CALLS == [("even", "3")]


def test_value_error_falls_through_to_a_later_static_route() -> None:
    resolver = resolver_for(
        [
            path("<conv_test_abc:a>/", view),
            path("bad/", other),
            path("<str:s>/", third),
        ]
    )
    # "bad" matches the converter's regex, to_python refuses it: the static
    # route after it wins, as in Django's linear walk.
    assert resolver.resolve("/bad/").func is other
    assert CALLS == [("to_python", "bad")]
    assert resolver.resolve("/abc/").kwargs == {"a": "ABC"}


def test_value_error_resumes_in_order_with_overlapping_and_regex_routes() -> None:
    resolver = resolver_for(
        [
            path("<conv_test_abc:a>/<conv_test_abc:b>/", view),
            re_path(r"^(?P<a>[a-z]+)/bad/$", other),
            path("abc/<conv_test_abc:c>/", third),
        ]
    )
    match = resolver.resolve("/abc/bad/")
    # Route 0 matched its regexes but refused "bad"; route 1 (a regex, tried
    # with its own pattern) is next and wins; route 2 is never converted.
    assert match.func is other
    assert match.kwargs == {"a": "abc"}
    assert CALLS == [("to_python", "abc"), ("to_python", "bad")]
    CALLS.clear()
    with pytest.raises(Resolver404):
        resolver.resolve("/bad/xyz/")
    assert CALLS == [("to_python", "bad")]


def test_all_routes_refusing_is_404() -> None:
    resolver = resolver_for([path("n/<conv_test_even:x>/", view)])
    with pytest.raises(Resolver404):
        resolver.resolve("/n/7/")
    assert CALLS == [("even", "7")]


@pytest.mark.parametrize("regex", ["[0-9]+", "[^/]+", "[-a-zA-Z0-9_]+"])
@given(segment=st.text(alphabet=st.characters(blacklist_characters="/"), max_size=12))
def test_segment_check_agrees_with_the_converter_regex(regex: str, segment: str) -> None:
    # The router tests one segment (no slash) at a time; for int and str it uses
    # string methods instead of the regex, and must answer exactly as the regex.
    expected = re.fullmatch(regex, segment) is not None
    assert bool(segment_check(regex)(segment)) is expected


@pytest.mark.parametrize("segment", ["0", "123", "", "١٢٣", "²", "12a", " 1", "1\n", "0x1"])
def test_int_segment_check_takes_only_ascii_digits(segment: str) -> None:
    expected = re.fullmatch("[0-9]+", segment) is not None
    assert bool(segment_check("[0-9]+")(segment)) is expected
    resolver = resolver_for([path("n/<int:x>/", view)])
    if expected:
        assert resolver.resolve(f"/n/{segment}/").kwargs == {"x": int(segment)}
    else:
        with pytest.raises(Resolver404):
            resolver.resolve(f"/n/{segment}/")

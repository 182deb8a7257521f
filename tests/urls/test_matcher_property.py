"""The compiled matcher against Django's linear walk (the reference), on random URLconfs.

For any set of routes and any path, both must pick the same route with the same
arguments, or both must 404. This is what guarantees first-match-wins across
overlapping ``path()``, ``re_path()`` and ``include()`` patterns.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from scallion.urls import (
    Resolver404,
    URLResolver,
    _matcher,
    include,
    path,
    re_path,
    register_converter,
)
from scallion.urls.patterns import RegexPattern

EVEN_CALLS: list[str] = []


class EvenConverter:
    """Impure-looking converter: refuses odd numbers with ValueError (try the next route)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        EVEN_CALLS.append(value)
        number = int(value)
        if number % 2:
            raise ValueError("odd")
        return number

    def to_url(self, value: Any) -> str:
        return str(value)


class LooseConverter:
    """A converter whose regex may match '/', so its routes cannot go in the tree."""

    regex = "[a-z/]+?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: Any) -> str:
        return str(value)


register_converter(EvenConverter, "prop_even")
register_converter(LooseConverter, "prop_loose")

LITERALS = ["a", "b", "12", "x-y", ""]
CONVERTERS = ["<int:{}>", "<str:{}>", "<slug:{}>", "<prop_even:{}>", "<path:{}>", "<{}>"]
REGEXES = [
    r"^a/(?P<n>[0-9]+)/$",
    r"^(\d+)/",
    r"b",
    r"^12/$",
    r"^a/",
    r"^(?P<w>[a-z]+)-(?P<v>[a-z]+)/$",
    r"^x-y\Z",
]
SEGMENT_VALUES = ["a", "b", "12", "13", "x-y", "", "a/b", "zz", "4"]


def _view(index: int) -> Any:
    def view(request: Any, *args: Any, **kwargs: Any) -> None:
        return None

    view.__name__ = f"view{index}"
    return view


@st.composite
def route_strings(draw: st.DrawFn, prefix: bool) -> str:
    count = draw(st.integers(min_value=0, max_value=3))
    pieces = []
    for i in range(count):
        if draw(st.booleans()):
            pieces.append(draw(st.sampled_from(LITERALS)))
        else:
            pieces.append(draw(st.sampled_from(CONVERTERS)).format(f"p{i}"))
    if draw(st.integers(0, 9)) == 0:
        pieces.append(f"{draw(st.sampled_from(['a', 'b']))}<int:m{count}>")
    if draw(st.integers(0, 12)) == 0:
        pieces.append(f"<prop_loose:q{count}>")
    route = "/".join(pieces)
    if prefix or draw(st.booleans()):
        route += "/"
    return route.lstrip("/") if draw(st.booleans()) else route


@st.composite
def urlconfs(draw: st.DrawFn, depth: int = 0) -> list[Any]:
    counter = draw(st.shared(st.just([0]), key="counter"))
    patterns: list[Any] = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.integers(0, 9))
        kwargs = {"d": counter[0]} if draw(st.integers(0, 6)) == 0 else None
        if kind <= 5:
            counter[0] += 1
            patterns.append(path(draw(route_strings(False)), _view(counter[0]), kwargs))
        elif kind <= 7:
            counter[0] += 1
            patterns.append(re_path(draw(st.sampled_from(REGEXES)), _view(counter[0]), kwargs))
        elif depth < 2:
            children = draw(urlconfs(depth + 1))
            if draw(st.booleans()):
                prefix = draw(route_strings(True))
                patterns.append(path(prefix, include(children), kwargs))
            else:
                regex = draw(st.sampled_from([r"^a/", r"^(?P<g>[0-9]+)/", r"^", r"b/"]))
                patterns.append(re_path(regex, include(children), kwargs))
    return patterns


@st.composite
def paths(draw: st.DrawFn) -> str:
    segments = draw(st.lists(st.sampled_from(SEGMENT_VALUES), min_size=0, max_size=5))
    text = "/".join(segments)
    if draw(st.booleans()):
        text += "/"
    return "/" + text if draw(st.integers(0, 15)) else text


def outcome(resolve: Any, target: str) -> Any:
    try:
        match = resolve(target)
    except Resolver404:
        return "404"
    return (
        match.func,
        match.args,
        match.kwargs,
        match.route,
        match.url_name,
        match.namespaces,
        match.captured_kwargs,
        match.extra_kwargs,
    )


@settings(max_examples=400, deadline=None)
@given(urlconfs(), st.lists(paths(), min_size=1, max_size=12), st.sampled_from([0, 1, 4]))
def test_compiled_matcher_equals_linear_reference(
    patterns: list[Any], targets: list[str], max_shapes: int
) -> None:
    """With the shape index for few shapes (the default limit, 4), for at most one,
    or never (0: every tree route found by walking the segment tree)."""
    with mock.patch.object(_matcher, "_MAX_SHAPES", max_shapes):
        resolver = URLResolver(RegexPattern(r"^/"), patterns)
        matcher = resolver.compile()
    if max_shapes == 0:
        assert not matcher.shapes
    for target in targets:
        expected = outcome(resolver._resolve_linear, target)
        assert outcome(resolver.resolve, target) == expected, target


@settings(max_examples=150, deadline=None)
@given(urlconfs(), paths(), paths())
def test_adding_an_unrelated_route_never_changes_the_winner(
    patterns: list[Any], target: str, other: str
) -> None:
    """A route that does not match ``target`` cannot change what ``target`` resolves to."""
    before = URLResolver(RegexPattern(r"^/"), patterns)
    extra = path(other.lstrip("/"), _view(-1))
    after = URLResolver(RegexPattern(r"^/"), [extra, *patterns])
    if extra.resolve(target.removeprefix("/")) is None or not target.startswith("/"):
        assert outcome(before.resolve, target) == outcome(after.resolve, target)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(route_strings(False), min_size=1, max_size=8),
    st.lists(paths(), min_size=1, max_size=8),
    st.sampled_from([0, 4]),
)
def test_to_python_is_called_like_the_linear_reference(
    routes: list[str], targets: list[str], max_shapes: int
) -> None:
    """Same calls of a registered converter's to_python, in the same order (no include())."""
    resolver = URLResolver(RegexPattern(r"^/"), [path(r, _view(i)) for i, r in enumerate(routes)])
    with mock.patch.object(_matcher, "_MAX_SHAPES", max_shapes):
        resolver.compile()
    for target in targets:
        EVEN_CALLS.clear()
        expected = outcome(resolver._resolve_linear, target)
        expected_calls = list(EVEN_CALLS)
        EVEN_CALLS.clear()
        assert outcome(resolver.resolve, target) == expected, target
        assert EVEN_CALLS == expected_calls, target

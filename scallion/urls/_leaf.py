"""One view route flattened for the compiled matcher: its patterns, and what they allow.

``URLResolver.compile`` walks the URLconf in Django's resolution order and makes
one ``Leaf`` per view route, numbered by that order (its ``index``: lower wins).
A leaf holds the chain of patterns that lead to it (every ``include()`` prefix,
then the view route) and decides, once, how the matcher may find it:

* ``segments``: the route as whole path segments, each a string or a converter
  that fills the segment and cannot match ``/``; None when the route is
  *opaque* (a real regex, ``<path:…>``, ``<int:a>-<int:b>``, a converter that may
  match ``/``), and only its own patterns can tell whether it matches.
* ``literal_prefix``: the text every matching path starts with, which the
  opaque routes are grouped and pre-checked by.
* ``pure``: whether every converter is a built-in one, whose ``to_python`` may
  run at build time (to memoize a static path).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from scallion.urls._regex import anchored_literal, can_match_slash
from scallion.urls.converters import PURE_CONVERTERS, IntConverter
from scallion.urls.patterns import Pattern, RegexPattern, RoutePattern, join_route
from scallion.urls.resolver_match import ResolverMatch, RouteInfo


class Leaf:
    """One view route, flattened, with what the matcher needs precomputed."""

    __slots__ = (
        "converters",
        "defaults",
        "first_to_python",
        "index",
        "info",
        "literal_prefix",
        "parts",
        "pure",
        "segments",
    )

    def __init__(
        self,
        index: int,
        parts: tuple[Pattern, ...],
        defaults: tuple[dict[str, Any], ...],
        func: Callable[..., Any],
        app_names: Sequence[str | None],
        namespaces: Sequence[str | None],
    ) -> None:
        """``parts`` and ``defaults``: per include, outermost first, then the view route."""
        self.index = index
        self.parts = parts
        self.defaults = defaults
        self.segments = _segments(parts)
        # The converters of a tree leaf's dynamic segments, left to right.
        self.converters: tuple[Any, ...] = tuple(
            s for s in self.segments or () if not isinstance(s, str)
        )
        # The first converter's to_python; for the built-in int converter, int
        # itself (the same result, without a Python frame). PERF: param.
        first = self.converters[0] if self.converters else None
        self.first_to_python: Callable[[str], Any] | None = (
            None if first is None else int if type(first) is IntConverter else first.to_python
        )
        # Captured parameter names in order, and per level (include) how many
        # values it captured and which default kwargs it adds.
        names: list[str] = []
        levels: list[tuple[int, dict[str, Any]]] = []
        for part, part_defaults in zip(parts, defaults, strict=True):
            part_names = list(part.converters) if isinstance(part, RoutePattern) else []
            names.extend(part_names)
            levels.append((len(part_names), part_defaults))
        self.pure = all(
            id(conv) in PURE_CONVERTERS
            for part in parts
            if isinstance(part, RoutePattern)
            for conv in part.converters.values()
        )
        self.literal_prefix = _literal_prefix(parts)
        extra: dict[str, Any] = {}
        for part_defaults in defaults:
            extra.update(part_defaults)
        route = ""
        for part in reversed(parts[1:]):
            route = join_route(str(part), route) if route else str(part)
        self.info = RouteInfo(
            func,
            parts[-1].name,
            app_names,
            namespaces,
            route,
            extra,
            names=tuple(names),
            levels=tuple(levels),
        )

    def convert(self, raw: tuple[str, ...]) -> tuple[Any, ...]:
        """The segment texts through the converters' ``to_python`` (ValueError: no match)."""
        return tuple([c.to_python(v) for c, v in zip(self.converters, raw, strict=True)])

    def match_path(self, path: str, resolver: Any) -> ResolverMatch | None:
        """Match by running each pattern of the chain in turn (opaque leaves)."""
        captures: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        rest = path
        for part in self.parts[:-1]:
            found = part.match(rest)
            if found is None:
                return None
            rest, args, kwargs = found
            captures.append((args, kwargs))
        found = self.parts[-1].match(rest)
        if found is None:
            return None
        _rest, args, leaf_captured = found
        kwargs = {**leaf_captured, **self.defaults[-1]}
        for (own_args, own_kwargs), own_defaults in zip(
            reversed(captures), reversed(self.defaults[:-1]), strict=True
        ):
            merged = {**own_kwargs, **own_defaults}
            merged.update(kwargs)
            if not merged:
                args = own_args + args
            kwargs = merged
        return ResolverMatch.for_route(self.info, leaf_captured, path, resolver, args, kwargs)


def _part_literal(part: Pattern, is_last: bool) -> str | None:
    """The literal a regex part stands for, if it is a plain anchored literal."""
    if not isinstance(part, RegexPattern):
        return None
    literal = anchored_literal(part._regex)
    if literal is None:
        return None
    if is_last:
        return literal.text if literal.tail in ("end", "end_string") else None
    return literal.text if literal.tail == "" else None


def _segments(parts: tuple[Pattern, ...]) -> tuple[Any, ...] | None:
    """The route as whole segments (strings or converters), or None if opaque."""
    tokens: list[Any] = []
    last = len(parts) - 1
    for position, part in enumerate(parts):
        if isinstance(part, RoutePattern):
            part_tokens = part.tokens
            for j, token in enumerate(part_tokens):
                if isinstance(token, str):
                    continue
                if can_match_slash(token[1].regex):
                    return None
                # Inside an include prefix, a converter must be closed by "/" in the
                # same pattern, or its greedy match could stop inside the segment.
                if position != last:
                    following = part_tokens[j + 1] if j + 1 < len(part_tokens) else None
                    if not (isinstance(following, str) and following.startswith("/")):
                        return None
            tokens.extend(t if isinstance(t, str) else t[1] for t in part_tokens)
        else:
            text = _part_literal(part, position == last)
            if text is None:
                return None
            tokens.append(text)
    segments: list[Any] = []
    current: list[Any] = []
    for token in tokens:
        if isinstance(token, str):
            pieces = token.split("/")
            current.append(pieces[0])
            for piece in pieces[1:]:
                segments.append(current)
                current = [piece]
        else:
            current.append(token)
    segments.append(current)
    result: list[Any] = []
    for segment in segments:
        kept = [t for t in segment if t != ""]
        if all(isinstance(t, str) for t in kept):
            result.append("".join(kept))
        elif len(kept) == 1:
            result.append(kept[0])
        else:
            return None
    return tuple(result)


def _literal_prefix(parts: tuple[Pattern, ...]) -> str:
    """Text every matching path starts with (possibly empty)."""
    prefix: list[str] = []
    for part in parts:
        if isinstance(part, RoutePattern):
            for token in part.tokens:
                if not isinstance(token, str):
                    return "".join(prefix)
                prefix.append(token)
        else:
            literal = anchored_literal(part._regex)
            if literal is None:
                return "".join(prefix)
            prefix.append(literal.text)
            if literal.tail != "":
                return "".join(prefix)
    return "".join(prefix)

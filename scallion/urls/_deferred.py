"""An ``include()`` that cycles, kept for the compiled matcher as one opaque route.

A URLconf that includes itself (directly or through others) has no end to
flatten, so ``URLResolver.iter_leaves`` yields the repeated include as it is,
at its place in route order, and the matcher keeps it as a ``DeferredInclude``:
a path that reaches it is matched through the includes above it, and the rest
is resolved by Django's linear walk of the included URLconf, whose work is
bounded by the path's length.
"""

from __future__ import annotations

from typing import Any

from scallion.urls._leaf import _literal_prefix
from scallion.urls.exceptions import Resolver404
from scallion.urls.patterns import join_route
from scallion.urls.resolver_match import ResolverMatch


class DeferredInclude:
    """The repeated include below ``resolvers``, matched through them, then linearly."""

    __slots__ = ("include", "index", "literal_prefix", "parts", "pure", "resolvers", "segments")

    def __init__(self, index: int, resolvers: tuple[Any, ...], include: Any) -> None:
        """``resolvers``: the ``URLResolver`` chain above ``include``, the repeated one."""
        self.index = index
        self.resolvers = resolvers
        self.include = include
        self.parts: tuple[Any, ...] = tuple(r.pattern for r in resolvers)
        self.segments = None  # always tried by running its patterns (opaque)
        self.pure = False  # never memoized
        self.literal_prefix = _literal_prefix((*self.parts, include.pattern))

    def match_path(self, path: str, resolver: Any) -> ResolverMatch | None:
        captures: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        rest = path
        for part in self.parts:
            found = part.match(rest)
            if found is None:
                return None
            rest, args, kwargs = found
            captures.append((args, kwargs))
        try:
            match: ResolverMatch = self.include._resolve_linear(rest)
        except Resolver404:
            return None
        # Wrap the inner match level by level, outwards, as the linear walk does.
        below: Any = self.include
        for level, (own_args, own_kwargs) in zip(
            reversed(self.resolvers), reversed(captures), strict=True
        ):
            merged = {**own_kwargs, **level.default_kwargs}
            merged.update(match.kwargs)
            match = ResolverMatch(
                match.func,
                match.args if merged else own_args + match.args,
                merged,
                match.url_name,
                [level.app_name, *match.app_names],
                [level.namespace, *match.namespaces],
                join_route(str(below.pattern), match.route or ""),
                captured_kwargs=match.captured_kwargs,
                extra_kwargs={**level.default_kwargs, **(match.extra_kwargs or {})},
            )
            below = level
        return match

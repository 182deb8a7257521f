"""The compiled matcher: resolving without walking the URLconf.

At build time every view route below a resolver is flattened, in Django's
resolution order, into a ``Leaf`` with an index (its priority: lower wins).

* A route made only of ``path()`` pieces (or ``re_path()`` pieces that are plain
  anchored literals) whose converters each fill a whole path segment and cannot
  match ``/`` goes into a **segment tree**, one per segment count: static
  segments are dict look-ups, converter segments a regex per distinct converter.
* Any other route (a real regex, ``<path:…>``, ``<int:a>-<int:b>``, a converter
  that may match ``/``) is **opaque**: tried with its own patterns, in order,
  among those sharing its first literal segment.
* Each fully static path (the common ``about/``) is resolved once at build time
  and memoized, so resolving it later is one dict look-up.
* Where the tree routes of one segment count fall into few **shapes** (which
  segments are static, which are converters: ``/r{i}/<int:id>/item`` is one
  shape however many routes have it), a path is looked up per shape by its
  static segments in one dict, and only that key's routes have their converter
  regexes run; the tree is walked only for counts with many shapes.

First match wins exactly as in Django's linear walk: the tree search returns the
lowest-index leaf whose segments all match (sub-trees whose lowest index cannot
beat the best so far are skipped), and opaque leaves are only tried if they come
before it. Adding a route therefore never changes which route wins for another
path unless the new route itself matches that path earlier.

Converters' ``to_python`` run as in Django: only for a route whose whole path
matched, in route order, and a ``ValueError`` there means "try the next route"
(the search resumes after that leaf). The walk itself only runs the converters'
regexes. One difference: Django converts an ``include()`` prefix's parameters
as soon as the prefix matches, even if no route inside it does; here they are
converted with the rest of a route, once that route matched.

Assumption, documented in docs/urls.md: a converter's ``to_python`` depends
only on its input. Registered converters may call out (a database, say), so they
are never called at build time; a static path that a registered converter could
capture is not memoized.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls._regex import anchored_literal, can_match_slash
from scallion.urls.converters import PURE_CONVERTERS
from scallion.urls.patterns import RegexPattern, RoutePattern, compile_converter_regex
from scallion.urls.resolver_match import ResolverMatch, RouteInfo

if TYPE_CHECKING:
    from scallion.urls.resolvers import URLPattern, URLResolver

_new_match = ResolverMatch.__new__
_NO_MATCH = 1 << 62


class Leaf:
    """One view route, flattened, with what the hot path needs precomputed."""

    __slots__ = (
        "captured_start",
        "converters",
        "func",
        "index",
        "info",
        "levels",
        "literal_prefix",
        "names",
        "parts",
        "pattern",
        "pure",
        "resolvers",
        "segments",
        "simple",
    )

    def __init__(self, index: int, resolvers: tuple[URLResolver, ...], pattern: URLPattern) -> None:
        self.index = index
        self.resolvers = resolvers
        self.pattern = pattern
        self.func = pattern.callback
        self.parts: tuple[Any, ...] = (*(r.pattern for r in resolvers), pattern.pattern)
        self.segments = _segments(self.parts)
        # The converters of a tree leaf's dynamic segments, left to right.
        self.converters: tuple[Any, ...] = tuple(
            s for s in self.segments or () if not isinstance(s, str)
        )
        # Captured parameter names in order, and per level (include) how many
        # values it captured and which default kwargs it adds.
        names: list[str] = []
        levels: list[tuple[int, dict[str, Any]]] = []
        defaults_chain = [*(r.default_kwargs for r in resolvers), pattern.default_args]
        for part, defaults in zip(self.parts, defaults_chain, strict=True):
            part_names = list(part.converters) if isinstance(part, RoutePattern) else []
            names.extend(part_names)
            levels.append((len(part_names), defaults))
        self.names = tuple(names)
        self.levels = tuple(levels)
        self.simple = not any(defaults for _count, defaults in levels)
        leaf_count = levels[-1][0]
        self.captured_start = len(names) - leaf_count
        self.pure = all(
            id(conv) in PURE_CONVERTERS
            for part in self.parts
            if isinstance(part, RoutePattern)
            for conv in part.converters.values()
        )
        self.literal_prefix = _literal_prefix(self.parts)
        extra: dict[str, Any] = {}
        for _count, defaults in levels:
            extra.update(defaults)
        route = ""
        from scallion.urls.resolvers import join_route

        for part in reversed(self.parts[1:]):
            route = join_route(str(part), route) if route else str(part)
        self.info = RouteInfo(
            self.func,
            pattern.pattern.name,
            [r.app_name for r in resolvers],
            [r.namespace for r in resolvers],
            route,
            extra,
            captured_names=self.names[self.captured_start :],
            captured_start=self.captured_start,
        )

    # Building matches -------------------------------------------------------------

    def kwargs_for(self, values: tuple[Any, ...]) -> dict[str, Any]:
        """Django's merge: deeper levels win, each level's defaults beat its captures."""
        kwargs: dict[str, Any] = {}
        names = self.names
        position = 0
        for count, defaults in self.levels:
            for offset in range(position, position + count):
                kwargs[names[offset]] = values[offset]
            position += count
            kwargs.update(defaults)
        return kwargs

    def convert(self, raw: tuple[str, ...]) -> tuple[Any, ...]:
        """The segment texts through the converters' ``to_python`` (ValueError: no match)."""
        return tuple([c.to_python(v) for c, v in zip(self.converters, raw, strict=True)])

    def match_values(self, values: tuple[Any, ...], path: str, resolver: Any) -> ResolverMatch:
        """The match for converted segment values (segment-tree leaves)."""
        match = _new_match(ResolverMatch)
        match.func = self.func
        match.args = ()
        # PERF: param, param1000, param10000 (no per-level merge when there are no defaults).
        if self.simple:
            # PERF: hello (a static route captures nothing), param (one value).
            names = self.names
            if not names:
                match.kwargs = {}
            elif len(names) == 1:
                match.kwargs = {names[0]: values[0]}
            else:
                match.kwargs = dict(zip(names, values, strict=True))
        else:
            match.kwargs = self.kwargs_for(values)
        match._info = self.info
        match._captured = values
        match._path = path
        match._resolver = resolver
        return match

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
        kwargs = {**leaf_captured, **self.pattern.default_args}
        for (own_args, own_kwargs), resolver_obj in zip(
            reversed(captures), reversed(self.resolvers), strict=True
        ):
            merged = {**own_kwargs, **resolver_obj.default_kwargs}
            merged.update(kwargs)
            if not merged:
                args = own_args + args
            kwargs = merged
        match = _new_match(ResolverMatch)
        match.func = self.func
        match.args = args
        match.kwargs = kwargs
        match._info = self.info
        match._captured = leaf_captured
        match._path = path
        match._resolver = resolver
        return match


class DeferredInclude:
    """An ``include()`` of a URLconf that is already being included above it: a cycle.

    A URLconf that includes itself (directly or through others) has no end to
    flatten, so the repeated include is kept as one opaque candidate at its
    place in route order. A path that reaches it is matched through the
    includes above, and the rest is resolved by Django's linear walk of the
    included URLconf, whose work is bounded by the path's length.
    """

    __slots__ = ("include", "index", "literal_prefix", "parts", "resolvers", "segments")

    def __init__(
        self, index: int, resolvers: tuple[URLResolver, ...], include: URLResolver
    ) -> None:
        self.index = index
        self.resolvers = resolvers
        self.include = include
        self.parts: tuple[Any, ...] = tuple(r.pattern for r in resolvers)
        self.segments = None  # always tried by running its patterns
        self.literal_prefix = _literal_prefix((*self.parts, include.pattern))

    def match_path(self, path: str, resolver: Any) -> ResolverMatch | None:
        from scallion.urls.exceptions import Resolver404
        from scallion.urls.resolvers import join_route

        captures: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        rest = path
        for part in self.parts:
            found = part.match(rest)
            if found is None:
                return None
            rest, args, kwargs = found
            captures.append((args, kwargs))
        try:
            match = self.include._resolve_linear(rest)
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


class _Node:
    __slots__ = ("dynamic", "leaves", "min_index", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        # (converter, its compiled regex's fullmatch, child), in insertion order.
        self.dynamic: list[tuple[Any, Any, _Node]] = []
        self.leaves: list[int] = []
        self.min_index = _NO_MATCH


# Above this many shapes for one segment count, the tree is walked instead.
_MAX_SHAPES = 4


class _Shape:
    """The tree routes of one segment count whose converters sit at the same positions.

    ``key`` picks a path's static segments (a C-level ``itemgetter``); the routes
    with those static segments are listed in index order, each with the regex
    ``fullmatch`` of its converter at each dynamic position (for a shape with one
    converter, the bare ``fullmatch``, and ``position`` says where it is).
    """

    __slots__ = ("dynamic", "key", "position", "routes")

    def __init__(self, count: int, dynamic: tuple[int, ...], leaves: list[Leaf]) -> None:
        self.dynamic = dynamic
        self.position = dynamic[0] if len(dynamic) == 1 else -1
        static = [i for i in range(count) if i not in dynamic]
        if not static:
            self.key: Any = _no_static_segments
        else:
            self.key = operator.itemgetter(*static)
        self.routes: dict[Any, list[tuple[int, Any]]] = {}
        for leaf in leaves:  # already in index order
            segments = leaf.segments
            assert segments is not None
            checks = tuple(_fullmatch(segments[i].regex) for i in dynamic)
            check = checks[0] if self.position >= 0 else checks
            self.routes.setdefault(self.key(segments), []).append((leaf.index, check))

    def find(self, segments: list[str], floor: int) -> tuple[int, tuple[str, ...]] | None:
        routes = self.routes.get(self.key(segments))
        if routes is None:
            return None
        position = self.position
        if position >= 0:
            # PERF: param (one converter: one regex per candidate, no loop over checks).
            value = segments[position]
            for index, fullmatch in routes:
                if index > floor and fullmatch(value) is not None:
                    return index, (value,)
            return None
        values = tuple(segments[i] for i in self.dynamic)
        for index, checks in routes:
            if index > floor and all(
                check(value) is not None for check, value in zip(checks, values, strict=True)
            ):
                return index, values
        return None


def _no_static_segments(_segments: Any) -> tuple[()]:
    return ()


def _fullmatch(regex: str) -> Any:
    """One compiled ``fullmatch`` per distinct converter regex (the pattern module's cache)."""
    return compile_converter_regex(regex).fullmatch


class CompiledMatcher:
    """All routes below one resolver, compiled for lookups that do not scan."""

    def __init__(self, resolver: URLResolver) -> None:
        self.resolver = resolver
        self.leaves: list[Any] = []  # Leaf, or DeferredInclude where an include cycles
        for index, (chain, pattern) in enumerate(resolver.iter_leaves()):
            self.leaves.append(_build_leaf(index, chain, pattern))
        self.trees: dict[int, _Node] = {}
        opaque: list[Leaf] = []
        for leaf in self.leaves:
            if leaf.segments is None:
                opaque.append(leaf)
            else:
                self._insert(leaf)
        self.has_opaque = bool(opaque)
        self.shapes: dict[int, list[_Shape]] = {}
        self._index_shapes()
        # Opaque leaves grouped by their first literal segment (when known);
        # each group also holds, in order, the leaves that could match any path.
        anywhere = [leaf for leaf in opaque if _first_segment(leaf.literal_prefix) is None]
        groups: dict[str, list[Leaf]] = {}
        for leaf in opaque:
            key = _first_segment(leaf.literal_prefix)
            if key is not None:
                groups.setdefault(key, []).append(leaf)
        self.opaque_anywhere = anywhere
        self.opaque_groups = {
            key: sorted(members + anywhere, key=lambda leaf: leaf.index)
            for key, members in groups.items()
        }
        # Fully static paths -> (winning leaf, its values), decided at build time.
        self.static: dict[str, tuple[Leaf, tuple[Any, ...]]] = {}
        self._memoize_static_paths()

    # Building ---------------------------------------------------------------------

    def _insert(self, leaf: Leaf) -> None:
        segments = leaf.segments
        assert segments is not None
        node = self.trees.setdefault(len(segments), _Node())
        node.min_index = min(node.min_index, leaf.index)
        for segment in segments:
            if isinstance(segment, str):
                child = node.static.get(segment)
                if child is None:
                    child = node.static[segment] = _Node()
            else:
                converter = segment
                for conv, _check, existing in node.dynamic:
                    if conv is converter:
                        child = existing
                        break
                else:
                    child = _Node()
                    fullmatch = _fullmatch(converter.regex)
                    node.dynamic.append((converter, fullmatch, child))
            child.min_index = min(child.min_index, leaf.index)
            node = child
        node.leaves.append(leaf.index)

    def _index_shapes(self) -> None:
        by_count: dict[int, dict[tuple[int, ...], list[Leaf]]] = {}
        for leaf in self.leaves:
            segments = leaf.segments
            if segments is None:
                continue
            dynamic = tuple(i for i, seg in enumerate(segments) if not isinstance(seg, str))
            by_count.setdefault(len(segments), {}).setdefault(dynamic, []).append(leaf)
        for count, shapes in by_count.items():
            if len(shapes) <= _MAX_SHAPES:
                self.shapes[count] = [
                    _Shape(count, dynamic, leaves) for dynamic, leaves in shapes.items()
                ]

    def _find(
        self, segments: list[str], count: int, floor: int
    ) -> tuple[int, tuple[str, ...]] | None:
        """The lowest-index tree leaf above ``floor`` whose segments match, and its raw
        converter values: by shape where the count has few, else by walking the tree."""
        shapes = self.shapes.get(count)
        if shapes is not None and len(shapes) == 1:
            return shapes[0].find(segments, floor)
        if shapes is None:
            tree = self.trees.get(count)
            return None if tree is None else _walk(tree, segments, 0, count, _NO_MATCH, floor)
        best = None
        for shape in shapes:
            found = shape.find(segments, floor)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return best

    def _memoize_static_paths(self) -> None:
        for leaf in self.leaves:
            segments = leaf.segments
            if segments is None or not all(isinstance(s, str) for s in segments):
                continue
            path = "/".join(segments)
            if path in self.static:
                continue
            probe: list[Any] = []
            found = self._search(path, probe)
            if found is not None and not probe:
                self.static[path] = found

    # Matching ---------------------------------------------------------------------

    def resolve(self, path: str) -> ResolverMatch | None:
        hit = self.static.get(path)
        if hit is not None:
            # PERF: static (a fully static path is one dict look-up).
            return hit[0].match_values(hit[1], path, self.resolver)
        return self.resolve_dynamic(path)

    def resolve_dynamic(self, path: str) -> ResolverMatch | None:
        """``resolve`` for a path known not to be one of the static ones."""
        found = self._search(path, None)
        if found is None:
            return None
        leaf, values = found
        if leaf.segments is None:
            match: ResolverMatch = values  # an opaque leaf's match
            return match
        return leaf.match_values(values, path, self.resolver)

    def _search(self, path: str, probe: list[Any] | None) -> tuple[Leaf, Any] | None:
        """The winning leaf and its converted segment values (its match if opaque).

        Candidates are taken in route order: the lowest-index tree leaf whose
        segments match, preceded by the opaque leaves before it. A tree leaf's
        values are converted only once it is the best candidate; a ValueError
        resumes the search after it. ``probe`` (build time only) collects
        converters that are not known to be pure, and opaque leaves that would
        have to be run; a non-empty probe means the answer must not be memoized.
        """
        segments = path.split("/")
        count = len(segments)
        floor = -1
        if not self.has_opaque and probe is None:
            # PERF: param, param10000 (the common case: one look-up, one conversion).
            best = self._find(segments, count, floor)
            if best is None:
                return None
            leaf = self.leaves[best[0]]
            raw = best[1]
            if not raw:
                return leaf, ()
            try:
                if len(raw) == 1:
                    return leaf, (leaf.converters[0].to_python(raw[0]),)
                return leaf, leaf.convert(raw)
            except ValueError:
                floor = leaf.index  # and on, in route order, below
        candidates: list[Leaf] = []
        if self.has_opaque:
            candidates = self.opaque_anywhere
            if count > 1:
                candidates = self.opaque_groups.get(segments[1], candidates)
        position = 0
        while True:
            best = self._find(segments, count, floor)
            bound = best[0] if best is not None else _NO_MATCH
            while position < len(candidates):
                leaf = candidates[position]
                if leaf.index >= bound:
                    break
                position += 1
                if not path.startswith(leaf.literal_prefix):
                    continue
                if probe is not None:
                    probe.append(leaf)
                    return None
                match = leaf.match_path(path, self.resolver)
                if match is not None:
                    return leaf, match
            if best is None:
                return None
            leaf = self.leaves[best[0]]
            raw = best[1]
            if not raw:
                return leaf, raw
            if probe is not None and not leaf.pure:
                probe.append(leaf)
                return None
            try:
                return leaf, leaf.convert(raw)
            except ValueError:
                floor = leaf.index  # Django: this route does not match, try the next


def _walk(
    node: _Node, segments: list[str], i: int, count: int, bound: int, floor: int
) -> tuple[int, tuple[str, ...]] | None:
    """Lowest-index leaf below ``node`` matching ``segments[i:]``, floor < index < bound.

    Only the converters' regexes run here; the values come back as text.
    """
    # PERF: param, param1000, param10000. Where a node offers one way on (only
    # static children, or a single converter child), follow it in a loop; recurse
    # only where two branches could both match.
    values: list[str] = []
    while i < count:
        dynamic = node.dynamic
        segment = segments[i]
        if not dynamic:
            child = node.static.get(segment)
            if child is None or child.min_index >= bound:
                return None
        elif node.static or len(dynamic) > 1:
            found = _branch(node, segments, i, count, bound, floor)
            if found is None:
                return None
            return found[0], (*values, *found[1]) if values else found[1]
        else:
            _converter, fullmatch, child = dynamic[0]
            if child.min_index >= bound or fullmatch(segment) is None:
                return None
            values.append(segment)
        node = child
        i += 1
    for index in node.leaves:
        if index >= bound:
            return None
        if index > floor:
            return index, tuple(values)
    return None


def _branch(
    node: _Node, segments: list[str], i: int, count: int, bound: int, floor: int
) -> tuple[int, tuple[str, ...]] | None:
    """``_walk`` at a node where several children may match: each is tried, in route order."""
    if i == count:
        for index in node.leaves:
            if index >= bound:
                return None
            if index > floor:
                return index, ()
        return None
    segment = segments[i]
    best = None
    child = node.static.get(segment)
    if child is not None and child.min_index < bound:
        best = _walk(child, segments, i + 1, count, bound, floor)
        if best is not None:
            bound = best[0]
    for _converter, fullmatch, child in node.dynamic:
        if child.min_index >= bound or fullmatch(segment) is None:
            continue
        found = _walk(child, segments, i + 1, count, bound, floor)
        if found is not None:
            best = (found[0], (segment, *found[1]))
            bound = found[0]
    return best


def _build_leaf(
    index: int, chain: tuple[URLResolver, ...], pattern: URLPattern | URLResolver
) -> Any:
    from scallion.urls.resolvers import URLResolver

    if isinstance(pattern, URLResolver):
        return DeferredInclude(index, chain, pattern)
    try:
        return Leaf(index, chain, pattern)
    except ImproperlyConfigured:
        raise
    except Exception as err:  # pragma: no cover - a bug in the compiler, named clearly
        raise ImproperlyConfigured(f"Could not compile URL pattern {pattern!r}: {err}") from err


def _first_segment(prefix: str) -> str | None:
    """The first complete path segment of a root-relative literal prefix."""
    if not prefix.startswith("/"):
        return None
    end = prefix.find("/", 1)
    return prefix[1:end] if end != -1 else None


def _part_literal(part: Any, is_last: bool) -> str | None:
    """The literal a regex part stands for, if it is a plain anchored literal."""
    if not isinstance(part, RegexPattern):
        return None
    literal = anchored_literal(part._regex)
    if literal is None:
        return None
    if is_last:
        return literal.text if literal.tail in ("end", "end_string") else None
    return literal.text if literal.tail == "" else None


def _segments(parts: tuple[Any, ...]) -> tuple[Any, ...] | None:
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


def _literal_prefix(parts: tuple[Any, ...]) -> str:
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

"""The compiled matcher: resolving without walking the URLconf.

``URLResolver.compile`` hands it every view route below the resolver, flattened
in Django's resolution order (``_leaf.Leaf``; the index is the priority: lower
wins). It sorts them by mechanism, each in a module of its own:

* routes made of whole segments (static text, or a converter that fills a
  segment and cannot match ``/``) are found by segment count: where a count's
  routes fall into few *shapes*, by one dict look-up per shape on the path's
  static segments (``_shapes``); otherwise by walking a segment tree
  (``_tree``);
* any other route is *opaque* (``_opaque``): tried with its own patterns, only
  if it comes before the answer of the above, among those sharing the path's
  first segment;
* each fully static path (the common ``about/``) is resolved once, here, at
  build time and memoized, so resolving it later is one dict look-up.

First match wins exactly as in Django's linear walk: the segment search
returns the lowest-index route whose segments all match, and opaque routes are
only tried if they come before it. Adding a route therefore never changes which
route wins for another path unless the new route itself matches that path
earlier.

Converters' ``to_python`` run as in Django: only for a route whose whole path
matched, in route order, and a ``ValueError`` there means "try the next route"
(the search resumes after that route). The search itself only runs the
converters' regexes. One difference: Django converts an ``include()`` prefix's
parameters as soon as the prefix matches, even if no route inside it does;
here they are converted with the rest of a route, once that route matched.

Assumption, documented in docs/urls.md: a converter's ``to_python`` depends
only on its input. Registered converters may call out (a database, say), so they
are never called at build time; a static path that a registered converter could
capture is not memoized.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scallion.urls._leaf import Leaf
from scallion.urls._opaque import OpaqueRoutes
from scallion.urls._shapes import Shape, Shapes, group_by_shape
from scallion.urls._tree import NO_MATCH, Found, SegmentTree
from scallion.urls.resolver_match import ResolverMatch, RouteInfo

#: Above this many shapes for one segment count, its routes go into a segment tree.
_MAX_SHAPES = 4

#: ``find(segments, floor)``: the lowest-index route above ``floor`` matching the
#: segments, with the raw text of its converter segments.
Finder = Callable[[list[str], int], Found | None]

_NO_CANDIDATES: list[Leaf] = []

#: ResolverMatch's constructor for compiled routes, looked up once. PERF: param.
_match_for_route = ResolverMatch.for_route


class CompiledMatcher:
    """All routes below one resolver, compiled for look-ups that do not scan."""

    def __init__(self, leaves: list[Leaf], resolver: Any) -> None:
        """``resolver``: the ``URLResolver`` the matches point back to (for ``tried``)."""
        self.resolver = resolver
        self.leaves = leaves
        #: Segment count -> its shapes, for the counts that have few.
        self.shapes: dict[int, list[Shape]] = {}
        self._finders: dict[int, Finder] = {}
        tree_leaves = [leaf for leaf in leaves if leaf.segments is not None]
        for count, shapes in group_by_shape(tree_leaves).items():
            if len(shapes) <= _MAX_SHAPES:
                built = [Shape(count, dynamic, members) for dynamic, members in shapes.items()]
                self.shapes[count] = built
                self._finders[count] = built[0].find if len(built) == 1 else Shapes(built).find
            else:
                members = sorted(
                    (leaf for group in shapes.values() for leaf in group),
                    key=lambda leaf: leaf.index,
                )
                self._finders[count] = SegmentTree(count, members).find
        opaque = [leaf for leaf in leaves if leaf.segments is None]
        self.opaque = OpaqueRoutes(opaque) if opaque else None
        #: Fully static paths -> (the winning route, its converted values), decided now.
        self.static: dict[str, tuple[RouteInfo, tuple[Any, ...]]] = {}
        self._memoize_static_paths()

    def _memoize_static_paths(self) -> None:
        # PERF: hello - a static path costs one dict look-up instead of a search
        # (bench/resolve_scaling.py --icount --series static: 4,800 instructions per
        # resolve, 20,500 searching with --without static).
        for leaf in self.leaves:
            segments = leaf.segments
            if segments is None or not all(isinstance(s, str) for s in segments):
                continue
            path = "/".join(segments)
            if path in self.static:
                continue
            probe: list[Leaf] = []
            found = self._search(path, probe)
            if found is not None and not probe:
                self.static[path] = (found[0].info, found[1])

    def search(self, path: str) -> ResolverMatch | None:
        """The match for a path that is not in ``static``, or None.

        ``URLResolver.resolve`` looks a path up in ``static`` first, then asks here.
        """
        found = self._search(path, None)
        if found is None:
            return None
        leaf, values = found
        if leaf.segments is None:
            match: ResolverMatch = values  # an opaque route's own match
            return match
        return _match_for_route(leaf.info, values, path, self.resolver)

    def _search(self, path: str, probe: list[Leaf] | None) -> tuple[Leaf, Any] | None:
        """The winning route and its converted segment values (its match if opaque).

        Candidates are taken in route order: the lowest-index segment route that
        matches, preceded by the opaque routes before it. A segment route's
        values are converted only once it is the best candidate; a ValueError
        resumes the search after it. ``probe`` (build time only) collects
        converters that are not known to be pure, and opaque routes that would
        have to be run; a non-empty probe means the answer must not be memoized.
        """
        segments = path.split("/")
        find = self._finders.get(len(segments))
        opaque = self.opaque
        candidates = _NO_CANDIDATES if opaque is None else opaque.candidates(segments)
        position = 0
        floor = -1
        while True:
            best = None if find is None else find(segments, floor)
            if candidates:
                bound = NO_MATCH if best is None else best[0]
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
                if len(raw) == 1:  # PERF: param (one converter, called without convert())
                    return leaf, (leaf.first_to_python(raw[0]),)  # type: ignore[misc]
                return leaf, leaf.convert(raw)
            except ValueError:
                floor = leaf.index  # Django: this route does not match, try the next

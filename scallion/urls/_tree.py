"""The segment tree: the routes of one segment count, walked a segment at a time.

Static segments are dict look-ups, converter segments a regex per distinct
converter. Each node knows the lowest route index below it, so a branch that
cannot beat the best match found so far is not entered; the walk therefore
returns the lowest-index route whose segments all match, as Django's linear
walk would, at a cost that follows the path's depth, not the number of routes.

The compiled matcher uses a tree only for a segment count whose routes fall
into many shapes (see ``_shapes``). PERF: ``bench/resolve_scaling.py --icount
--series mixed`` (1,000 routes of six shapes in one segment count): 34,100
instructions per resolve walking the tree, 52,300 looking the path up in each
shape in turn (``--without tree``).
"""

from __future__ import annotations

from typing import Any

from scallion.urls._leaf import Leaf
from scallion.urls.patterns import segment_check

#: Above every route index: "no bound yet", "nothing found".
NO_MATCH = 1 << 62

#: A found route: its index and the raw text of its converter segments.
Found = tuple[int, tuple[str, ...]]


class _Node:
    __slots__ = ("dynamic", "leaves", "min_index", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        # (converter, its segment check, child), in insertion order.
        self.dynamic: list[tuple[Any, Any, _Node]] = []
        self.leaves: list[int] = []
        self.min_index = NO_MATCH


class SegmentTree:
    """The tree routes of one segment count."""

    __slots__ = ("count", "root")

    def __init__(self, count: int, leaves: list[Leaf]) -> None:
        self.count = count
        self.root = _Node()
        for leaf in leaves:
            self._insert(leaf)

    def _insert(self, leaf: Leaf) -> None:
        segments = leaf.segments
        assert segments is not None
        node = self.root
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
                    node.dynamic.append((converter, segment_check(converter.regex), child))
            child.min_index = min(child.min_index, leaf.index)
            node = child
        node.leaves.append(leaf.index)

    def find(self, segments: list[str], floor: int) -> Found | None:
        """The lowest-index route above ``floor`` whose segments all match."""
        return _walk(self.root, segments, 0, self.count, NO_MATCH, floor)


def _walk(
    node: _Node, segments: list[str], i: int, count: int, bound: int, floor: int
) -> Found | None:
    """Lowest-index leaf below ``node`` matching ``segments[i:]``, floor < index < bound.

    Only the converters' regexes run here; the values come back as text.
    """
    # PERF: resolve_scaling "mixed" (see above). Where a node offers one way on (only
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
            _converter, check, child = dynamic[0]
            if child.min_index >= bound or not check(segment):
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
) -> Found | None:
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
    for _converter, check, child in node.dynamic:
        if child.min_index >= bound or not check(segment):
            continue
        found = _walk(child, segments, i + 1, count, bound, floor)
        if found is not None:
            best = (found[0], (segment, *found[1]))
            bound = found[0]
    return best

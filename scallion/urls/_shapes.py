"""The shape index: routes of one segment count found by their static segments.

A route's *shape* is where its converters sit among its segments:
``/r{i}/<int:id>/item`` is one shape however many routes have it. Within one
shape, the static segments of a path pick, in one dict look-up, the few routes
that can match it; only their converters' regexes then run. Across the shapes
of a segment count the lowest route index wins, as in the linear walk.

PERF: param, param1000, param10000 (the last of N routes ``/r{i}/<int:id>/item``:
0.91-0.96x Falcon walking the segment tree, 1.13-1.16x with the index);
``bench/resolve_scaling.py --icount --series param``: 17,400 instructions per
resolve, 20,600 walking the tree (``--without shapes``).
"""

from __future__ import annotations

import operator
from typing import Any

from scallion.urls._leaf import Leaf
from scallion.urls._tree import Found
from scallion.urls.patterns import segment_check


class Shape:
    """The tree routes of one segment count whose converters sit at the same positions.

    ``key`` picks a path's static segments (a C-level ``itemgetter``); the routes
    with those static segments are listed in index order, each with the
    segment check of its converter at each dynamic position (for a shape with one
    converter, the bare check, and ``position`` says where it is).
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
            checks = tuple(segment_check(segments[i].regex) for i in dynamic)
            check = checks[0] if self.position >= 0 else checks
            self.routes.setdefault(self.key(segments), []).append((leaf.index, check))

    def find(self, segments: list[str], floor: int) -> Found | None:
        """The lowest-index route of this shape above ``floor`` that matches."""
        routes = self.routes.get(self.key(segments))
        if routes is None:
            return None
        position = self.position
        if position >= 0:
            # PERF: param (one converter: one regex per candidate, no loop over checks).
            value = segments[position]
            for index, check in routes:
                if index > floor and check(value):
                    return index, (value,)
            return None
        values = tuple(segments[i] for i in self.dynamic)
        for index, checks in routes:
            if index > floor and all(
                check(value) for check, value in zip(checks, values, strict=True)
            ):
                return index, values
        return None


class Shapes:
    """Several shapes of one segment count: the lowest-index match across them."""

    __slots__ = ("shapes",)

    def __init__(self, shapes: list[Shape]) -> None:
        self.shapes = shapes

    def find(self, segments: list[str], floor: int) -> Found | None:
        best = None
        for shape in self.shapes:
            found = shape.find(segments, floor)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return best


def group_by_shape(leaves: list[Leaf]) -> dict[int, dict[tuple[int, ...], list[Leaf]]]:
    """Tree leaves by segment count, then by shape (converter positions), in index order."""
    by_count: dict[int, dict[tuple[int, ...], list[Leaf]]] = {}
    for leaf in leaves:
        segments = leaf.segments
        assert segments is not None
        dynamic = tuple(i for i, seg in enumerate(segments) if not isinstance(seg, str))
        by_count.setdefault(len(segments), {}).setdefault(dynamic, []).append(leaf)
    return by_count


def _no_static_segments(_segments: Any) -> tuple[()]:
    return ()

"""Opaque routes: those only their own patterns can match, grouped by first segment.

A ``re_path()`` regex, ``<path:…>`` or ``<int:a>-<int:b>`` cannot go into the
segment tree; each is tried with its patterns, in route order. Most of them
start with a literal segment (``^articles/``): a path is only tried against the
routes sharing its first segment, plus those that could match anything (no
literal first segment), merged in route order.

PERF: ``bench/resolve_scaling.py --icount --series regex`` (the last of N routes
``^r{i}/(?P<id>[0-9]+)/item$``): 34,900 instructions per resolve for 10 routes as
for 1,000; trying every route in order (``--without groups``), 49,000 for 10 and
1,806,900 for 1,000.
"""

from __future__ import annotations

from scallion.urls._leaf import Leaf


class OpaqueRoutes:
    """The opaque leaves of a matcher, by the first literal segment of their paths."""

    __slots__ = ("anywhere", "groups")

    def __init__(self, leaves: list[Leaf]) -> None:
        #: The leaves whose paths need not start with a known segment, in order.
        self.anywhere = [leaf for leaf in leaves if _first_segment(leaf.literal_prefix) is None]
        groups: dict[str, list[Leaf]] = {}
        for leaf in leaves:
            key = _first_segment(leaf.literal_prefix)
            if key is not None:
                groups.setdefault(key, []).append(leaf)
        #: First segment -> its leaves and the ``anywhere`` ones, in route order.
        self.groups = {
            key: sorted(members + self.anywhere, key=lambda leaf: leaf.index)
            for key, members in groups.items()
        }

    def candidates(self, segments: list[str]) -> list[Leaf]:
        """The opaque leaves that may match a path split into ``segments``, in order."""
        if len(segments) > 1:
            return self.groups.get(segments[1], self.anywhere)
        return self.anywhere


def _first_segment(prefix: str) -> str | None:
    """The first complete path segment of a root-relative literal prefix."""
    if not prefix.startswith("/"):
        return None
    end = prefix.find("/", 1)
    return prefix[1:end] if end != -1 else None

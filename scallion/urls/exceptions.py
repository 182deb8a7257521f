"""The two ways URL handling fails: nothing matches, or nothing can be built."""

from __future__ import annotations

from scallion.http import Http404


class Resolver404(Http404):
    """No URL pattern matches the path.

    ``args[0]`` is a dict with ``"path"`` (what was left to match) and, when the
    root pattern matched, ``"tried"``: the chains of patterns tried, in order,
    which the technical 404 page lists.
    """


class NoReverseMatch(Exception):
    """``reverse()`` found no pattern for the name and arguments given."""

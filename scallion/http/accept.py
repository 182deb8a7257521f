"""Content negotiation: the ``Accept`` header as ranked media ranges (Django 5.2's API).

Parsing is one pass over a bounded prefix of the header: at most
``MAX_ACCEPT_LENGTH`` characters and ``MAX_ACCEPT_ENTRIES`` media ranges are
considered, so a hostile header costs bounded, linear work.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from scallion.utils.http import parse_header_parameters

MAX_ACCEPT_LENGTH = 8192
MAX_ACCEPT_ENTRIES = 100


class MediaType:
    """One media range (``text/html;level=1;q=0.8``) or a media type offered by a view."""

    __slots__ = ("_quality", "main_type", "params", "sub_type")

    def __init__(self, media_type_raw_line: str | bytes) -> None:
        if isinstance(media_type_raw_line, bytes):
            media_type_raw_line = media_type_raw_line.decode("latin-1")
        full_type, self.params = parse_header_parameters(media_type_raw_line or "")
        self.main_type, _, self.sub_type = full_type.partition("/")
        self.main_type = self.main_type.strip()
        self.sub_type = self.sub_type.strip()
        self._quality: float | None = None

    def __str__(self) -> str:
        params = "".join(f"; {k}={v}" for k, v in self.params.items())
        return f"{self.main_type}{'/' + self.sub_type if self.sub_type else ''}{params}"

    def __repr__(self) -> str:
        return f"<{self.__class__.__qualname__}: {self}>"

    @property
    def range_params(self) -> dict[str, str]:
        """The parameters other than the quality weight."""
        return {k: v for k, v in self.params.items() if k != "q"}

    @property
    def quality(self) -> float:
        """The ``q`` weight, 1 when missing or invalid (RFC 9110 12.4.2)."""
        if self._quality is None:
            try:
                quality = float(self.params.get("q", 1))
            except ValueError:
                quality = 1.0
            # NaN, infinities and values outside [0, 1] are invalid: treat as 1.
            if not 0 <= quality <= 1:
                quality = 1.0
            self._quality = round(quality, 3)
        return self._quality

    @property
    def specificity(self) -> int:
        """How narrow the range is: ``*/*`` < ``text/*`` < ``text/html`` < with params."""
        if self.main_type == "*":
            return 0
        if self.sub_type == "*":
            return 1
        if not self.range_params:
            return 2
        return 3

    @property
    def is_all_types(self) -> bool:
        return self.main_type == "*" and self.sub_type == "*"

    def match(self, other: MediaType | str | None) -> bool:
        """True if this range and ``other`` overlap (``*`` on either side matches).

        When only this range carries parameters it still matches a bare type; when
        both carry them they must be identical.
        """
        if not other:
            return False
        if not isinstance(other, MediaType):
            other = _offered_type(other)
        if not (self.main_type and self.sub_type and other.main_type and other.sub_type):
            return False
        for mine, theirs in (
            (self.main_type, other.main_type),
            (self.sub_type, other.sub_type),
        ):
            if mine != theirs and mine != "*" and theirs != "*":
                return False
        mine_params, their_params = self.range_params, other.range_params
        if bool(mine_params) == bool(their_params):
            return mine_params == their_params
        return bool(mine_params)


@lru_cache(maxsize=256)
def _offered_type(media_type: str | bytes) -> MediaType:
    # PERF: accepts()/get_preferred_type() match the same few literals a view
    # offers against every accepted range; parse each literal once.
    return MediaType(media_type)


def parse_accept_header(value: str | bytes) -> list[MediaType]:
    """The media ranges of an Accept header, most preferred first; ``q=0`` ranges dropped.

    Ties in quality go to the more specific range, then to header order.
    """
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    truncated = len(value) > MAX_ACCEPT_LENGTH
    if truncated:
        value = value[:MAX_ACCEPT_LENGTH]
    tokens = value.split(",", MAX_ACCEPT_ENTRIES)
    if truncated or len(tokens) > MAX_ACCEPT_ENTRIES:
        # The last token is cut short or holds the unparsed rest: ignore it.
        tokens = tokens[:-1]
    types = []
    for token in tokens:
        if token.strip():
            media_type = MediaType(token)
            if media_type.main_type and media_type.quality != 0:
                types.append(media_type)
    types.sort(key=lambda t: (t.quality, t.specificity), reverse=True)
    return types


def by_precedence(accepted: list[MediaType]) -> list[MediaType]:
    """``accepted`` with the most specific ranges first (then the preferred ones): the
    order in which a range decides for a type (RFC 9110 12.5.1, as Django 6.1 reads it)."""
    return sorted(accepted, key=lambda t: (t.specificity, t.quality), reverse=True)


def accepted_type(precedence: list[MediaType], media_type: str | bytes) -> MediaType | None:
    """The accepted range that decides for ``media_type``: the most specific one it
    matches (``precedence`` is :func:`by_precedence`'s order), or None."""
    offered = _offered_type(media_type)
    return next((a for a in precedence if offered.match(a)), None)


def preferred_type(
    accepted: list[MediaType], precedence: list[MediaType], media_types: Iterable[str]
) -> str | None:
    """The entry of ``media_types`` the client prefers, or None.

    Each offered type is ranked by the range that decides for it (the most specific
    one it matches) and that range's place in the client's preference order; among
    equals, the order of ``media_types`` decides.
    """
    place = {id(range_): index for index, range_ in enumerate(accepted)}
    best: str | None = None
    best_place = len(accepted)
    for media_type in media_types:
        deciding = accepted_type(precedence, media_type)
        if deciding is not None and place[id(deciding)] < best_place:
            best, best_place = media_type, place[id(deciding)]
    return best


__all__ = [
    "MAX_ACCEPT_ENTRIES",
    "MAX_ACCEPT_LENGTH",
    "MediaType",
    "accepted_type",
    "by_precedence",
    "parse_accept_header",
    "preferred_type",
]

"""``Range`` and ``If-Range`` request headers (RFC 9110 section 14), for FileResponse.

Hostile range sets are answered with the whole representation rather than
served: more than ``MAX_RANGES`` ranges, or ranges that overlap (the classic
amplification where ``bytes=0-,0-,0-...`` makes a server send a file many times
over, or where merging them costs quadratic time). Everything here is linear in
the header's length apart from sorting at most ``MAX_RANGES`` ranges.
"""

from __future__ import annotations

from itertools import pairwise

from scallion.utils.http import parse_http_date_safe

MAX_RANGES = 100
MAX_RANGE_HEADER_LENGTH = 8192
# 2**63 fits 19 digits; longer numbers are nonsense and are not parsed at all.
_MAX_DIGITS = 19


class RangeNotSatisfiable(Exception):
    """No requested range overlaps the representation: answer 416."""


def _parse_int(text: str) -> int | None:
    text = text.strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def parse_range_header(header: str, size: int) -> list[tuple[int, int]] | None:
    """The byte ranges to serve, as ``(first, last)`` inclusive offsets, in request order.

    Returns None when the whole representation should be sent instead (no or an
    unknown range unit, a syntax error, too many or overlapping ranges); raises
    RangeNotSatisfiable when the header is valid but no range falls inside
    ``size`` bytes.
    """
    if len(header) > MAX_RANGE_HEADER_LENGTH or header.count(",") >= MAX_RANGES:
        return None
    unit, sep, spec = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    ranges: list[tuple[int, int]] = []
    seen_valid = False
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue  # RFC 9110 5.6.1: empty list elements are allowed
        first_text, dash, last_text = part.partition("-")
        if not dash:
            return None
        if not first_text.strip():
            suffix = _parse_int(last_text)
            if suffix is None:
                return None
            seen_valid = True
            if suffix > 0 and size > 0:
                ranges.append((max(0, size - suffix), size - 1))
            continue
        first = _parse_int(first_text)
        open_ended = not last_text.strip()
        last = None if open_ended else _parse_int(last_text)
        if first is None or (not open_ended and (last is None or last < first)):
            return None
        seen_valid = True
        if first < size:
            ranges.append((first, size - 1 if last is None else min(last, size - 1)))
    if not ranges:
        if seen_valid:
            raise RangeNotSatisfiable(header)
        return None
    ordered = sorted(ranges)
    for (_, previous_last), (first, _) in pairwise(ordered):
        if first <= previous_last:
            return None
    return ranges


def if_range_passes(if_range: str, etag: str | None, last_modified: str | None) -> bool:
    """True if the ``If-Range`` validator still matches, so the Range may be honoured.

    An entity tag must match the current one by strong comparison; a date must
    equal the current Last-Modified exactly. Anything else means "send it all".
    """
    if_range = if_range.strip()
    if if_range.startswith(('"', "W/")):
        return bool(etag) and not if_range.startswith("W/") and if_range == etag
    if not last_modified:
        return False
    wanted = parse_http_date_safe(if_range)
    return wanted is not None and wanted == parse_http_date_safe(last_modified)


def content_range(first: int, last: int, size: int) -> str:
    return f"bytes {first}-{last}/{size}"


__all__ = [
    "MAX_RANGES",
    "RangeNotSatisfiable",
    "content_range",
    "if_range_passes",
    "parse_range_header",
]

"""How long ago or until a moment, in words: "2 weeks, 3 days"."""

from __future__ import annotations

import datetime
from typing import Any

from scallion.utils.html import avoid_wrapping
from scallion.utils.timezone import is_aware
from scallion.utils.translation import gettext, ngettext_lazy

__all__ = ["TIME_STRINGS", "timesince", "timeuntil"]

#: The unit phrases, largest unit first; replace them with ``time_strings``.
TIME_STRINGS: dict[str, Any] = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}
_UNITS = list(TIME_STRINGS)
# Seconds in each unit below a month (months and years vary in length).
_FIXED_UNITS = (60 * 60 * 24 * 7, 60 * 60 * 24, 60 * 60, 60)
# February counts 28: a pivot date on the 29th-31st falls back to the month's end.
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def timesince(
    d: datetime.date,
    now: datetime.date | None = None,
    reversed: bool = False,
    time_strings: dict[str, Any] | None = None,
    depth: int = 2,
) -> str:
    """The time from ``d`` to ``now`` (default: the current time) in words.

    Years and months are calendar ones: 2013-02-10 to 2014-03-10 is exactly
    "1 year, 1 month". Up to ``depth`` adjacent units are shown, largest
    first, so "2 weeks, 3 days" but never "1 year, 5 days"; seconds are
    ignored, and a ``d`` after ``now`` gives "0 minutes". Dates count as
    midnight; aware datetimes are compared in ``d``'s zone. Spaces inside a
    phrase are non-breaking.
    """
    if time_strings is None:
        time_strings = TIME_STRINGS
    if depth <= 0:
        raise ValueError("depth must be greater than 0.")
    start = d if isinstance(d, datetime.datetime) else datetime.datetime(d.year, d.month, d.day)
    end: datetime.datetime
    if not now:
        end = datetime.datetime.now(start.tzinfo if is_aware(start) else None)
    elif not isinstance(now, datetime.datetime):
        end = datetime.datetime(now.year, now.month, now.day)
    elif is_aware(now) and is_aware(start):
        end = now.astimezone(start.tzinfo)
    else:
        end = now
    if reversed:
        start, end = end, start
    d, now = start, end

    delta = now - d
    if delta.days * 86400 + delta.seconds <= 0:
        return avoid_wrapping(time_strings["minute"] % {"num": 0})

    months_total = (now.year - d.year) * 12 + (now.month - d.month)
    if d.day > now.day or (d.day == now.day and d.time() > now.time()):
        months_total -= 1
    years, months = divmod(months_total, 12)
    if years or months:
        # Step d forward by the whole years and months; the rest is measured
        # from there in units of fixed length.
        year = d.year + years
        month = d.month + months
        if month > 12:
            month -= 12
            year += 1
        pivot = datetime.datetime(
            year,
            month,
            min(_DAYS_IN_MONTH[month - 1], d.day),
            d.hour,
            d.minute,
            d.second,
            tzinfo=d.tzinfo,
        )
    else:
        pivot = d
    remaining = (now - pivot).total_seconds()
    counts = [years, months]
    for seconds in _FIXED_UNITS:
        count = int(remaining // seconds)
        counts.append(count)
        remaining -= seconds * count

    first = next((i for i, count in enumerate(counts) if count), None)
    if first is None:
        return avoid_wrapping(time_strings["minute"] % {"num": 0})
    phrases: list[str] = []
    for unit, count in zip(
        _UNITS[first : first + depth], counts[first : first + depth], strict=True
    ):
        if count == 0:
            break
        phrases.append(avoid_wrapping(time_strings[unit] % {"num": count}))
    return gettext(", ").join(phrases)


def timeuntil(
    d: datetime.date,
    now: datetime.date | None = None,
    time_strings: dict[str, Any] | None = None,
    depth: int = 2,
) -> str:
    """``timesince`` the other way: the time from ``now`` until ``d``."""
    return timesince(d, now, reversed=True, time_strings=time_strings, depth=depth)

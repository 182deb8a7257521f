"""Dates and times formatted with PHP-style format characters, as Django's ``date`` filter.

Each letter of the format stands for one part (``Y`` the four-digit year,
``N`` the Associated Press month, ``P`` the time as "2:30 p.m."); a backslash
makes the next character literal; every other character is copied. The
letters and their meaning are Django's, listed in ``DateFormat``'s and
``TimeFormat``'s methods, one method per letter.

A format string is split into its parts once and the split is cached, so a
template that formats a date in a loop pays for the parsing once.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, tzinfo
from email.utils import format_datetime as _rfc5322
from functools import lru_cache
from typing import Any

from scallion.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP, WEEKDAYS, WEEKDAYS_ABBR
from scallion.utils.functional import cached_property
from scallion.utils.timezone import (
    _datetime_ambiguous_or_imaginary,
    get_default_timezone,
    is_naive,
    make_aware,
)
from scallion.utils.translation import gettext

__all__ = ["DateFormat", "TimeFormat", "format", "time_format"]

_TIME_LETTERS = frozenset("aAefgGhHiOPsTuZ")
_DATE_LETTERS = frozenset("bcdDEFIjlLmMnNorStUwWyYz")
_FORMAT_LETTER = re.compile(r"(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")
_ESCAPED = re.compile(r"\\(.)")


@lru_cache(maxsize=256)
def _split_format(format_string: str) -> tuple[tuple[bool, str], ...]:
    """The format as (is_letter, text) parts, escapes already resolved."""
    parts: list[tuple[bool, str]] = []
    for index, piece in enumerate(_FORMAT_LETTER.split(format_string)):
        if index % 2:
            parts.append((True, piece))
        elif piece:
            parts.append((False, _ESCAPED.sub(r"\1", piece)))
    return tuple(parts)


class Formatter:
    """Formats ``self.data`` by calling the method named by each format letter."""

    data: Any

    def format(self, formatstr: Any) -> str:
        """The value formatted by ``formatstr``."""
        out: list[str] = []
        is_plain_date = type(self.data) is date
        for is_letter, text in _split_format(str(formatstr)):
            if not is_letter:
                out.append(text)
                continue
            if is_plain_date and text in _TIME_LETTERS:
                raise TypeError(
                    "The format for date objects may not contain time-related format "
                    f"specifiers (found '{text}')."
                )
            out.append(str(getattr(self, text)()))
        return "".join(out)


class TimeFormat(Formatter):
    """The time-of-day letters, for ``datetime`` and ``time`` values.

    The zone letters (``e O T Z I``) give "" for a ``time``, a ``date``, and a
    datetime at a wall-clock time its zone skips or repeats; a naive datetime
    is read in the default time zone.
    """

    def __init__(self, obj: Any) -> None:
        self.data = obj

    @cached_property
    def timezone(self) -> tzinfo | None:
        """The zone the zone letters describe, or None.

        Worked out on first use: most formats have no zone letter, and the
        check for a skipped or repeated wall-clock time costs two offset
        look-ups.
        """
        obj = self.data
        if not isinstance(obj, datetime):
            return None
        zone = get_default_timezone() if is_naive(obj) else obj.tzinfo
        assert zone is not None
        if _datetime_ambiguous_or_imaginary(obj, zone):
            return None
        return zone

    def a(self) -> str:
        """'a.m.' or 'p.m.'."""
        return gettext("p.m.") if self.data.hour > 11 else gettext("a.m.")

    def A(self) -> str:
        """'AM' or 'PM'."""
        return gettext("PM") if self.data.hour > 11 else gettext("AM")

    def e(self) -> str:
        """The zone's name as the value's tzinfo gives it ('UTC', 'CET'), or ''."""
        if not self.timezone:
            return ""
        try:
            if getattr(self.data, "tzinfo", None):
                return self.data.tzname() or ""
        except NotImplementedError:
            pass
        return ""

    def f(self) -> Any:
        """12-hour time, minutes left off when zero: '1', '1:30'."""
        hour = self.data.hour % 12 or 12
        minute = self.data.minute
        return f"{hour}:{minute:02d}" if minute else hour

    def g(self) -> int:
        """12-hour hour without a leading zero: '1' to '12'."""
        hour: int = self.data.hour % 12 or 12
        return hour

    def G(self) -> int:
        """24-hour hour without a leading zero: '0' to '23'."""
        hour: int = self.data.hour
        return hour

    def h(self) -> str:
        """12-hour hour, two digits: '01' to '12'."""
        return f"{self.data.hour % 12 or 12:02d}"

    def H(self) -> str:
        """24-hour hour, two digits: '00' to '23'."""
        return f"{self.data.hour:02d}"

    def i(self) -> str:
        """Minutes, two digits."""
        return f"{self.data.minute:02d}"

    def O(self) -> str:  # noqa: E743
        """Offset from UTC as '+0200' or '-0430', or ''."""
        if self.timezone is None:
            return ""
        offset = self.timezone.utcoffset(self.data)
        assert offset is not None
        seconds = offset.days * 86400 + offset.seconds
        sign = "-" if seconds < 0 else "+"
        seconds = abs(seconds)
        return f"{sign}{seconds // 3600:02d}{(seconds // 60) % 60:02d}"

    def P(self) -> str:
        """'1 a.m.', '1:30 p.m.', and 'midnight' and 'noon' at those times."""
        if self.data.minute == 0 and self.data.hour == 0:
            return gettext("midnight")
        if self.data.minute == 0 and self.data.hour == 12:
            return gettext("noon")
        return f"{self.f()} {self.a()}"

    def s(self) -> str:
        """Seconds, two digits."""
        return f"{self.data.second:02d}"

    def T(self) -> str:
        """The zone's abbreviation at that moment ('CEST'), or ''."""
        if self.timezone is None:
            return ""
        return str(self.timezone.tzname(self.data))

    def u(self) -> str:
        """Microseconds, six digits."""
        return f"{self.data.microsecond:06d}"

    def Z(self) -> Any:
        """Offset from UTC in seconds (negative west of UTC), or ''."""
        if self.timezone is None:
            return ""
        offset = self.timezone.utcoffset(self.data)
        assert offset is not None
        return offset.days * 86400 + offset.seconds


class DateFormat(TimeFormat):
    """The date letters, for ``date`` and ``datetime`` values (and the time ones)."""

    def b(self) -> Any:
        """Month, three lower-case letters: 'jan'."""
        return MONTHS_3[self.data.month]

    def c(self) -> str:
        """ISO 8601: '2008-01-02T10:30:00.000123'."""
        text: str = self.data.isoformat()
        return text

    def d(self) -> str:
        """Day of the month, two digits."""
        return f"{self.data.day:02d}"

    def D(self) -> Any:
        """Weekday, three letters: 'Fri'."""
        return WEEKDAYS_ABBR[self.data.weekday()]

    def E(self) -> Any:
        """Month name in the form some languages use inside a date."""
        return MONTHS_ALT[self.data.month]

    def F(self) -> Any:
        """Month name: 'January'."""
        return MONTHS[self.data.month]

    def I(self) -> str:  # noqa: E743
        """'1' during daylight saving time, '0' otherwise, '' without a zone."""
        if self.timezone is None:
            return ""
        return "1" if self.timezone.dst(self.data) else "0"

    def j(self) -> int:
        """Day of the month without a leading zero."""
        day: int = self.data.day
        return day

    def l(self) -> Any:  # noqa: E743
        """Weekday name: 'Friday'."""
        return WEEKDAYS[self.data.weekday()]

    def L(self) -> bool:
        """Whether the year is a leap year: 'True' or 'False'."""
        return calendar.isleap(self.data.year)

    def m(self) -> str:
        """Month, two digits."""
        return f"{self.data.month:02d}"

    def M(self) -> str:
        """Month, three letters: 'Jan'."""
        return str(MONTHS_3[self.data.month]).title()

    def n(self) -> int:
        """Month without a leading zero."""
        month: int = self.data.month
        return month

    def N(self) -> Any:
        """Month in Associated Press style: 'Jan.', 'March', 'Sept.'."""
        return MONTHS_AP[self.data.month]

    def o(self) -> int:
        """The ISO 8601 year that the ISO week number (W) belongs to."""
        year: int = self.data.isocalendar().year
        return year

    def r(self) -> str:
        """RFC 5322: 'Thu, 21 Dec 2000 16:01:07 +0200'.

        A date is midnight in the default time zone; a naive datetime is read
        in it too.
        """
        value = self.data
        if not isinstance(value, datetime):
            value = datetime.combine(value, time.min).replace(tzinfo=get_default_timezone())
        elif is_naive(value):
            value = make_aware(value, timezone=self.timezone)
        return _rfc5322(value)

    def S(self) -> str:
        """English ordinal suffix of the day: 'st', 'nd', 'rd' or 'th'."""
        day = self.data.day
        if day in (11, 12, 13):
            return "th"
        return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")

    def t(self) -> int:
        """Number of days in the month: '28' to '31'."""
        return calendar.monthrange(self.data.year, self.data.month)[1]

    def U(self) -> int:
        """Seconds since the Unix epoch (a naive value is read as local time)."""
        value = self.data
        if not isinstance(value, datetime):
            value = datetime.combine(value, time.min)
        return int(value.timestamp())

    def w(self) -> int:
        """Weekday as a number, '0' for Sunday to '6' for Saturday."""
        day: int = (self.data.weekday() + 1) % 7
        return day

    def W(self) -> int:
        """ISO 8601 week number (weeks start on Monday)."""
        week: int = self.data.isocalendar().week
        return week

    def y(self) -> str:
        """Year, last two digits: '99'."""
        return f"{self.data.year % 100:02d}"

    def Y(self) -> str:
        """Year, at least four digits: '1999', '0123'."""
        return f"{self.data.year:04d}"

    def z(self) -> int:
        """Day of the year, 1 to 366."""
        day: int = self.data.timetuple().tm_yday
        return day


def format(value: date | datetime, format_string: Any) -> str:
    """``value`` (a date or datetime) formatted by ``format_string``."""
    return DateFormat(value).format(format_string)


def time_format(value: time | datetime, format_string: Any) -> str:
    """``value`` (a time or datetime) formatted by the time letters of ``format_string``."""
    return TimeFormat(value).format(format_string)

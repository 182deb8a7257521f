"""The humanize filters: "45,000", "1.2 million", "five", "3rd", "yesterday", "2 hours ago"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from scallion.template import defaultfilters
from scallion.template.library import Library
from scallion.utils.formats import number_format
from scallion.utils.safestring import mark_safe
from scallion.utils.timesince import timesince, timeuntil
from scallion.utils.timezone import is_aware
from scallion.utils.translation import (
    gettext,
    gettext_lazy,
    ngettext,
    ngettext_lazy,
    npgettext_lazy,
    pgettext,
    round_away_from_one,
)

register = Library()

F = TypeVar("F", bound=Callable[..., Any])


def _filter(**flags: Any) -> Callable[[F], F]:
    def decorator(func: F) -> F:
        register.filter(func.__name__, func, **flags)
        return func

    return decorator


@_filter(is_safe=True)
def ordinal(value: Any) -> Any:
    """A non-negative integer with its English ordinal suffix: 1st, 2nd, 11th, 23rd.

    A negative number comes back as text, anything else unchanged.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if number < 0:
        return str(number)
    if number == 1:
        text = pgettext("ordinal is 1", "{}st").format(number)
    elif number % 100 in (11, 12, 13):
        text = pgettext("ordinal 11, 12, 13", "{}th").format(number)
    else:
        last = number % 10
        suffix = {1: "{}st", 2: "{}nd", 3: "{}rd"}.get(last, "{}th")
        text = pgettext(f"ordinal {last}", suffix).format(number)
    # Safe, so that a translation may use <sup>.
    return mark_safe(text)


_LEADING_INTEGER = re.compile(r"-?\d+")
_EVERY_THREE_DIGITS = re.compile(r"\d{3}")
_LEADING_COMMA = re.compile(r"^(-?),")


@_filter(is_safe=True)
def intcomma(value: Any, use_l10n: bool = True) -> Any:
    """A number with its thousands grouped: 45000 -> "45,000".

    Grouping and separators are the locale's; with ``use_l10n=False`` (or a
    value that is no number) commas go between every three digits of the
    leading integer of its text.
    """
    if use_l10n:
        try:
            number = value if isinstance(value, float | Decimal) else Decimal(value)
        except (TypeError, ValueError, InvalidOperation):
            return intcomma(value, False)
        return number_format(number, use_l10n=True, force_grouping=True)
    text = str(value)
    match = _LEADING_INTEGER.match(text)
    if match:
        prefix = match[0]
        grouped = _EVERY_THREE_DIGITS.sub(r"\g<0>,", prefix[::-1])[::-1]
        grouped = _LEADING_COMMA.sub(r"\1", grouped)
        text = grouped + text[len(prefix) :]
    return text


def _large(singular: str) -> Callable[[int], str]:
    return lambda number: ngettext(singular, singular, number)


#: (power of ten, phrase) for the large-number names ``intword`` uses.
intword_converters: tuple[tuple[int, Callable[[int], str]], ...] = (
    (6, _large("%(value)s million")),
    (9, _large("%(value)s billion")),
    (12, _large("%(value)s trillion")),
    (15, _large("%(value)s quadrillion")),
    (18, _large("%(value)s quintillion")),
    (21, _large("%(value)s sextillion")),
    (24, _large("%(value)s septillion")),
    (27, _large("%(value)s octillion")),
    (30, _large("%(value)s nonillion")),
    (33, _large("%(value)s decillion")),
    (100, _large("%(value)s googol")),
)


@_filter(is_safe=False)
def intword(value: Any) -> Any:
    """A large integer in words: 1200000 -> "1.2 million", 1.2e9 -> "1.2 billion".

    Below a million, and beyond a thousand googol, the value is returned as it is.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    magnitude = abs(number)
    if magnitude < 1_000_000:
        return number
    for exponent, phrase in intword_converters:
        unit = 10**exponent
        if magnitude < unit * 1000:
            scaled = number / unit
            return phrase(abs(round_away_from_one(scaled))) % {
                "value": defaultfilters.floatformat(scaled, 1)
            }
    return number


_SPELLED = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@_filter(is_safe=True)
def apnumber(value: Any) -> Any:
    """1 to 9 spelled out ("five"), as the Associated Press writes them; others unchanged."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if not 0 < number < 10:
        return number
    return gettext(_SPELLED[number - 1])


@_filter(expects_localtime=True)
def naturalday(value: Any, arg: Any = None) -> Any:
    """ "today", "tomorrow" or "yesterday"; other dates in format ``arg`` (default DATE_FORMAT).

    Compared with today in the value's own time zone (the current one for an
    aware datetime, which templates convert first).
    """
    tzinfo = getattr(value, "tzinfo", None)
    try:
        day = date(value.year, value.month, value.day)
    except AttributeError:
        return value
    offset = (day - datetime.now(tzinfo).date()).days
    if offset == 0:
        return gettext("today")
    if offset == 1:
        return gettext("tomorrow")
    if offset == -1:
        return gettext("yesterday")
    return defaultfilters.date(day, arg)


@_filter()
def naturaltime(value: Any) -> Any:
    """How long ago or from now: "now", "30 seconds ago", "2 hours from now", "3 days ago".

    Naive and aware datetimes are both compared with the current time as
    they are, so no conversion to local time is needed first.
    """
    return NaturalTimeFormatter.string_for(value)


class NaturalTimeFormatter:
    """The phrases ``naturaltime`` uses; subclass and replace them to change its wording."""

    time_strings: dict[str, Any] = {
        "past-day": gettext_lazy("%(delta)s ago"),
        "past-hour": ngettext_lazy("an hour ago", "%(count)s\xa0hours ago", "count"),
        "past-minute": ngettext_lazy("a minute ago", "%(count)s\xa0minutes ago", "count"),
        "past-second": ngettext_lazy("a second ago", "%(count)s\xa0seconds ago", "count"),
        "now": gettext_lazy("now"),
        "future-second": ngettext_lazy(
            "a second from now", "%(count)s\xa0seconds from now", "count"
        ),
        "future-minute": ngettext_lazy(
            "a minute from now", "%(count)s\xa0minutes from now", "count"
        ),
        "future-hour": ngettext_lazy("an hour from now", "%(count)s\xa0hours from now", "count"),
        "future-day": gettext_lazy("%(delta)s from now"),
    }
    past_substrings: dict[str, Any] = {
        unit: npgettext_lazy("naturaltime-past", f"%(num)d {unit}", f"%(num)d {unit}s", "num")
        for unit in ("year", "month", "week", "day", "hour", "minute")
    }
    future_substrings: dict[str, Any] = {
        unit: npgettext_lazy("naturaltime-future", f"%(num)d {unit}", f"%(num)d {unit}s", "num")
        for unit in ("year", "month", "week", "day", "hour", "minute")
    }

    @classmethod
    def string_for(cls, value: Any) -> Any:
        """The phrase for ``value``; anything that is not a date comes back unchanged."""
        if not isinstance(value, date):
            return value
        moment: Any = value  # a datetime in practice: a plain date fails, as in Django
        now = datetime.now(UTC if is_aware(moment) else None)
        past = moment < now
        delta = now - moment if past else moment - now
        when = "past" if past else "future"
        if delta.days != 0:
            describe = timesince if past else timeuntil
            substrings = cls.past_substrings if past else cls.future_substrings
            return cls.time_strings[f"{when}-day"] % {
                "delta": describe(moment, now, time_strings=substrings)
            }
        if delta.seconds == 0:
            return cls.time_strings["now"]
        if delta.seconds < 60:
            return cls.time_strings[f"{when}-second"] % {"count": delta.seconds}
        if delta.seconds // 60 < 60:
            return cls.time_strings[f"{when}-minute"] % {"count": delta.seconds // 60}
        return cls.time_strings[f"{when}-hour"] % {"count": delta.seconds // 3600}

"""scallion.utils.timesince: elapsed time in words."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from scallion.utils.timesince import timesince, timeuntil
from scallion.utils.translation import ngettext_lazy

T = datetime.datetime(2007, 8, 14, 13, 46, 0)
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (datetime.timedelta(0), "0\xa0minutes"),
        (datetime.timedelta(seconds=59), "0\xa0minutes"),
        (MINUTE, "1\xa0minute"),
        (HOUR, "1\xa0hour"),
        (DAY, "1\xa0day"),
        (WEEK, "1\xa0week"),
        (HOUR * 2 + MINUTE * 5, "2\xa0hours, 5\xa0minutes"),
        (DAY * 2 + HOUR * 3 + MINUTE, "2\xa0days, 3\xa0hours"),
        (WEEK * 2 + DAY * 3, "2\xa0weeks, 3\xa0days"),
        (DAY * 365, "11\xa0months, 4\xa0weeks"),  # 2008 is a leap year
        (DAY * 366, "1\xa0year"),
        (DAY * 400, "1\xa0year, 1\xa0month"),
        (-MINUTE, "0\xa0minutes"),
    ],
)
def test_timesince(delta: datetime.timedelta, expected: str) -> None:
    assert timesince(T, T + delta) == expected
    assert timeuntil(T + delta, T) == expected


def test_calendar_months_and_years() -> None:
    assert timesince(datetime.datetime(2013, 2, 10), datetime.datetime(2014, 3, 10)) == (
        "1\xa0year, 1\xa0month"
    )
    assert timesince(datetime.datetime(2007, 8, 10), datetime.datetime(2008, 9, 10)) == (
        "1\xa0year, 1\xa0month"
    )
    # The 31st plus one month is the end of the next month; the day left
    # after it is not adjacent to months and so is not shown.
    assert timesince(datetime.datetime(2023, 1, 31), datetime.datetime(2023, 3, 1)) == (
        "1\xa0month"
    )
    assert timesince(datetime.date(2020, 2, 29), datetime.date(2021, 2, 28)) == (
        "11\xa0months, 4\xa0weeks"
    )


def test_depth() -> None:
    moment = datetime.datetime(2008, 9, 23, 16, 46)
    assert timesince(T, moment, depth=1) == "1\xa0year"
    assert timesince(T, moment) == "1\xa0year, 1\xa0month"
    assert timesince(T, moment, depth=4) == "1\xa0year, 1\xa0month, 1\xa0week, 2\xa0days"
    assert timesince(T, moment, depth=6) == (
        "1\xa0year, 1\xa0month, 1\xa0week, 2\xa0days, 3\xa0hours"
    )
    # Units are adjacent: a zero unit ends the phrase.
    assert timesince(T, T + DAY * 366 + HOUR, depth=3) == "1\xa0year"
    with pytest.raises(ValueError, match="depth must be greater than 0"):
        timesince(T, T, depth=0)


def test_aware_datetimes_compare_in_one_zone() -> None:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = datetime.datetime(2020, 1, 1, 12, tzinfo=paris)
    later = datetime.datetime(2020, 1, 1, 13, 30, tzinfo=datetime.UTC)
    assert timesince(start, later) == "2\xa0hours, 30\xa0minutes"
    assert timesince(datetime.datetime.now(datetime.UTC) - HOUR * 2) == "2\xa0hours"
    assert timeuntil(datetime.datetime.now() + HOUR * 2 + MINUTE) == "2\xa0hours"


def test_custom_time_strings() -> None:
    strings = {
        "year": ngettext_lazy("%(num)d yr", "%(num)d yrs", "num"),
        "month": ngettext_lazy("%(num)d mo", "%(num)d mos", "num"),
        "week": ngettext_lazy("%(num)d wk", "%(num)d wks", "num"),
        "day": ngettext_lazy("%(num)d d", "%(num)d ds", "num"),
        "hour": ngettext_lazy("%(num)d h", "%(num)d hs", "num"),
        "minute": ngettext_lazy("%(num)d m", "%(num)d ms", "num"),
    }
    assert timesince(T, T + DAY * 8, time_strings=strings) == "1\xa0wk, 1\xa0d"

"""scallion.utils.dateformat: the date filter's format letters."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from scallion.test.utils import override_settings
from scallion.utils import dateformat
from scallion.utils.timezone import get_fixed_timezone

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MOMENT = datetime(1979, 7, 8, 22, 0, 5, 123456)


@pytest.mark.parametrize(
    ("letters", "expected"),
    [
        ("a", "p.m."),
        ("A", "PM"),
        ("b", "jul"),
        ("c", "1979-07-08T22:00:05.123456"),
        ("d", "08"),
        ("D", "Sun"),
        ("E", "July"),
        ("f", "10"),
        ("F", "July"),
        ("g", "10"),
        ("G", "22"),
        ("h", "10"),
        ("H", "22"),
        ("i", "00"),
        ("j", "8"),
        ("l", "Sunday"),
        ("L", "False"),
        ("m", "07"),
        ("M", "Jul"),
        ("n", "7"),
        ("N", "July"),
        ("o", "1979"),
        ("P", "10 p.m."),
        ("s", "05"),
        ("S", "th"),
        ("t", "31"),
        ("u", "123456"),
        ("w", "0"),
        ("W", "27"),
        ("y", "79"),
        ("Y", "1979"),
        ("z", "189"),
        (r"\Y\e\s: Y", "Yes: 1979"),
        ("jS F Y H:i", "8th July 1979 22:00"),
    ],
)
def test_letters_on_a_naive_datetime(letters: str, expected: str) -> None:
    assert dateformat.format(MOMENT, letters) == expected


def test_zone_letters() -> None:
    summer = datetime(2009, 5, 16, 5, 30, 30, tzinfo=PARIS)
    assert dateformat.format(summer, "e O T Z I") == "CEST +0200 CEST 7200 1"
    assert dateformat.format(summer, "r") == "Sat, 16 May 2009 05:30:30 +0200"
    assert dateformat.format(summer, "U") == "1242444630"
    west = datetime(2009, 5, 16, 5, 30, tzinfo=get_fixed_timezone(-270))
    assert dateformat.format(west, "O Z e") == "-0430 -16200 -0430"
    with override_settings(TIME_ZONE="Europe/Paris"):
        # A naive datetime is read in the default time zone.
        assert dateformat.format(datetime(2009, 1, 1), "O T I") == "+0100 CET 0"
        # A wall-clock time the zone skips has no offset to show.
        assert dateformat.format(datetime(2015, 3, 29, 2, 30), "O T e Z I") == "    "
    assert dateformat.format(datetime(2009, 5, 16, tzinfo=UTC), "e") == "UTC"
    assert dateformat.format(datetime(2009, 5, 16, tzinfo=timezone(timedelta(0))), "T") == "UTC"


def test_twelve_hour_forms() -> None:
    assert dateformat.time_format(time(0, 0), "P") == "midnight"
    assert dateformat.time_format(time(12, 0), "P") == "noon"
    assert dateformat.time_format(time(12, 30), "P f g h A") == "12:30 p.m. 12:30 12 12 PM"
    assert dateformat.time_format(time(1, 5), "P f a") == "1:05 a.m. 1:05 a.m."
    # A time has no zone: the zone letters are empty even with a tzinfo.
    assert dateformat.time_format(time(1, 5, tzinfo=PARIS), "e|O|T|Z") == "|||"


@pytest.mark.parametrize(
    ("day", "suffix"),
    [
        (1, "st"),
        (2, "nd"),
        (3, "rd"),
        (4, "th"),
        (11, "th"),
        (12, "th"),
        (13, "th"),
        (21, "st"),
        (22, "nd"),
        (23, "rd"),
        (31, "st"),
    ],
)
def test_ordinal_suffix(day: int, suffix: str) -> None:
    assert dateformat.format(date(2000, 1, day), "S") == suffix


def test_associated_press_months_and_years() -> None:
    assert [dateformat.format(date(2000, m, 1), "N") for m in (1, 3, 9, 12)] == [
        "Jan.",
        "March",
        "Sept.",
        "Dec.",
    ]
    assert dateformat.format(date(1, 1, 1), "Y y") == "0001 01"
    assert dateformat.format(date(2000, 2, 1), "L t") == "True 29"
    assert dateformat.format(date(2008, 12, 29), "o W") == "2009 1"
    assert dateformat.format(date(2000, 3, 1), "r") == "Wed, 01 Mar 2000 00:00:00 +0000"


def test_time_letters_refused_for_a_date() -> None:
    with pytest.raises(
        TypeError, match=r"may not contain time-related format specifiers \(found 'H'\)"
    ):
        dateformat.format(date(2000, 1, 1), "Y H")
    with pytest.raises(AttributeError):
        dateformat.time_format(time(1, 0), "Y")


def test_lazy_and_non_string_formats() -> None:
    from scallion.utils.translation import gettext_lazy

    assert dateformat.format(MOMENT, gettext_lazy("Y")) == "1979"

"""scallion.contrib.humanize: the humanize filters, called directly."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest

from scallion.contrib.humanize.templatetags import humanize
from scallion.test.utils import override_settings
from scallion.utils.safestring import SafeData

NOW = datetime.datetime(2012, 3, 9, 22, 30)


class FixedNow(datetime.datetime):
    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> Any:  # type: ignore[override]
        if tz is None or NOW.tzinfo is not None:
            return NOW
        return NOW.replace(tzinfo=tz) + tz.utcoffset(NOW)  # type: ignore[operator]


def test_registered_filters_and_flags() -> None:
    filters = humanize.register.filters
    assert set(filters) == {
        "ordinal",
        "intcomma",
        "intword",
        "apnumber",
        "naturalday",
        "naturaltime",
    }
    assert filters["ordinal"].is_safe and filters["intcomma"].is_safe  # type: ignore[attr-defined]
    assert filters["intword"].is_safe is False  # type: ignore[attr-defined]
    assert filters["naturalday"].expects_localtime  # type: ignore[attr-defined]
    assert not getattr(filters["naturaltime"], "expects_localtime", False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", "1st"), ("2", "2nd"), ("3", "3rd"), ("4", "4th"), ("11", "11th"), ("12", "12th"),
        ("13", "13th"), ("101", "101st"), ("102", "102nd"), ("103", "103rd"), ("111", "111th"),
        ("something else", "something else"), ("-1", "-1"), (None, None), (0, "0th"), (21, "21st"),
    ],
)  # fmt: skip
def test_ordinal(value: Any, expected: Any) -> None:
    result = humanize.ordinal(value)
    assert result == expected
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        assert isinstance(result, SafeData)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, "100"), (-100, "-100"), (1000, "1,000"), (-1000, "-1,000"), (10123, "10,123"),
        (10311, "10,311"), (1000000, "1,000,000"), (1234567.25, "1,234,567.25"),
        ("100", "100"), ("1000", "1,000"), ("1234567.1234567", "1,234,567.1234567"),
        (Decimal("1234567.1234567"), "1,234,567.1234567"), (None, "None"),
        ("-1234567.1234567", "-1,234,567.1234567"),
        ("the quick brown fox", "the quick brown fox"), ("1234abc", "1,234abc"),
    ],
)  # fmt: skip
def test_intcomma(value: Any, expected: str) -> None:
    assert humanize.intcomma(value) == expected


def test_intcomma_follows_the_locale_settings() -> None:
    assert humanize.intcomma(1234567, use_l10n=False) == "1,234,567"
    assert humanize.intcomma("-12345.5", use_l10n=False) == "-12,345.5"
    with override_settings(FORMAT_MODULE_PATH="tests.utils.format_modules", LANGUAGE_CODE="de"):
        assert humanize.intcomma(1234567.5) == "1.234.567,5"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100", 100), ("-100", -100), ("1000000", "1.0 million"), ("1200000", "1.2 million"),
        ("1290000", "1.3 million"), ("999999999", "1000.0 million"), ("1000000000", "1.0 billion"),
        ("-1300000000", "-1.3 billion"), ("1000000000000", "1.0 trillion"),
        ("6000000000000000", "6.0 quadrillion"), ("1300000000000000000", "1.3 quintillion"),
        ("3500000000000000000000", "3.5 sextillion"),
        ("8100000000000000000000000000000000", "8.1 decillion"),
        (10**100, "1.0 googol"), (10**101 * 13, "130.0 googol"), (10**103, 10**103),
        (None, None),
        ("1234abc", "1234abc"),
    ],
)  # fmt: skip
def test_intword(value: Any, expected: Any) -> None:
    assert humanize.intword(value) == expected


def test_apnumber() -> None:
    assert [humanize.apnumber(n) for n in range(1, 11)] == [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", 10,
    ]  # fmt: skip
    assert humanize.apnumber("3") == "three"
    assert humanize.apnumber("x") == "x"
    assert humanize.apnumber(0) == 0


def test_naturalday() -> None:
    with mock.patch.object(humanize, "datetime", FixedNow):
        today = NOW.date()
        assert humanize.naturalday(today) == "today"
        assert humanize.naturalday(today + datetime.timedelta(days=1)) == "tomorrow"
        assert humanize.naturalday(today - datetime.timedelta(days=1)) == "yesterday"
        assert humanize.naturalday(today - datetime.timedelta(days=2)) == "March 7, 2012"
        assert humanize.naturalday(today + datetime.timedelta(days=3), "Y-m-d") == "2012-03-12"
        assert humanize.naturalday(NOW) == "today"
    assert humanize.naturalday("not a date") == "not a date"
    assert humanize.naturalday(None) is None


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (datetime.timedelta(0), "now"),
        (-datetime.timedelta(seconds=1), "a second ago"),
        (-datetime.timedelta(seconds=30), "30\xa0seconds ago"),
        (-datetime.timedelta(minutes=1, seconds=30), "a minute ago"),
        (-datetime.timedelta(minutes=2), "2\xa0minutes ago"),
        (-datetime.timedelta(hours=1, minutes=30), "an hour ago"),
        (-datetime.timedelta(hours=23, minutes=50), "23\xa0hours ago"),
        (-datetime.timedelta(days=1), "1\xa0day ago"),
        (-datetime.timedelta(days=500), "1\xa0year, 4\xa0months ago"),
        (datetime.timedelta(seconds=1), "a second from now"),
        (datetime.timedelta(seconds=30), "30\xa0seconds from now"),
        (datetime.timedelta(minutes=2), "2\xa0minutes from now"),
        (datetime.timedelta(hours=1, minutes=30), "an hour from now"),
        (datetime.timedelta(hours=23, minutes=50), "23\xa0hours from now"),
        (datetime.timedelta(days=1), "1\xa0day from now"),
        (datetime.timedelta(days=2, hours=6), "2\xa0days, 6\xa0hours from now"),
        (datetime.timedelta(days=500), "1\xa0year, 4\xa0months from now"),
    ],
)
def test_naturaltime(delta: datetime.timedelta, expected: str) -> None:
    with mock.patch.object(humanize, "datetime", FixedNow):
        assert humanize.naturaltime(NOW + delta) == expected


def test_naturaltime_aware_and_other_values() -> None:
    aware_now = datetime.datetime.now(datetime.UTC)
    assert humanize.naturaltime(aware_now - datetime.timedelta(hours=2, minutes=1)) == (
        "2\xa0hours ago"
    )
    assert humanize.naturaltime("not a date") == "not a date"
    assert humanize.naturaltime(None) is None

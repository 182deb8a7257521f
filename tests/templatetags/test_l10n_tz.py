"""``{% load l10n %}`` and ``{% load tz %}``."""

from __future__ import annotations

import datetime
import zoneinfo

from scallion.test import override_settings
from tests.template.dtl import render

LIBRARIES = {"l10n": "scallion.templatetags.l10n", "tz": "scallion.templatetags.tz"}
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOON_UTC = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=datetime.UTC)


def rendered(source: str, **context: object) -> str:
    return render("{% load l10n tz %}" + source, dict(context), libraries=LIBRARIES)


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_localize_off_turns_grouping_off_in_the_block() -> None:
    source = "{{ n }}|{% localize off %}{{ n }}{% endlocalize %}|{{ n }}|{{ n|unlocalize }}"
    assert rendered(source, n=1234567) == "1,234,567|1234567|1,234,567|1234567"


def test_localize_filter() -> None:
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        assert rendered("{% localize off %}{{ n|localize }}{% endlocalize %}", n=1000) == "1,000"


@override_settings(USE_TZ=True, TIME_ZONE="Europe/Paris")
def test_localtime_off_keeps_the_stored_time() -> None:
    source = "{{ d|date:'H:i' }}|{% localtime off %}{{ d|date:'H:i' }}{% endlocaltime %}"
    assert rendered(source, d=NOON_UTC) == "14:00|12:00"


@override_settings(USE_TZ=True, TIME_ZONE="UTC")
def test_timezone_filters_and_tag() -> None:
    assert rendered("{{ d|timezone:'Europe/Paris'|date:'H:i' }}", d=NOON_UTC) == "14:00"
    assert rendered("{{ d|utc|date:'H:i' }}", d=NOON_UTC.astimezone(PARIS)) == "12:00"
    assert rendered("{{ d|timezone:'No/Where' }}|{{ 'x'|utc }}", d=NOON_UTC) == "|"
    source = "{% timezone 'Europe/Paris' %}{{ d|date:'H:i' }}{% get_current_timezone as z %}"
    source += "{{ z }}{% endtimezone %}|{{ d|date:'H:i' }}"
    assert rendered(source, d=NOON_UTC) == "14:00Europe/Paris|12:00"

"""scallion.utils.timezone: default and current zone, aware/naive conversions."""

from __future__ import annotations

import asyncio
import threading
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest

from scallion.test.utils import override_settings
from scallion.utils import timezone

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
EAT = timezone.get_fixed_timezone(180)
ICT = timezone.get_fixed_timezone(420)


def test_default_timezone_follows_the_setting() -> None:
    assert timezone.get_default_timezone() == zoneinfo.ZoneInfo("UTC")
    with override_settings(TIME_ZONE="Europe/Paris"):
        assert timezone.get_default_timezone() == PARIS
        assert timezone.get_default_timezone_name() == "Europe/Paris"
        assert timezone.get_current_timezone_name() == "Europe/Paris"
    assert timezone.get_default_timezone_name() == "UTC"


def test_the_default_zone_is_built_once_until_cache_clear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As with Django's lru_cache: code that changes TIME_ZONE without the
    # setting_changed signal calls get_default_timezone.cache_clear().
    from scallion.conf import settings

    first = timezone.get_default_timezone()
    assert timezone.get_default_timezone() is first
    assert timezone.get_current_timezone() is first
    monkeypatch.setattr(settings, "TIME_ZONE", "Europe/Paris")
    assert timezone.get_current_timezone() is first  # remembered
    timezone.get_default_timezone.cache_clear()  # type: ignore[attr-defined]
    assert timezone.get_current_timezone() == PARIS
    monkeypatch.undo()
    timezone.get_default_timezone.cache_clear()  # type: ignore[attr-defined]
    assert timezone.get_default_timezone() == zoneinfo.ZoneInfo("UTC")


def test_now_is_aware_only_with_use_tz() -> None:
    with override_settings(USE_TZ=True):
        assert timezone.is_aware(timezone.now())
        assert timezone.now().tzinfo is UTC
    with override_settings(USE_TZ=False):
        assert timezone.is_naive(timezone.now())


def test_activate_deactivate_and_names() -> None:
    try:
        timezone.activate("Asia/Bangkok")
        assert timezone.get_current_timezone_name() == "Asia/Bangkok"
        timezone.activate(EAT)
        assert timezone.get_current_timezone() is EAT
        assert timezone.get_current_timezone_name() == "+0300"
    finally:
        timezone.deactivate()
    assert timezone.get_current_timezone_name() == "UTC"


def test_activate_rejects_other_types() -> None:
    with pytest.raises(ValueError, match=r"Invalid timezone: None"):
        timezone.activate(None)  # type: ignore[arg-type]


def test_override_restores_the_previous_zone_and_none_means_default() -> None:
    with timezone.override(EAT):
        assert timezone.get_current_timezone() is EAT
        with timezone.override(ICT):
            assert timezone.get_current_timezone() is ICT
        assert timezone.get_current_timezone() is EAT
        with timezone.override(None):
            assert timezone.get_current_timezone_name() == "UTC"
        assert timezone.get_current_timezone() is EAT
    assert timezone.get_current_timezone_name() == "UTC"

    @timezone.override("Europe/Paris")
    def inside() -> str:
        return timezone.get_current_timezone_name()

    assert inside() == "Europe/Paris"
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_active_zone_belongs_to_one_thread() -> None:
    seen: list[str] = []
    with timezone.override("Europe/Paris"):
        thread = threading.Thread(target=lambda: seen.append(timezone.get_current_timezone_name()))
        thread.start()
        thread.join()
    assert seen == ["UTC"]


def test_the_active_zone_belongs_to_one_task() -> None:
    async def in_zone(name: str) -> str:
        timezone.activate(name)
        await asyncio.sleep(0)
        return timezone.get_current_timezone_name()

    async def both() -> list[str]:
        return list(await asyncio.gather(in_zone("Europe/Paris"), in_zone("Asia/Tokyo")))

    assert asyncio.run(both()) == ["Europe/Paris", "Asia/Tokyo"]
    assert timezone.get_current_timezone_name() == "UTC"


def test_is_aware_and_is_naive() -> None:
    aware = datetime(2011, 9, 1, 13, 20, 30, tzinfo=EAT)
    naive = datetime(2011, 9, 1, 13, 20, 30)
    assert timezone.is_aware(aware) and not timezone.is_naive(aware)
    assert timezone.is_naive(naive) and not timezone.is_aware(naive)


def test_make_aware_and_make_naive() -> None:
    naive = datetime(2011, 9, 1, 13, 20, 30)
    aware = timezone.make_aware(naive, EAT)
    assert aware == datetime(2011, 9, 1, 13, 20, 30, tzinfo=EAT)
    assert timezone.make_naive(aware, ICT) == datetime(2011, 9, 1, 17, 20, 30)
    with pytest.raises(ValueError, match="make_aware expects a naive datetime"):
        timezone.make_aware(aware, EAT)
    with pytest.raises(ValueError, match=r"make_naive\(\) cannot be applied to a naive"):
        timezone.make_naive(naive, EAT)
    with timezone.override(ICT):
        assert timezone.make_aware(naive).tzinfo is ICT
        assert timezone.make_naive(aware) == datetime(2011, 9, 1, 17, 20, 30)


def test_make_aware_keeps_fold_for_ambiguous_times() -> None:
    ambiguous = datetime(2015, 10, 25, 2, 30)
    first = timezone.make_aware(ambiguous, PARIS)
    second = timezone.make_aware(ambiguous.replace(fold=1), PARIS)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert timezone._datetime_ambiguous_or_imaginary(ambiguous, PARIS)
    assert timezone._datetime_ambiguous_or_imaginary(datetime(2015, 3, 29, 2, 30), PARIS)
    assert not timezone._datetime_ambiguous_or_imaginary(datetime(2015, 6, 1, 2, 30), PARIS)


def test_localtime_and_localdate() -> None:
    aware = datetime(2015, 1, 1, 0, 0, 1, tzinfo=ICT)
    assert timezone.localtime(aware, EAT) == aware
    assert timezone.localtime(aware, EAT).tzinfo is EAT
    assert timezone.localdate(aware, timezone=EAT) == date(2014, 12, 31)
    with timezone.override(EAT):
        assert timezone.localdate(aware) == date(2014, 12, 31)
    with pytest.raises(ValueError, match=r"localtime\(\) cannot be applied to a naive"):
        timezone.localtime(datetime(2015, 1, 1))
    with pytest.raises(ValueError, match=r"localtime\(\) cannot be applied to a naive"):
        timezone.localdate(datetime(2015, 1, 1))
    assert timezone.is_aware(timezone.localtime())


def test_template_localtime() -> None:
    aware = datetime(2015, 1, 1, 12, tzinfo=UTC)
    with timezone.override(EAT):
        assert timezone.template_localtime(aware).hour == 15
        assert timezone.template_localtime(aware, use_tz=False) is aware
        assert timezone.template_localtime("text") == "text"
        naive = datetime(2015, 1, 1, 12)
        assert timezone.template_localtime(naive) is naive
        with override_settings(USE_TZ=False):
            assert timezone.template_localtime(aware) is aware


def test_fixed_timezones() -> None:
    assert timezone.get_fixed_timezone(timedelta(hours=5, minutes=30)).tzname(None) == "+0530"
    assert timezone.get_fixed_timezone(timedelta(hours=-2)).tzname(None) == "-0200"
    assert timezone.get_fixed_timezone(-90).utcoffset(None) == timedelta(minutes=-90)

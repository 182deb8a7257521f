"""Aware datetimes: the default and the current time zone, and conversions.

With ``USE_TZ = True`` (the default) datetimes are stored and passed around in
UTC and turned into local time only to show them; ``settings.TIME_ZONE`` is the
default local zone and ``activate``/``override`` choose another one for the
current thread or asyncio task (a ``ContextVar``, so concurrent requests never
see each other's zone). Time zones come from the standard library's
``zoneinfo``.
"""

from __future__ import annotations

import zoneinfo
from contextlib import ContextDecorator
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from types import TracebackType
from typing import Any, TypeVar

from scallion.conf import settings
from scallion.core.signals import setting_changed

__all__ = [
    "UTC",
    "activate",
    "deactivate",
    "get_current_timezone",
    "get_current_timezone_name",
    "get_default_timezone",
    "get_default_timezone_name",
    "get_fixed_timezone",
    "is_aware",
    "is_naive",
    "localdate",
    "localtime",
    "make_aware",
    "make_naive",
    "now",
    "override",
    "template_localtime",
]

_T = TypeVar("_T")

_active: ContextVar[tzinfo | None] = ContextVar("scallion_active_timezone", default=None)


def get_fixed_timezone(offset: timedelta | int) -> timezone:
    """A zone ``offset`` minutes (or a ``timedelta``) from UTC, named like ``+0530``."""
    if isinstance(offset, timedelta):
        offset = int(offset.total_seconds() // 60)
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return timezone(timedelta(minutes=offset), f"{sign}{hours:02d}{minutes:02d}")


# settings.TIME_ZONE as a ZoneInfo, once built: read without a call by
# get_current_timezone (the page cache keys every request with it). PERF: cached.
_default_zone: tzinfo | None = None


def get_default_timezone() -> tzinfo:
    """``settings.TIME_ZONE`` as a ``ZoneInfo`` (built once, again after a settings change).

    ``get_default_timezone.cache_clear()`` forgets it, as with Django's.
    """
    global _default_zone
    zone = _default_zone
    if zone is None:
        zone = _default_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return zone


def _forget_default_timezone() -> None:
    global _default_zone
    _default_zone = None


get_default_timezone.cache_clear = _forget_default_timezone  # type: ignore[attr-defined]


def _reset_default_timezone(*, setting: str, **kwargs: Any) -> None:
    if setting == "TIME_ZONE":
        _forget_default_timezone()


setting_changed.connect(_reset_default_timezone, dispatch_uid="scallion.utils.timezone")


def _get_timezone_name(zone: tzinfo) -> str:
    # A fixed offset has a name only through tzname(); a ZoneInfo's str() is its key.
    return zone.tzname(None) or str(zone)


def get_default_timezone_name() -> str:
    """The name of the default time zone (``settings.TIME_ZONE``)."""
    return _get_timezone_name(get_default_timezone())


def get_current_timezone() -> tzinfo:
    """The zone ``activate`` chose for this thread or task, else the default one."""
    return _active.get() or _default_zone or get_default_timezone()


def get_current_timezone_name() -> str:
    """The name of the current time zone."""
    return _get_timezone_name(get_current_timezone())


def activate(timezone: tzinfo | str) -> None:
    """Make ``timezone`` (a ``tzinfo`` or a zone name) current for this thread or task."""
    if isinstance(timezone, tzinfo):
        _active.set(timezone)
    elif isinstance(timezone, str):
        _active.set(zoneinfo.ZoneInfo(timezone))
    else:
        raise ValueError(
            f"Invalid timezone: {timezone!r}; pass a tzinfo or a zone name such as 'Europe/Paris'."
        )


def deactivate() -> None:
    """Go back to the default time zone for this thread or task."""
    _active.set(None)


class override(ContextDecorator):
    """Run a block (or a decorated function) in ``timezone``, then restore the old one.

    ``None`` means the default time zone.
    """

    def __init__(self, timezone: tzinfo | str | None) -> None:
        self.timezone = timezone

    def __enter__(self) -> None:
        self.old_timezone = _active.get()
        if self.timezone is None:
            deactivate()
        else:
            activate(self.timezone)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _active.set(self.old_timezone)


def now() -> datetime:
    """The current time: aware in UTC when ``USE_TZ`` is on, naive local time otherwise."""
    return datetime.now(tz=UTC if settings.USE_TZ else None)


def is_aware(value: datetime | time) -> bool:
    """Whether ``value`` knows its offset from UTC."""
    return value.utcoffset() is not None


def is_naive(value: datetime | time) -> bool:
    """Whether ``value`` does not know its offset from UTC."""
    return value.utcoffset() is None


def localtime(value: datetime | None = None, timezone: tzinfo | None = None) -> datetime:
    """Aware ``value`` (default: now) in ``timezone`` (default: the current one).

    A naive datetime has no instant to convert and raises ``ValueError``.
    """
    if value is None:
        value = now()
    if timezone is None:
        timezone = get_current_timezone()
    if is_naive(value):
        raise ValueError("localtime() cannot be applied to a naive datetime")
    return value.astimezone(timezone)


def localdate(value: datetime | None = None, timezone: tzinfo | None = None) -> date:
    """The date of ``localtime(value, timezone)``."""
    return localtime(value, timezone).date()


def make_aware(value: datetime, timezone: tzinfo | None = None) -> datetime:
    """Naive ``value`` read as wall-clock time in ``timezone`` (default: the current one).

    At a daylight-saving change, ``value.fold`` decides which of two
    repeated times is meant, as ``zoneinfo`` does.
    """
    if timezone is None:
        timezone = get_current_timezone()
    if is_aware(value):
        raise ValueError(f"make_aware expects a naive datetime, got {value}")
    return value.replace(tzinfo=timezone)


def make_naive(value: datetime, timezone: tzinfo | None = None) -> datetime:
    """Aware ``value`` as naive wall-clock time in ``timezone`` (default: the current one)."""
    if timezone is None:
        timezone = get_current_timezone()
    if is_naive(value):
        raise ValueError("make_naive() cannot be applied to a naive datetime")
    return value.astimezone(timezone).replace(tzinfo=None)


def template_localtime(value: _T, use_tz: bool | None = None) -> _T | datetime:
    """An aware datetime in the current zone, for display; any other value as it is.

    Templates call it on every value a variable or ``expects_localtime``
    filter shows. ``use_tz`` overrides ``settings.USE_TZ``; a datetime whose
    ``convert_to_local_time`` attribute is false is left alone.
    """
    if not isinstance(value, datetime):
        return value
    if use_tz is None:
        use_tz = settings.USE_TZ
    if use_tz and not is_naive(value) and getattr(value, "convert_to_local_time", True):
        return localtime(value)
    return value


def _datetime_ambiguous_or_imaginary(dt: datetime, tz: tzinfo) -> bool:
    """Whether wall-clock ``dt`` happens twice or never in ``tz`` (a DST change)."""
    return tz.utcoffset(dt.replace(fold=not dt.fold)) != tz.utcoffset(dt)

"""Locale-aware formats: which date, time and number format applies, and using it.

A format (``DATE_FORMAT``, ``DECIMAL_SEPARATOR`` ...) is looked up in the
current language's format modules first (``FORMAT_MODULE_PATH`` packages,
then scallion's own, which has English), then in settings. Django does the
same, including with ``USE_I18N = False``. Results are cached per format and
language, and the cache is dropped when a format setting changes.
"""

from __future__ import annotations

import datetime
import decimal
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import import_module
from types import ModuleType
from typing import Any

from scallion.conf import settings
from scallion.core.signals import setting_changed
from scallion.utils import dateformat, numberformat
from scallion.utils.functional import lazy
from scallion.utils.translation import check_for_language, get_language, to_locale

__all__ = [
    "FORMAT_SETTINGS",
    "ISO_INPUT_FORMATS",
    "date_format",
    "get_format",
    "get_format_lazy",
    "get_format_modules",
    "iter_format_modules",
    "localize",
    "localize_input",
    "number_format",
    "reset_format_cache",
    "sanitize_separators",
    "sanitize_strftime_format",
    "time_format",
]

#: Input formats always accepted, whatever a locale lists.
ISO_INPUT_FORMATS = {
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "TIME_INPUT_FORMATS": ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"],
    "DATETIME_INPUT_FORMATS": [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M:%S.%f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
    ],
}

#: The settings a format module may override.
FORMAT_SETTINGS = frozenset(
    {
        "DECIMAL_SEPARATOR",
        "THOUSAND_SEPARATOR",
        "NUMBER_GROUPING",
        "FIRST_DAY_OF_WEEK",
        "MONTH_DAY_FORMAT",
        "TIME_FORMAT",
        "DATE_FORMAT",
        "DATETIME_FORMAT",
        "SHORT_DATE_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "YEAR_MONTH_FORMAT",
        "DATE_INPUT_FORMATS",
        "TIME_INPUT_FORMATS",
        "DATETIME_INPUT_FORMATS",
    }
)

_format_cache: dict[tuple[str, str | None], Any] = {}
_format_modules_cache: dict[str, list[ModuleType]] = {}


def reset_format_cache() -> None:
    """Forget the formats looked up so far (after settings or modules change)."""
    _format_cache.clear()
    _format_modules_cache.clear()


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in FORMAT_SETTINGS or setting in {
        "FORMAT_MODULE_PATH",
        "LANGUAGE_CODE",
        "USE_THOUSAND_SEPARATOR",
    }:
        reset_format_cache()


setting_changed.connect(_on_setting_changed, dispatch_uid="scallion.utils.formats")


def iter_format_modules(lang: str, format_module_path: Any = None) -> Iterator[ModuleType]:
    """The ``formats`` modules for ``lang``: most specific locale first, project's first."""
    if not check_for_language(lang):
        return
    if format_module_path is None:
        format_module_path = settings.FORMAT_MODULE_PATH
    packages: list[str] = []
    if format_module_path:
        if isinstance(format_module_path, str):
            format_module_path = [format_module_path]
        packages.extend(format_module_path)
    packages.append("scallion.conf.locale")
    locale = to_locale(lang)
    locales = [locale]
    if "_" in locale:
        locales.append(locale.split("_")[0])
    for package in packages:
        for name in locales:
            try:
                yield import_module(f"{package}.{name}.formats")
            except ImportError:
                pass


def get_format_modules(lang: str | None = None) -> list[ModuleType]:
    """The format modules for ``lang`` (default: the current language), cached."""
    if lang is None:
        lang = get_language()
    if lang not in _format_modules_cache:
        _format_modules_cache[lang] = list(iter_format_modules(lang))
    return _format_modules_cache[lang]


def get_format(format_type: Any, lang: str | None = None, use_l10n: bool | None = None) -> Any:
    """The value of format ``format_type`` (e.g. ``"DATE_FORMAT"``) for ``lang``.

    ``use_l10n=False`` skips the format modules and reads settings alone. A
    name that is no format setting is returned as it is, so a literal format
    string (``"Y-m-d"``) can be passed wherever a format name can.
    """
    format_type = str(format_type)
    if format_type not in FORMAT_SETTINGS and not format_type.isidentifier():
        # PERF: page-dtl (``date:"Y-m-d H:i"`` on every row): format letters name no
        # setting and no format module's attribute, so no look-up can find them.
        return format_type
    if use_l10n is None:
        use_l10n = True
    if use_l10n and lang is None:
        lang = get_language()
    key = (format_type, lang)
    try:
        return _format_cache[key]
    except KeyError:
        pass
    value = None
    if use_l10n:
        assert lang is not None
        for module in get_format_modules(lang):
            value = getattr(module, format_type, None)
            if value is not None:
                break
    if value is None:
        if format_type not in FORMAT_SETTINGS:
            return format_type
        value = getattr(settings, format_type)
    elif format_type in ISO_INPUT_FORMATS:
        value = list(value)
        value.extend(fmt for fmt in ISO_INPUT_FORMATS[format_type] if fmt not in value)
    _format_cache[key] = value
    return value


get_format_lazy = lazy(get_format, str, list, tuple)


def date_format(value: Any, format: Any = None, use_l10n: bool | None = None) -> str:
    """A date or datetime in format ``format`` (a format name or letters; default DATE_FORMAT)."""
    return dateformat.format(value, get_format(format or "DATE_FORMAT", use_l10n=use_l10n))


def time_format(value: Any, format: Any = None, use_l10n: bool | None = None) -> str:
    """A time or datetime in format ``format`` (default TIME_FORMAT)."""
    return dateformat.time_format(value, get_format(format or "TIME_FORMAT", use_l10n=use_l10n))


def number_format(
    value: Any,
    decimal_pos: int | None = None,
    use_l10n: bool | None = None,
    force_grouping: bool = False,
) -> str:
    """A number with the current language's separators and grouping."""
    if use_l10n is None:
        use_l10n = True
    lang = get_language() if use_l10n else None
    decimal_sep, grouping, thousand_sep = _number_formats(lang, use_l10n)
    return numberformat.format(
        value,
        decimal_sep,
        decimal_pos,
        grouping,
        thousand_sep,
        force_grouping=force_grouping,
        use_l10n=use_l10n,
    )


def _number_formats(lang: str | None, use_l10n: bool) -> tuple[Any, Any, Any]:
    """The decimal separator, grouping and thousand separator for ``lang``.

    PERF: page-dtl (``floatformat`` on every row): one cache look-up rather than three
    ``get_format`` calls; kept in the format cache, so a settings change clears it too.
    """
    key = (_NUMBER_FORMATS if use_l10n else _NUMBER_FORMATS_UNLOCALIZED, lang)
    try:
        return _format_cache[key]  # type: ignore[no-any-return]
    except KeyError:
        pass
    value = (
        get_format("DECIMAL_SEPARATOR", lang, use_l10n=use_l10n),
        get_format("NUMBER_GROUPING", lang, use_l10n=use_l10n),
        get_format("THOUSAND_SEPARATOR", lang, use_l10n=use_l10n),
    )
    _format_cache[key] = value
    return value


#: The format-cache keys of ``_number_formats`` (no format setting has these names).
_NUMBER_FORMATS = " number formats"
_NUMBER_FORMATS_UNLOCALIZED = " number formats, unlocalized"


def localize(value: Any, use_l10n: bool | None = None) -> Any:
    """A number, date, datetime or time as text in the current locale; else ``value``.

    This is what a template does with ``{{ value }}``. Booleans stay
    ``"True"``/``"False"``; with ``use_l10n=False`` numbers are plain ``str()``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, decimal.Decimal | float | int):
        if use_l10n is False:
            return str(value)
        return number_format(value, use_l10n=use_l10n)
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT", use_l10n=use_l10n)
    if isinstance(value, datetime.date):
        return date_format(value, use_l10n=use_l10n)
    if isinstance(value, datetime.time):
        return time_format(value, use_l10n=use_l10n)
    return value


def localize_input(value: Any, default: str | None = None) -> Any:
    """A value as text for a form input: the first input format of its type, or ``default``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, decimal.Decimal | float | int):
        return number_format(value)
    if isinstance(value, datetime.datetime):
        fmt = default or get_format("DATETIME_INPUT_FORMATS")[0]
        return value.strftime(sanitize_strftime_format(fmt))
    if isinstance(value, datetime.date):
        fmt = default or get_format("DATE_INPUT_FORMATS")[0]
        return value.strftime(sanitize_strftime_format(fmt))
    if isinstance(value, datetime.time):
        fmt = default or get_format("TIME_INPUT_FORMATS")[0]
        return value.strftime(fmt)
    return value


_PADDED_WIDTHS = {"C": 2, "F": 10, "G": 4, "Y": 4}
_UNPADDED_DIRECTIVE = re.compile(r"((?:^|[^%])(?:%%)*)%([CFGY])")


@lru_cache(maxsize=64)
def sanitize_strftime_format(fmt: str) -> str:
    """``fmt`` with explicit zero padding on ``%C %F %G %Y`` where the C library needs it.

    glibc writes year 1 as "1" rather than "0001"; it accepts ``%04Y``.
    """
    if datetime.date(1, 1, 1).strftime("%Y") == "0001":
        return fmt
    return _UNPADDED_DIRECTIVE.sub(
        lambda m: f"{m[1]}%0{_PADDED_WIDTHS[m[2]]}{m[2]}",
        fmt,
    )


def sanitize_separators(value: Any) -> Any:
    """Typed number text with the locale's separators made Python's: "1.234,5" -> "1234.5"."""
    if not isinstance(value, str):
        return value
    parts: list[str] = []
    decimal_separator = get_format("DECIMAL_SEPARATOR")
    if decimal_separator in value:
        value, decimals = value.split(decimal_separator, 1)
        parts.append(decimals)
    if settings.USE_THOUSAND_SEPARATOR:
        thousand_sep = get_format("THOUSAND_SEPARATOR")
        # One "." not followed by three digits was most likely meant as the
        # decimal point.
        if not (thousand_sep == "." and value.count(".") == 1 and len(value.split(".")[-1]) != 3):
            for spelling in {thousand_sep, unicodedata.normalize("NFKD", thousand_sep)}:
                value = value.replace(spelling, "")
    parts.append(value)
    return ".".join(reversed(parts))

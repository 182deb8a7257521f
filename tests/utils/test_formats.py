"""scallion.utils.formats: which format applies, and localize()."""

from __future__ import annotations

import datetime
from decimal import Decimal

from scallion.test.utils import override_settings
from scallion.utils import formats
from scallion.utils.translation import gettext_lazy

MODULES = "tests.utils.format_modules"


def test_english_formats_apply_by_default() -> None:
    assert formats.get_format("DATE_FORMAT") == "N j, Y"
    assert formats.get_format("NUMBER_GROUPING") == 3  # English's, not the setting's 0
    assert formats.get_format("NUMBER_GROUPING", use_l10n=False) == 0
    assert formats.get_format(gettext_lazy("SHORT_DATE_FORMAT")) == "m/d/Y"
    # A name that is no format setting is a literal format.
    assert formats.get_format("Y-m-d") == "Y-m-d"


def test_settings_apply_when_no_module_has_the_format() -> None:
    with override_settings(LANGUAGE_CODE="xx", DATE_FORMAT="d.m.Y"):
        assert formats.get_format("DATE_FORMAT") == "d.m.Y"
    with override_settings(DATE_FORMAT="d.m.Y"):
        # English's format module wins over the setting, as in Django.
        assert formats.get_format("DATE_FORMAT") == "N j, Y"
        assert formats.get_format("DATE_FORMAT", use_l10n=False) == "d.m.Y"


def test_project_format_modules_and_cache_reset() -> None:
    with override_settings(FORMAT_MODULE_PATH=MODULES, LANGUAGE_CODE="de"):
        assert formats.get_format("DATE_FORMAT") == "j. F Y"
        assert formats.get_format("DECIMAL_SEPARATOR") == ","
        # ISO input formats are always accepted after a locale's own.
        assert formats.get_format("DATE_INPUT_FORMATS") == ["%d.%m.%Y", "%Y-%m-%d"]
        assert formats.date_format(datetime.date(2024, 3, 5)) == "5. March 2024"
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            assert formats.number_format(Decimal("1234567.891"), 2) == "1.234.567,89"
            assert formats.localize(1234) == "1.234"
        assert [m.__name__ for m in formats.get_format_modules("de-at")] == [
            f"{MODULES}.de.formats"
        ]
    # Leaving the override dropped the cached German formats.
    assert formats.get_format("DATE_FORMAT") == "N j, Y"
    with override_settings(FORMAT_MODULE_PATH=[MODULES]):
        assert formats.get_format("DECIMAL_SEPARATOR", lang="de") == ","


def test_date_time_and_number_format() -> None:
    moment = datetime.datetime(2009, 10, 25, 14, 30, 59)
    assert formats.date_format(moment) == "Oct. 25, 2009"
    assert formats.date_format(moment, "DATETIME_FORMAT") == "Oct. 25, 2009, 2:30 p.m."
    assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "10/25/2009 2:30 p.m."
    assert formats.date_format(moment, "YEAR_MONTH_FORMAT") == "October 2009"
    assert formats.date_format(moment, "MONTH_DAY_FORMAT") == "October 25"
    assert formats.date_format(moment, "Y/m/d") == "2009/10/25"
    assert formats.time_format(datetime.time(14, 30)) == "2:30 p.m."
    assert formats.number_format(1234.5, 2) == "1234.50"
    assert formats.number_format(1234.5, 2, force_grouping=True) == "1,234.50"


def test_localize() -> None:
    assert formats.localize("text") == "text"
    assert formats.localize(True) == "True"
    assert formats.localize(1234) == "1234"
    assert formats.localize(Decimal("1.50")) == "1.50"
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        assert formats.localize(1234567) == "1,234,567"
        assert formats.localize(1234567, use_l10n=False) == "1234567"
    assert formats.localize(datetime.datetime(2009, 10, 25, 0, 0)) == "Oct. 25, 2009, midnight"
    assert formats.localize(datetime.date(2009, 10, 25)) == "Oct. 25, 2009"
    assert formats.localize(datetime.time(12, 0)) == "noon"
    marker = object()
    assert formats.localize(marker) is marker


def test_localize_input_and_sanitize() -> None:
    assert formats.localize_input(datetime.datetime(2009, 10, 25, 14, 30, 59)) == (
        "2009-10-25 14:30:59"
    )
    assert formats.localize_input(datetime.date(1, 2, 3)) == "0001-02-03"
    assert formats.localize_input(datetime.time(14, 30)) == "14:30:00"
    assert formats.localize_input(datetime.date(2009, 1, 2), "%d/%m/%Y") == "02/01/2009"
    assert formats.localize_input(3.5) == "3.5"
    assert formats.localize_input(False) == "False"
    assert formats.sanitize_separators("1234.5") == "1234.5"
    assert formats.sanitize_separators(12) == 12
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        assert formats.sanitize_separators("1,234.5") == "1234.5"
    with override_settings(
        FORMAT_MODULE_PATH=MODULES, LANGUAGE_CODE="de", USE_THOUSAND_SEPARATOR=True
    ):
        assert formats.sanitize_separators("1.234,5") == "1234.5"
        assert formats.sanitize_separators("1.23") == "1.23"  # a decimal point, surely


def test_sanitize_strftime_format_pads_years() -> None:
    result = formats.sanitize_strftime_format("%Y-%m-%d %%Y")
    assert datetime.date(1, 1, 1).strftime(result).startswith("0001-01-01")
    assert result.endswith("%%Y")

"""scallion.utils.numberformat: separators, decimal places and grouping."""

from __future__ import annotations

import time
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from scallion.test.utils import override_settings
from scallion.utils.numberformat import format as nformat


def test_plain_numbers() -> None:
    assert nformat(1234, ".") == "1234"
    assert nformat(1234.2, ".") == "1234.2"
    assert nformat(1234, ".", decimal_pos=2) == "1234.00"
    assert nformat(1234, ".", grouping=2, thousand_sep=",") == "1234"
    assert nformat(1234, ".", grouping=2, thousand_sep=",", force_grouping=True) == "12,34"
    assert nformat(-1234.33, ".", decimal_pos=1) == "-1234.3"
    assert nformat("10000", ".", grouping=3, thousand_sep="comma", force_grouping=True) == (
        "10comma000"
    )


def test_none_and_empty_come_back() -> None:
    assert nformat(None, ".") == "None"
    assert nformat("", ".") == ""


def test_grouping_follows_the_setting() -> None:
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        assert nformat(1234, ".", grouping=3, thousand_sep=",") == "1,234"
        assert nformat(1234, ".", grouping=3, thousand_sep=",", use_l10n=False) == "1234"
        assert nformat(1234, ".", grouping=0, thousand_sep=",") == "1234"


def test_indian_grouping_exactly() -> None:
    assert nformat(
        1_000_000_000, ".", grouping=(3, 2, 0), thousand_sep=",", force_grouping=True
    ) == ("1,00,00,00,000")
    # The last size repeats, with or without a closing 0.
    assert nformat(1_000_000_000, ".", grouping=(3, 2), thousand_sep=",", force_grouping=True) == (
        "1,00,00,00,000"
    )
    assert nformat(1_000_000_000, ".", grouping=(3, 1), thousand_sep=",", force_grouping=True) == (
        "1,0,0,0,0,0,0,000"
    )


def test_decimals() -> None:
    assert nformat(Decimal("1234"), ".") == "1234"
    assert nformat(Decimal("1234.2"), ".") == "1234.2"
    assert nformat(Decimal("1234"), ".", decimal_pos=2) == "1234.00"
    assert nformat(Decimal("-1234.33"), ".", decimal_pos=1) == "-1234.3"
    assert nformat(Decimal("0.00000001"), ".", decimal_pos=8) == "0.00000001"
    assert nformat(Decimal("9e-19"), ".", decimal_pos=2) == "0.00"
    assert nformat(Decimal("-0.5"), ".", decimal_pos=0) == "-0"
    assert nformat(Decimal(".00000000000099"), ".", decimal_pos=0) == "0"
    assert nformat(Decimal("1e16"), ".", thousand_sep=",", grouping=3, force_grouping=True) == (
        "10,000,000,000,000,000"
    )
    assert nformat(Decimal("NaN"), ".") == "NaN"
    assert nformat(Decimal("-Infinity"), ".") == "-Infinity"
    # Django raises InvalidOperation here (comparing NaN with the cut-off).
    assert nformat(Decimal("NaN"), ".", decimal_pos=2) == "NaN"
    assert nformat(Decimal("-sNaN"), ".", decimal_pos=0) == "-sNaN"


def test_huge_and_tiny_decimals_use_scientific_notation() -> None:
    assert nformat(Decimal("1e200"), ".") == "1e+200"
    assert nformat(Decimal("1234e200"), ".", decimal_pos=2) == "1.23e+203"
    assert nformat(Decimal("-1e-300"), ".") == "-1e-300"
    assert nformat(1e200, ".") == "1e+200"
    start = time.process_time()
    assert nformat(Decimal("1e999999999"), ".", decimal_pos=2) == "1.00e+999999999"
    assert time.process_time() - start < 5


def test_floats_in_exponent_form() -> None:
    assert nformat(1e-10, ".", decimal_pos=12) == "0.000000000100"
    assert nformat(9e-19, ".", decimal_pos=2) == "0.00"
    assert nformat(1e16, ".", thousand_sep=",", grouping=3, force_grouping=True) == (
        "10,000,000,000,000,000"
    )


@given(st.integers(-(10**40), 10**40))
def test_grouped_integers_read_back(n: int) -> None:
    text = nformat(n, ".", grouping=3, thousand_sep=",", force_grouping=True)
    assert int(text.replace(",", "")) == n
    groups = text.lstrip("-").split(",")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3

"""Numbers as text with a chosen decimal separator, decimal places and digit grouping."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from scallion.conf import settings
from scallion.utils.safestring import mark_safe

__all__ = ["format"]

# Past this many digits a Decimal is written in scientific notation: "{:f}" of
# Decimal("1e100000") would build a 100,000-digit string.
_MAX_PLAIN_DIGITS = 200


def _group(int_part: str, grouping: int | Sequence[int], thousand_sep: str) -> str:
    """``int_part`` with ``thousand_sep`` between groups, counted from the right.

    ``grouping`` is one group size, or sizes from the right as Python's
    ``locale.localeconv()`` gives them: ``(3, 2, 0)`` is Indian grouping, a 0
    repeats the size before it.
    """
    sizes = [grouping, 0] if isinstance(grouping, int) else list(grouping)
    size = sizes.pop(0)
    reversed_parts: list[str] = []
    run = 0
    reversed_sep = thousand_sep[::-1]
    for digit in reversed(int_part):
        if run and run == size:
            if sizes:
                size = sizes.pop(0) or size
            reversed_parts.append(reversed_sep)
            run = 0
        reversed_parts.append(digit)
        run += 1
    return "".join(reversed_parts)[::-1]


def format(
    number: Any,
    decimal_sep: str,
    decimal_pos: int | None = None,
    grouping: int | Sequence[int] = 0,
    thousand_sep: str = "",
    force_grouping: bool = False,
    use_l10n: bool | None = None,
) -> str:
    """``number`` (a number or numeric string) as text.

    ``decimal_pos`` cuts or pads the decimals (cut, not rounded: round
    first); grouping applies when ``force_grouping`` is set or, with
    ``use_l10n`` (the default), when ``USE_THOUSAND_SEPARATOR`` is on, and
    ``grouping`` is not 0. ``None`` and "" come back as they are (marked safe).
    """
    if number is None or number == "":
        return mark_safe(number)  # type: ignore[no-any-return]
    if use_l10n is None:
        use_l10n = True
    use_grouping = use_l10n and _thousand_separator_on()
    use_grouping = (use_grouping or force_grouping) and grouping != 0
    if isinstance(number, int) and not use_grouping and not decimal_pos:
        return mark_safe(number)  # type: ignore[no-any-return]

    if isinstance(number, float) and "e" in str(number).lower():
        number = Decimal(str(number))
    if isinstance(number, Decimal):
        if not number.is_finite():
            return str(number)
        if decimal_pos is not None and (
            number.is_zero() or number.adjusted() < -max(decimal_pos, 1)
        ):
            # Too small to show in any of the decimals asked for (under 0.1
            # for none, so that -0.5 still shows as "-0"). Compared by
            # exponent: arithmetic on a Decimal like 1e999999999 overflows.
            number = Decimal(0)
        _, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)
        if abs(exponent) + len(digits) > _MAX_PLAIN_DIGITS:
            coefficient, exp = f"{number:e}".split("e")
            formatted = format(
                coefficient,
                decimal_sep,
                decimal_pos,
                grouping,
                thousand_sep,
                force_grouping,
                use_l10n,
            )
            return f"{formatted}e{exp}"
        text = f"{number:f}"
    else:
        text = str(number)

    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    int_part, _, dec_part = text.partition(".")
    if decimal_pos is not None:
        dec_part = dec_part[:decimal_pos].ljust(decimal_pos, "0")
    if dec_part:
        dec_part = decimal_sep + dec_part
    if use_grouping:
        int_part = _group(int_part, grouping, thousand_sep)
    return sign + int_part + dec_part


def _thousand_separator_on() -> bool:
    return bool(settings.USE_THOUSAND_SEPARATOR)

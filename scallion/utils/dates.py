"""Names of weekdays and months, in every form the date formats use.

Keys are Python's numbering: ``date.weekday()`` (Monday is 0) and
``date.month`` (January is 1). The names are lazy messages, as Django's are,
so code that translates them keeps working.
"""

from __future__ import annotations

from typing import Any

from scallion.utils.translation import gettext_lazy, pgettext_lazy

__all__ = ["MONTHS", "MONTHS_3", "MONTHS_ALT", "MONTHS_AP", "WEEKDAYS", "WEEKDAYS_ABBR"]

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Associated Press style: five short names spelled out, "Sept." with four letters.
_AP_NAMES = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)

WEEKDAYS: dict[int, Any] = {i: gettext_lazy(name) for i, name in enumerate(_DAY_NAMES)}
WEEKDAYS_ABBR: dict[int, Any] = {i: gettext_lazy(name[:3]) for i, name in enumerate(_DAY_NAMES)}
MONTHS: dict[int, Any] = {i: gettext_lazy(name) for i, name in enumerate(_MONTH_NAMES, 1)}
#: Three lower-case letters: "jan" ... "dec".
MONTHS_3: dict[int, Any] = {
    i: gettext_lazy(name[:3].lower()) for i, name in enumerate(_MONTH_NAMES, 1)
}
MONTHS_AP: dict[int, Any] = {
    i: pgettext_lazy("abbrev. month", name) for i, name in enumerate(_AP_NAMES, 1)
}
#: The month as it stands alone; some languages inflect it inside a date.
MONTHS_ALT: dict[int, Any] = {
    i: pgettext_lazy("alt. month", name) for i, name in enumerate(_MONTH_NAMES, 1)
}

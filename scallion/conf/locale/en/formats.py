"""English (and the default) date, time and number formats.

The display formats use the letters of the ``date`` filter; the input formats
are ``strptime`` patterns, tried in order when text is read as a date. A
project can give other languages their formats with ``FORMAT_MODULE_PATH``.
"""

from __future__ import annotations

DATE_FORMAT = "N j, Y"  # Oct. 25, 2006
TIME_FORMAT = "P"  # 2:30 p.m.
DATETIME_FORMAT = "N j, Y, P"  # Oct. 25, 2006, 2:30 p.m.
YEAR_MONTH_FORMAT = "F Y"  # October 2006
MONTH_DAY_FORMAT = "F j"  # October 25
SHORT_DATE_FORMAT = "m/d/Y"  # 10/25/2006
SHORT_DATETIME_FORMAT = "m/d/Y P"  # 10/25/2006 2:30 p.m.
FIRST_DAY_OF_WEEK = 0  # Sunday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2006-10-25
    "%m/%d/%Y",  # 10/25/2006
    "%m/%d/%y",  # 10/25/06
    "%b %d %Y",  # Oct 25 2006
    "%b %d, %Y",  # Oct 25, 2006
    "%d %b %Y",  # 25 Oct 2006
    "%d %b, %Y",  # 25 Oct, 2006
    "%B %d %Y",  # October 25 2006
    "%B %d, %Y",  # October 25, 2006
    "%d %B %Y",  # 25 October 2006
    "%d %B, %Y",  # 25 October, 2006
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
    "%H:%M",  # 14:30
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2006-10-25 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2006-10-25 14:30:59.000200
    "%Y-%m-%d %H:%M",  # 2006-10-25 14:30
    "%m/%d/%Y %H:%M:%S",  # 10/25/2006 14:30:59
    "%m/%d/%Y %H:%M:%S.%f",  # 10/25/2006 14:30:59.000200
    "%m/%d/%Y %H:%M",  # 10/25/2006 14:30
    "%m/%d/%y %H:%M:%S",  # 10/25/06 14:30:59
    "%m/%d/%y %H:%M:%S.%f",  # 10/25/06 14:30:59.000200
    "%m/%d/%y %H:%M",  # 10/25/06 14:30
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

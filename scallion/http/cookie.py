"""Request cookie parsing, as forgiving as browsers (Django's ``parse_cookie``)."""

from __future__ import annotations

import re
from http import cookies

SimpleCookie = cookies.SimpleCookie

#: One escape inside a quoted cookie value: ``\\ooo`` (an octal byte) or ``\\c``.
_ESCAPE = re.compile(r"\\(?:([0-3][0-7][0-7])|(.))")


def _unescape(match: re.Match[str]) -> str:
    octal, char = match.groups()
    return chr(int(octal, 8)) if octal else char


def _unquote(value: str) -> str:
    """A quoted cookie value (``"a\\"b"``) unquoted; an unquoted one as it is.

    The same result as ``http.cookies._unquote``, in one regular-expression
    pass. CPython's own was quadratic in the number of backslashes before
    3.11.10, 3.12.6 and 3.13 (CVE-2024-7592): 60 kB of them cost seconds.
    """
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    inner = value[1:-1]
    if "\\" not in inner:
        return inner
    return _ESCAPE.sub(_unescape, inner)


def parse_cookie(cookie: str) -> dict[str, str]:
    """Parse a ``Cookie`` header into a dict; malformed pairs are skipped, never raised.

    Unlike ``SimpleCookie.load``, one bad pair does not discard the rest of the
    header (browsers send what servers set, including characters the RFC forbids).
    """
    cookiedict: dict[str, str] = {}
    for chunk in cookie.split(";"):
        if "=" in chunk:
            key, val = chunk.split("=", 1)
        else:
            # Assume an empty name per https://bugzilla.mozilla.org/show_bug.cgi?id=169091
            key, val = "", chunk
        key, val = key.strip(), val.strip()
        if key or val:
            try:
                cookiedict[key] = _unquote(val)
            except Exception:
                continue
    return cookiedict

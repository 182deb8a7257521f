"""Request cookie parsing, as forgiving as browsers (Django's ``parse_cookie``)."""

from __future__ import annotations

from http import cookies

SimpleCookie = cookies.SimpleCookie

# PERF: hello/stack rows parse the Cookie header of every request with a session.
_unquote = cookies._unquote


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

"""Which request header names may become ``META`` keys.

WSGI folds ``-`` into ``_`` when it builds ``HTTP_*`` keys, so ``X-Forwarded-For``
and ``X_Forwarded_For`` land on the same key and a client could spoof a header a
proxy set. Header names containing ``_`` are therefore dropped. Under WSGI the
server must do it (the environ no longer shows which one was sent; waitress and
gunicorn drop such headers); the ASGI edge sees raw names and calls
:func:`is_valid_header_name_for_meta` itself.
"""

from __future__ import annotations

import re

# RFC 9110 5.6.2 token characters, without "_".
_META_SAFE_NAME = re.compile(rb"[!#$%&'*+\-.^`|~0-9A-Za-z]+")


def is_valid_header_name_for_meta(raw_name: bytes) -> bool:
    """True if a raw header name is an RFC 9110 token without an underscore."""
    return _META_SAFE_NAME.fullmatch(raw_name) is not None


def meta_key_for_header(raw_name: bytes) -> str | None:
    """The ``META`` key for a raw header name (``HTTP_X_FOO``, ``CONTENT_TYPE``), or None.

    None means "drop this header" (an underscore or a character outside the token
    grammar).
    """
    if not is_valid_header_name_for_meta(raw_name):
        return None
    key = raw_name.decode("ascii").upper().replace("-", "_")
    if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        return key
    return "HTTP_" + key


__all__ = ["is_valid_header_name_for_meta", "meta_key_for_header"]

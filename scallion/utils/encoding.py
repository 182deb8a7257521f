"""Text to URI: Django's ``iri_to_uri``, for headers and absolute URLs."""

from __future__ import annotations

from typing import overload
from urllib.parse import quote

__all__ = ["iri_to_uri"]

# RFC 3987 section 3.1 turns an IRI into a URI by percent-encoding, as UTF-8,
# everything that is not allowed in a URI. The reserved characters stay as
# they are (they mean something), and so does "%" (the IRI may already hold
# percent-escapes), which makes the conversion idempotent. "~" is unreserved.
_URI_SAFE = "/#%[]=:;$&()+,!?*@'~"


@overload
def iri_to_uri(iri: None) -> None: ...
@overload
def iri_to_uri(iri: object) -> str: ...
def iri_to_uri(iri: object) -> str | None:
    """``iri`` with its non-ASCII (and other non-URI) characters percent-encoded.

    ``None`` is returned as it is; a lazy string is evaluated first.
    """
    if iri is None:
        return None
    return quote(str(iri), safe=_URI_SAFE)


@overload
def filepath_to_uri(path: None) -> None: ...
@overload
def filepath_to_uri(path: object) -> str: ...
def filepath_to_uri(path: object) -> str | None:
    """A file path as a URL path: backslashes become ``/``, URL syntax characters are quoted.

    ``'`` is left as it is (it is valid in a URL), as JavaScript's
    ``encodeURIComponent`` leaves it.
    """
    if path is None:
        return None
    return quote(str(path).replace("\\", "/"), safe="/~!*()'")

"""Text, bytes and URIs: Django's ``force_str``/``force_bytes`` family and IRI helpers.

``force_str`` and ``force_bytes`` turn anything into text or bytes (lazy strings
included); the ``smart_*`` variants leave lazy strings lazy. ``iri_to_uri`` and
``uri_to_iri`` convert between internationalised and ASCII-only URLs as RFC 3987
describes, both idempotent.
"""

from __future__ import annotations

import codecs
import datetime
import locale
from decimal import Decimal
from typing import Any, overload
from urllib.parse import quote

from scallion.utils.functional import Promise

__all__ = [
    "DjangoUnicodeDecodeError",
    "escape_uri_path",
    "filepath_to_uri",
    "force_bytes",
    "force_str",
    "get_system_encoding",
    "iri_to_uri",
    "is_protected_type",
    "punycode",
    "repercent_broken_unicode",
    "smart_bytes",
    "smart_str",
    "uri_to_iri",
]


class DjangoUnicodeDecodeError(UnicodeDecodeError):
    """Bytes that do not decode; the message shows them (Django's name)."""

    def __str__(self) -> str:
        return f"{super().__str__()}. You passed in {self.object!r} ({type(self.object)})"


#: Left as they are by ``force_str(..., strings_only=True)``.
_PROTECTED_TYPES = (
    type(None),
    int,
    float,
    Decimal,
    datetime.datetime,
    datetime.date,
    datetime.time,
)


def is_protected_type(obj: object) -> bool:
    """True for the values ``strings_only=True`` keeps: None, numbers, dates and times."""
    return isinstance(obj, _PROTECTED_TYPES)


def force_str(
    s: Any, encoding: str = "utf-8", strings_only: bool = False, errors: str = "strict"
) -> Any:
    """``s`` as text: bytes decoded with ``encoding``, other objects through ``str()``.

    A decoding error is a ``DjangoUnicodeDecodeError`` that shows the bytes.
    """
    if issubclass(type(s), str):
        return s
    if strings_only and is_protected_type(s):
        return s
    try:
        return str(s, encoding, errors) if isinstance(s, bytes) else str(s)
    except UnicodeDecodeError as exc:
        raise DjangoUnicodeDecodeError(*exc.args) from None


def smart_str(
    s: Any, encoding: str = "utf-8", strings_only: bool = False, errors: str = "strict"
) -> Any:
    """``force_str``, except that a lazy string stays lazy."""
    if isinstance(s, Promise):
        return s
    return force_str(s, encoding, strings_only, errors)


def force_bytes(
    s: Any, encoding: str = "utf-8", strings_only: bool = False, errors: str = "strict"
) -> Any:
    """``s`` as bytes in ``encoding`` (bytes are taken to be UTF-8 and re-encoded)."""
    if isinstance(s, bytes):
        if encoding == "utf-8":
            return s
        return s.decode("utf-8", errors).encode(encoding, errors)
    if strings_only and is_protected_type(s):
        return s
    if isinstance(s, memoryview):
        return bytes(s)
    return str(s).encode(encoding, errors)


def smart_bytes(
    s: Any, encoding: str = "utf-8", strings_only: bool = False, errors: str = "strict"
) -> Any:
    """``force_bytes``, except that a lazy string stays lazy."""
    if isinstance(s, Promise):
        return s
    return force_bytes(s, encoding, strings_only, errors)


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


#: The bytes whose ``%XX`` escape ``uri_to_iri`` decodes: unreserved ASCII (letters, digits
#: aside, ``-._~``) and every byte from 0x80 up (the parts of UTF-8 sequences).
_DECODABLE = frozenset(
    [*b"-._~", *range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1), *range(0x80, 0x100)]
)
_HEX = frozenset(b"0123456789abcdefABCDEF")


@overload
def uri_to_iri(uri: None) -> None: ...
@overload
def uri_to_iri(uri: object) -> str: ...
def uri_to_iri(uri: object) -> str | None:
    """The IRI of ``uri`` (RFC 3987 section 3.2): percent-escapes that stand for
    unreserved characters or UTF-8 are decoded; the others, and any byte sequence
    that is not valid UTF-8, stay escaped."""
    if uri is None:
        return None
    raw: bytes = force_bytes(uri)
    head, *escapes = raw.split(b"%")
    parts = [head]
    for piece in escapes:
        hex_digits = piece[:2]
        if len(hex_digits) == 2 and _HEX.issuperset(hex_digits):
            byte = int(hex_digits, 16)
            if byte in _DECODABLE:  # any spelling: %ab, %AB, %Ab
                parts += [bytes((byte,)), piece[2:]]
                continue
        parts += [b"%", piece]
    result: str = repercent_broken_unicode(b"".join(parts)).decode()
    return result


def repercent_broken_unicode(path: bytes) -> bytes:
    """``path`` with every byte that is not part of valid UTF-8 percent-encoded again.

    A loop, not recursion: a long run of bad bytes costs no stack (CVE-2019-14235).
    """
    fixed: list[bytes] = []
    while True:
        try:
            path.decode()
        except UnicodeDecodeError as exc:
            escaped = quote(path[exc.start : exc.end], safe=_URI_SAFE).encode()
            fixed.append(path[: exc.start] + escaped)
            path = path[exc.end :]
        else:
            return b"".join(fixed) + path


def escape_uri_path(path: str) -> str:
    """``path`` (a whole URL path, slashes kept) with the characters unsafe in it escaped."""
    return quote(path, safe="/:@&+$,-_.!~*'()")


def punycode(domain: str) -> str:
    """The ASCII (IDNA) form of a domain name."""
    return domain.encode("idna").decode("ascii")


@overload
def filepath_to_uri(path: None) -> None: ...
@overload
def filepath_to_uri(path: object) -> str: ...
def filepath_to_uri(path: object) -> str | None:
    """A file system path as a URL portion: backslashes become slashes, and the
    characters special in URLs are escaped (not ``'``, as ``encodeURIComponent``)."""
    if path is None:
        return None
    return quote(str(path).replace("\\", "/"), safe="/~!*()'")


def get_system_encoding() -> str:
    """The locale's encoding, or ``ascii`` when it is unknown or Python lacks it."""
    try:
        encoding = locale.getlocale()[1] or "ascii"
        codecs.lookup(encoding)
    except Exception:
        encoding = "ascii"
    return encoding

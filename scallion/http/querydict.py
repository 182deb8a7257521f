"""``QueryDict``: the multi-valued dict of a query string or a urlencoded form.

``request.GET`` and a urlencoded ``request.POST`` are QueryDicts; so is the
``data`` a form parser returns. The decoder lives here too: one pass for what
browsers send (ASCII with percent-escapes, in UTF-8), a general one for the rest.
This module needs only the settings and ``MultiValueDict``, so the request and
every body parser can import it without importing each other.
"""

from __future__ import annotations

import copy
import itertools
from _codecs import escape_decode
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote_plus, urlencode

from scallion.conf import settings
from scallion.core.exceptions import TooManyFieldsSent
from scallion.utils.datastructures import MultiValueDict

__all__ = ["QueryDict"]

#: ``max_num_fields``'s default: take ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` when parsing.
FROM_SETTINGS: Any = object()


class QueryDict(MultiValueDict[str, str]):
    """An immutable multi-valued dict of a query string or form body.

    Only ``&`` separates parameters (``;`` does not: a cache-poisoning defence),
    ``+`` means space, invalid percent-escapes and invalid UTF-8 are replaced
    rather than raised, and more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields
    raise TooManyFieldsSent (400). Use ``copy()`` for a mutable one.
    """

    _mutable = True
    _encoding: str | None = None

    def __init__(
        self,
        query_string: str | bytes | None = None,
        mutable: bool = False,
        encoding: str | None = None,
        max_num_fields: int | object | None = FROM_SETTINGS,
    ) -> None:
        dict.__init__(self)  # MultiValueDict.__init__ with nothing to add. PERF: form.
        self._encoding = encoding = encoding or settings.DEFAULT_CHARSET
        if query_string:
            if max_num_fields is FROM_SETTINGS:
                max_num_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            if query_string.__class__ is str and "%" not in query_string:
                # Nothing escaped: the plain split (PERF: json - no call to find that out).
                self._parse_into(query_string, max_num_fields)  # type: ignore[arg-type]
            # PERF: form. What browsers send (ASCII, escaped, UTF-8) is decoded in one pass.
            elif encoding in _UTF8_NAMES and (escaped := _escaped_ascii(query_string)) is not None:
                self._parse_escaped_into(escaped, max_num_fields)  # type: ignore[arg-type]
            else:
                if isinstance(query_string, bytes):
                    raw = query_string
                    try:
                        query_string = raw.decode(self.encoding)
                    except UnicodeDecodeError:
                        query_string = raw.decode("iso-8859-1")
                self._parse_into(query_string, max_num_fields)  # type: ignore[arg-type]
        self._mutable = mutable

    def _parse_into(self, query_string: str, max_num_fields: int | None) -> None:
        # Counted as Django (urllib's parse_qsl) counts, empty fields included,
        # and refused before anything is split.
        if max_num_fields is not None and query_string.count("&") >= max_num_fields:
            raise TooManyFieldsSent(
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
            )
        pairs = query_string.split("&")
        encoding = self._encoding or self.encoding
        setdefault = dict.setdefault
        for pair in pairs:
            if not pair:
                continue
            key, _, value = pair.partition("=")
            # PERF: json/form rows - skip unquoting of plain tokens.
            if "%" in key or "+" in key:
                key = unquote_plus(key, encoding=encoding, errors="replace")
            if "%" in value or "+" in value:
                value = unquote_plus(value, encoding=encoding, errors="replace")
            setdefault(self, key, []).append(value)

    def _parse_escaped_into(self, data: bytes, max_num_fields: int | None) -> None:
        """Parse an ASCII, UTF-8 form body with percent-escapes, decoding it in one pass.

        Same result as unquoting each name and value (``_parse_into``), but the
        escapes of the whole body are decoded together and the text decoded from
        UTF-8 once. The pairs are split on a newline standing for ``&`` (the
        caller checked that the data holds none), so an escaped ``&`` can be
        decoded with the rest; ``%0A``, ``%3D`` and ``%25``, which would be
        taken for a separator, a ``=`` or the start of an escape, stay escaped
        and are decoded in the few names or values that hold them. PERF: form.
        """
        if max_num_fields is not None and data.count(b"&") >= max_num_fields:
            raise TooManyFieldsSent(  # counted as in _parse_into, before any work
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
            )
        data = data.translate(_FORM_SEPARATORS)
        decoded: bytes | None = None
        if b"\\" not in data:
            try:
                decoded = escape_decode(data.replace(b"%", b"\\x"))[0]
            except ValueError:
                pass  # an invalid escape ("%zz", a final "%")
            else:
                if decoded.count(b"=") != data.count(b"="):
                    decoded = None  # an escape decoded to "="
        kept_escapes = decoded is None
        if decoded is None:
            decoded = _decode_keeping_separators(data)
        text = decoded.decode("utf-8", "replace")
        pairs = text.split("\n")
        if not kept_escapes and len(pairs) != data.count(b"\n") + 1:
            # An escape decoded to a newline (the pair separator here): again,
            # keeping those escaped.
            kept_escapes = True
            text = _decode_keeping_separators(data).decode("utf-8", "replace")
            pairs = text.split("\n")
        setdefault = dict.setdefault
        if not kept_escapes or "%" not in text:
            for key, _, value in map(str.partition, filter(None, pairs), _EQUALS_SIGNS):
                setdefault(self, key, []).append(value)
            return
        for key, _, value in map(str.partition, filter(None, pairs), _EQUALS_SIGNS):
            if "%" in key:
                key = _unescape_kept(key)
            if "%" in value:
                value = _unescape_kept(value)
            setdefault(self, key, []).append(value)

    @classmethod
    def fromkeys(  # type: ignore[override]
        cls,
        iterable: Iterable[str],
        value: str = "",
        mutable: bool = False,
        encoding: str | None = None,
    ) -> QueryDict:
        q = cls("", mutable=True, encoding=encoding)
        for key in iterable:
            q.appendlist(key, value)
        if not mutable:
            q._mutable = False
        return q

    @property
    def encoding(self) -> str:
        if self._encoding is None:
            self._encoding = str(settings.DEFAULT_CHARSET)
        return self._encoding

    @encoding.setter
    def encoding(self, value: str) -> None:
        self._encoding = value

    def _assert_mutable(self) -> None:
        if not self._mutable:
            raise AttributeError("This QueryDict instance is immutable")

    def _text(self, value: Any) -> Any:
        """Bytes become text in the dict's encoding (undecodable bytes as U+FFFD)."""
        return value.decode(self.encoding, "replace") if isinstance(value, bytes) else value

    def __setitem__(self, key: str, value: str) -> None:  # type: ignore[override]
        self._assert_mutable()
        super().__setitem__(self._text(key), self._text(value))

    def __delitem__(self, key: str) -> None:
        self._assert_mutable()
        super().__delitem__(key)

    def __copy__(self) -> QueryDict:
        result = self.__class__("", mutable=True, encoding=self.encoding)
        for key, value in self.lists():
            result.setlist(key, value)
        return result

    def __deepcopy__(self, memo: dict[int, Any]) -> QueryDict:
        result = self.__class__("", mutable=True, encoding=self.encoding)
        memo[id(self)] = result
        for key, value in self.lists():
            result.setlist(copy.deepcopy(key, memo), copy.deepcopy(value, memo))
        return result

    def setlist(self, key: str, list_: list[str]) -> None:
        self._assert_mutable()
        super().setlist(self._text(key), [self._text(item) for item in list_])

    def setlistdefault(self, key: str, default_list: list[str] | None = None) -> list[str]:
        self._assert_mutable()
        return super().setlistdefault(self._text(key), default_list)

    def appendlist(self, key: str, value: str) -> None:
        self._assert_mutable()
        super().appendlist(self._text(key), self._text(value))

    def pop(self, key: str, *args: Any) -> Any:
        self._assert_mutable()
        return super().pop(key, *args)

    def popitem(self) -> tuple[str, list[str]]:
        self._assert_mutable()
        return super().popitem()

    def clear(self) -> None:
        self._assert_mutable()
        super().clear()

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._assert_mutable()
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._assert_mutable()
        super().update(*args, **kwargs)

    def copy(self) -> QueryDict:
        """A mutable deep copy."""
        return self.__deepcopy__({})

    def urlencode(self, safe: str | None = None) -> str:
        """The query string, with ``safe`` characters left unescaped."""
        output: list[str] = []
        if safe:
            safe_bytes = safe.encode(self.encoding)

            def encode(k: bytes, v: bytes) -> str:
                return f"{quote(k, safe_bytes)}={quote(v, safe_bytes)}"

        else:

            def encode(k: bytes, v: bytes) -> str:
                return urlencode({k: v})

        for k, list_ in self.lists():
            output.extend(
                encode(k.encode(self.encoding), str(v).encode(self.encoding)) for v in list_
            )
        return "&".join(output)


# Two hex digits -> the byte they escape, in every letter case (as urllib decodes),
# except the bytes QueryDict._parse_escaped_into keeps escaped: "%", "\n", "=".
_PERCENT_BYTES = {
    (high + low).encode(): bytes.fromhex(high + low)
    for high in "0123456789ABCDEFabcdef"
    for low in "0123456789ABCDEFabcdef"
    if bytes.fromhex(high + low) not in (b"%", b"\n", b"=")
}
# "%25" first: the rewrite of the others puts a "%25" in front of them.
_KEPT_ESCAPES = (b"%25", b"%0A", b"%0a", b"%3D", b"%3d")
_EQUALS_SIGNS = itertools.repeat("=")
# "&" -> "\n" (see QueryDict._parse_escaped_into), "+" -> " ", in one pass.
_FORM_SEPARATORS = bytes.maketrans(b"&+", b"\n ")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "UTF-8", "UTF8"})
# Bytes decoded per step by _decode_keeping_separators's Python loop.
_DECODE_SLICE = 1 << 16


def _escaped_ascii(query_string: str | bytes) -> bytes | None:
    """The data for ``_parse_escaped_into``, or None when the general parser must run.

    The one-pass decoding applies to what browsers send: ASCII with percent-escapes
    (in UTF-8, checked by the caller), and no raw newline (which it uses as the
    pair separator).
    """
    if isinstance(query_string, bytes):
        if b"%" in query_string and b"\n" not in query_string and query_string.isascii():
            return query_string
        return None
    if "%" in query_string and "\n" not in query_string and query_string.isascii():
        return query_string.encode("ascii")
    return None


def _decode_keeping_separators(data: bytes) -> bytes:
    """``data`` with its escapes decoded, except those of ``%``, ``\\n`` and ``=``.

    The rare case of ``QueryDict._parse_escaped_into``: those three escapes are
    rewritten to decode to themselves (``%0A`` -> ``%250A`` -> ``%0A``) and
    ``_unescape_kept`` decodes them in the names and values that hold them.
    Data the C decoder would misread (a raw backslash, an invalid escape such
    as ``%zz``) takes a Python loop with the same result.
    """
    if b"\\" not in data:
        rewritten = data
        for kept in _KEPT_ESCAPES:
            if kept in rewritten:
                rewritten = rewritten.replace(kept, b"%25" + kept[1:])
        try:
            return escape_decode(rewritten.replace(b"%", b"\\x"))[0]
        except ValueError:
            pass  # an invalid escape: the loop below keeps it as it is
    # In slices, into one bytearray: b"".join of a list of every piece takes an
    # 80-byte buffer view per item, so "%%%..." cost 170 bytes per byte of input.
    out = bytearray()
    byte_of = _PERCENT_BYTES.get
    start, size = 0, len(data)
    while start < size:
        end = min(start + _DECODE_SLICE, size)
        if end < size and (cut := data.rfind(b"%", end - 2, end)) >= 0:
            end = cut  # the escape would straddle the slices: the next one starts at it
        pieces = iter(data[start:end].split(b"%"))
        out += next(pieces)
        for piece in pieces:
            byte = byte_of(piece[:2])
            if byte is None:
                out += b"%"
                out += piece
            else:
                out += byte
                out += piece[2:]
        start = end
    return bytes(out)


def _unescape_kept(token: str) -> str:
    """Decode the escapes the one-pass decoding kept; ``%25`` last, so that its
    ``%`` does not start another escape."""
    return (
        token.replace("%3D", "=")
        .replace("%3d", "=")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%25", "%")
    )

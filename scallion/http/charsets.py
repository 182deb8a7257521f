"""Which ``charset`` a request body may declare.

A client names the charset of a form in its ``Content-Type``; Python's codec
registry knows many names that are not character sets at all (``rot13``,
``zlib``, ``base64``, ``hex``...), and decoding a form with one of them raises
instead of producing text. Only text encodings are used here; a body that
declares another codec is a client error (400). A name Python does not know is
ignored, as Django does, and the default (UTF-8) applies.
"""

from __future__ import annotations

import codecs

from scallion.core.exceptions import BadRequest

#: Codecs registered as text encodings that still cannot decode arbitrary
#: bytes (they raise whatever the error handler), or that interpret Python
#: escapes rather than a character set.
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})

#: A client chooses these names: the memo of verdicts is bounded.
_MEMO_SIZE = 64
_codec_names: dict[str, str | None] = {"utf-8": "utf-8"}
_NOT_TEXT = ""


def _lookup(name: str) -> str | None:
    """The codec's canonical name, ``""`` for a codec that is not a charset, or None."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    canonical = info.name.replace("_", "-")
    if not getattr(info, "_is_text_encoding", True) or canonical in _NOT_CHARSETS:
        return _NOT_TEXT
    return canonical


def _verdict(name: str) -> str | None:
    try:
        return _codec_names[name]
    except KeyError:
        pass
    verdict = _lookup(name)
    if len(_codec_names) < _MEMO_SIZE:
        _codec_names[name] = verdict
    return verdict


def is_text_encoding(name: str) -> bool:
    """True if ``name`` is a character set Python can decode any bytes with."""
    return bool(_verdict(name))


def is_utf8(name: str) -> bool:
    """True if ``name`` is a spelling of UTF-8 (``utf-8``, ``UTF8``, ``utf_8``...)."""
    return _verdict(name) == "utf-8"


def declared_charset(charset: str | None) -> str | None:
    """The charset a body declares, if it is to be used.

    None for no charset and for a name Python does not know (ignored, as in
    Django); the name for a text encoding; a ``BadRequest`` for a codec that
    is not a text encoding.
    """
    if not charset:
        return None
    verdict = _verdict(charset)
    if verdict is None:
        return None
    if not verdict:
        raise BadRequest(f"The request body's charset {charset[:40]!r} is not a text encoding.")
    return charset


__all__ = ["declared_charset", "is_text_encoding", "is_utf8"]

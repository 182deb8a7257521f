"""Which charset names a request body may declare."""

from __future__ import annotations

import pytest

from scallion.core.exceptions import BadRequest
from scallion.http import charsets


@pytest.mark.parametrize("name", ["utf-8", "UTF8", "latin-1", "cp1252", "utf-16-le", "koi8-r"])
def test_text_encodings(name: str) -> None:
    assert charsets.is_text_encoding(name)
    assert charsets.declared_charset(name) == name


@pytest.mark.parametrize(
    "name",
    ["rot13", "zlib", "base64", "hex", "bz2", "uu", "quopri", "idna", "punycode", "undefined"],
)
def test_codecs_that_are_not_charsets(name: str) -> None:
    assert not charsets.is_text_encoding(name)
    with pytest.raises(BadRequest, match="not a text encoding"):
        charsets.declared_charset(name)


@pytest.mark.parametrize("name", ["", None, "no-such-charset", "x" * 10_000, "utf-8\x00"])
def test_unknown_names_are_ignored(name: str | None) -> None:
    assert charsets.declared_charset(name) is None


def test_utf8_spellings() -> None:
    assert all(map(charsets.is_utf8, ["utf-8", "UTF-8", "utf8", "U8", "utf_8"]))
    assert not any(map(charsets.is_utf8, ["latin-1", "utf-16", "rot13", "nope"]))


def test_the_memo_of_client_chosen_names_is_bounded() -> None:
    for i in range(500):
        charsets.is_text_encoding(f"no-such-charset-{i}")
    assert len(charsets._codec_names) <= charsets._MEMO_SIZE

"""Django's text, bytes and URI helpers: force_str/force_bytes, iri_to_uri, uri_to_iri..."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.utils.encoding import (
    DjangoUnicodeDecodeError,
    escape_uri_path,
    filepath_to_uri,
    force_bytes,
    force_str,
    get_system_encoding,
    iri_to_uri,
    is_protected_type,
    punycode,
    repercent_broken_unicode,
    smart_bytes,
    smart_str,
    uri_to_iri,
)
from scallion.utils.functional import lazy


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("/caf\u00e9/", "/caf%C3%A9/"),
        ("/a b/", "/a%20b/"),
        ("/?q=\u2603&r=1#f", "/?q=%E2%98%83&r=1#f"),
        ("/%C3%A9/", "/%C3%A9/"),  # escapes are kept, not doubled
        ("/~user/[x]=:;$&()+,!?*@'", "/~user/[x]=:;$&()+,!?*@'"),
        ('/<"{}|\\^`>', "/%3C%22%7B%7D%7C%5C%5E%60%3E"),
    ],
)
def test_iri_to_uri(iri: str, uri: str) -> None:
    assert iri_to_uri(iri) == uri
    assert iri_to_uri(uri) == uri  # idempotent


def test_none_and_lazy() -> None:
    assert iri_to_uri(None) is None
    assert iri_to_uri(lazy(lambda: "/\u00e9", str)()) == "/%C3%A9"


def test_force_str_and_bytes() -> None:
    assert force_str(b"caf\xc3\xa9") == "café"
    assert force_str(b"caf\xe9", encoding="latin-1") == "café"
    assert force_str(12) == "12"
    assert force_str(12, strings_only=True) == 12
    assert force_str(None, strings_only=True) is None
    assert force_bytes("café") == b"caf\xc3\xa9"
    assert force_bytes("café", encoding="latin-1") == b"caf\xe9"
    assert force_bytes(b"caf\xc3\xa9", encoding="latin-1") == b"caf\xe9"
    assert force_bytes(memoryview(b"ab")) == b"ab"
    assert force_bytes(Decimal("1.5"), strings_only=True) == Decimal("1.5")
    with pytest.raises(
        DjangoUnicodeDecodeError, match=r"You passed in b'\\xff' \(<class 'bytes'>\)"
    ):
        force_str(b"\xff")


def test_smart_variants_keep_lazy_strings_lazy() -> None:
    lazy_text = lazy(lambda: "x", str)()
    assert smart_str(lazy_text) is lazy_text
    assert smart_bytes(lazy_text) is lazy_text
    assert force_str(lazy_text) == "x"
    assert smart_str(b"y") == "y" and smart_bytes("y") == b"y"


def test_protected_types() -> None:
    for value in (None, 1, 1.5, Decimal(2), datetime.date(2026, 1, 1), datetime.time(1)):
        assert is_protected_type(value)
    assert not is_protected_type("text") and not is_protected_type([])


@pytest.mark.parametrize(
    ("uri", "iri"),
    [
        ("/%E2%99%A5%E2%99%A5/", "/♥♥/"),
        ("/%E2%99%A5%E2%99%A5/?utf8=%E2%9C%93", "/♥♥/?utf8=✓"),
        ("/%41%5a%6B/", "/AZk/"),  # unreserved ASCII is decoded
        ("/%20%2F%3F/", "/%20%2F%3F/"),  # reserved ASCII stays escaped
        ("/%E2%99%A5%E2%99%E2%99%A5/", "/♥%E2%99♥/"),  # a broken sequence stays escaped
        ("/%zz/", "/%zz/"),
        (b"/%C3%A9/", "/é/"),
    ],
)
def test_uri_to_iri(uri: str | bytes, iri: str) -> None:
    assert uri_to_iri(uri) == iri
    assert uri_to_iri(iri) == iri  # idempotent
    assert uri_to_iri(None) is None


@given(st.text(max_size=30))
def test_iri_round_trip(text: str) -> None:
    # Any IRI survives a trip to a URI and back, apart from what was already escaped.
    if "%" not in text:
        assert uri_to_iri(iri_to_uri(text)) == uri_to_iri(iri_to_uri(uri_to_iri(iri_to_uri(text))))


def test_path_and_domain_helpers() -> None:
    assert escape_uri_path("/;some/=awful/?path/:with/@lots/&of/+awful/chars") == (
        "/%3Bsome/%3Dawful/%3Fpath/:with/@lots/&of/+awful/chars"
    )
    assert (
        filepath_to_uri("upload\\chicken with spaces.jpg") == "upload/chicken%20with%20spaces.jpg"
    )
    assert filepath_to_uri(None) is None
    assert punycode("bücher.example") == "xn--bcher-kva.example"
    assert repercent_broken_unicode(b"/\xe2\x99\xa5/\xff") == b"/\xe2\x99\xa5/%FF"
    assert repercent_broken_unicode(b"\xff" * 1000) == b"%FF" * 1000  # no recursion
    assert isinstance(get_system_encoding(), str)

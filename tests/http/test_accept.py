"""Accept header parsing and content negotiation, including hostile headers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.http import HttpRequest
from scallion.http.accept import (
    MAX_ACCEPT_ENTRIES,
    MediaType,
    by_precedence,
    parse_accept_header,
    preferred_type,
)


def req(accept: str | None) -> HttpRequest:
    request = HttpRequest()
    if accept is not None:
        request.META["HTTP_ACCEPT"] = accept
    return request


def test_media_type_parts() -> None:
    media_type = MediaType("Text/HTML; Level=1; q=0.5")
    assert (media_type.main_type, media_type.sub_type) == ("text", "html")
    assert media_type.params == {"level": "1", "q": "0.5"}
    assert media_type.range_params == {"level": "1"}
    assert media_type.quality == 0.5
    assert media_type.specificity == 3
    assert str(media_type) == "text/html; level=1; q=0.5"
    assert repr(media_type) == "<MediaType: text/html; level=1; q=0.5>"
    assert MediaType("*/*").is_all_types


@pytest.mark.parametrize(
    ("q", "quality"),
    [
        ("0.8", 0.8),
        ("1", 1.0),
        ("0", 0.0),
        ("abc", 1.0),
        ("2", 1.0),
        ("-1", 1.0),
        ("nan", 1.0),
        ("0.12345", 0.123),
    ],
)
def test_quality(q: str, quality: float) -> None:
    assert MediaType(f"text/html;q={q}").quality == quality


@pytest.mark.parametrize(
    ("accepted", "offered", "matches"),
    [
        ("*/*", "text/html", True),
        ("text/*", "text/html", True),
        ("text/*", "application/json", False),
        ("text/html", "text/html", True),
        ("text/html", "text/plain", False),
        ("text/html", "text/*", True),
        ("text/html; level=1", "text/html", True),
        ("text/html", "text/html; level=1", False),
        ("text/html; level=1", "text/html; level=1", True),
        ("text/html; level=1", "text/html; level=2", False),
        ("text/html; q=0.5", "text/html", True),
        ("text", "text/html", False),
        ("text/html", "", False),
        ("text/html", "text", False),
    ],
)
def test_match(accepted: str, offered: str, matches: bool) -> None:
    assert MediaType(accepted).match(offered) is matches


def test_parse_orders_by_quality_then_specificity() -> None:
    types = parse_accept_header(
        "text/*;q=0.8, text/html;q=0.8, */*;q=0.1, application/json, text/html;level=1;q=0.8"
    )
    assert [str(t) for t in types] == [
        "application/json",
        "text/html; level=1; q=0.8",
        "text/html; q=0.8",
        "text/*; q=0.8",
        "*/*; q=0.1",
    ]


def test_parse_drops_q0_and_empty_entries() -> None:
    types = parse_accept_header("text/html;q=0, , application/json,,")
    assert [str(t) for t in types] == ["application/json"]


def test_request_accepts_and_preferred_type() -> None:
    request = req("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8")
    assert request.accepts("text/html")
    assert request.accepts("application/json")  # via */*
    assert request.get_preferred_type(["application/json", "text/html"]) == "text/html"
    assert request.get_preferred_type(["application/json", "application/xml"]) == (
        "application/xml"
    )
    assert request.get_preferred_type([]) is None


def test_request_without_accept_accepts_anything() -> None:
    request = req(None)
    assert request.accepts("image/png")
    assert request.get_preferred_type(["image/png", "text/html"]) == "image/png"


def test_refused_types() -> None:
    request = req("application/json, text/html;q=0")
    assert not request.accepts("text/html")
    assert request.get_preferred_type(["text/html"]) is None


def test_preferred_type_ties_go_to_the_view_order() -> None:
    accepted = parse_accept_header("text/html, application/json")
    precedence = by_precedence(accepted)
    assert preferred_type(accepted, precedence, ["application/json", "text/html"]) == "text/html"
    accepted = parse_accept_header("*/*")
    assert preferred_type(accepted, accepted, ["application/json", "text/html"]) == (
        "application/json"
    )


def test_the_most_specific_matching_range_decides() -> None:
    # RFC 9110 12.5.1: text/html is weighed by its own range (q=0.1), not by text/*.
    request = req("text/*;q=0.5, text/html;q=0.1")
    assert str(request.accepted_type("text/html")) == "text/html; q=0.1"
    assert str(request.accepted_type("text/plain")) == "text/*; q=0.5"
    assert request.accepted_type("image/png") is None
    assert request.get_preferred_type(["text/html", "text/plain"]) == "text/plain"
    assert [str(t) for t in request.accepted_types_by_precedence] == [
        "text/html; q=0.1",
        "text/*; q=0.5",
    ]
    # A range with parameters decides only for a type offered with them.
    request = req("text/vcard; version=3.0, text/html;q=0.5")
    assert request.get_preferred_type(["text/vcard"]) is None
    assert request.get_preferred_type(["text/vcard; version=3.0", "text/html"]) == (
        "text/vcard; version=3.0"
    )


def test_entries_are_bounded() -> None:
    header = ", ".join(f"type/sub{i}" for i in range(1000))
    types = parse_accept_header(header)
    assert len(types) == MAX_ACCEPT_ENTRIES
    assert str(types[-1]) == f"type/sub{MAX_ACCEPT_ENTRIES - 1}"


def test_length_is_bounded_and_the_cut_entry_ignored() -> None:
    header = "text/html, " + "a" * 20_000 + "/b"
    assert [str(t) for t in parse_accept_header(header)] == ["text/html"]


@pytest.mark.parametrize(
    "header",
    [
        "text/html;" + ";" * 100_000,
        "text/html;" + 'a="' * 50_000,
        "text/html;" + "q=" * 50_000,
        "," * 100_000,
        "a/" * 100_000,
        'text/html; p="' + '\\"' * 50_000,
        "*/*;q=" + "0" * 100_000,
        " " * 100_000 + "text/html",
    ],
)
def test_redos_shaped_headers(header: str) -> None:
    # Each must return promptly (pytest-timeout guards a hang) with at most the
    # bounded number of entries.
    types = parse_accept_header(header)
    assert len(types) <= MAX_ACCEPT_ENTRIES
    req(header).accepts("text/html")


@given(st.text(max_size=500))
def test_parse_never_raises(header: str) -> None:
    for media_type in parse_accept_header(header):
        assert 0 < media_type.quality <= 1
        media_type.match("text/html")


@given(st.binary(max_size=200))
def test_parse_bytes_never_raises(header: bytes) -> None:
    parse_accept_header(header)

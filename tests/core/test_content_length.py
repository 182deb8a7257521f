"""The Content-Length table both edges share: one entry per size, both forms, bounded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scallion.core.handlers import content_length
from scallion.core.handlers.asgi import response_headers
from scallion.core.handlers.content_length import CONTENT_LENGTH_HEADERS, content_length_headers
from scallion.http import HttpResponse


@pytest.fixture
def empty_table() -> Iterator[None]:
    saved = dict(CONTENT_LENGTH_HEADERS)
    CONTENT_LENGTH_HEADERS.clear()
    try:
        yield
    finally:
        CONTENT_LENGTH_HEADERS.clear()
        CONTENT_LENGTH_HEADERS.update(saved)


def test_both_forms_of_one_size(empty_table: None) -> None:
    assert content_length_headers(1234) == (
        ("Content-Length", "1234"),
        (b"content-length", b"1234"),
    )
    assert CONTENT_LENGTH_HEADERS[1234] == content_length_headers(1234)


def test_the_asgi_edge_sends_the_table_entry(empty_table: None) -> None:
    headers = response_headers(HttpResponse(b"x" * 7), 7)
    assert (b"content-length", b"7") in headers
    assert headers[-1] is CONTENT_LENGTH_HEADERS[7][1]


def test_the_table_is_bounded(empty_table: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content_length, "_MAX_SIZES", 3)
    for size in range(10):
        assert content_length_headers(size)[0] == ("Content-Length", str(size))
    assert sorted(CONTENT_LENGTH_HEADERS) == [0, 1, 2]

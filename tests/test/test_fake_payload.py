"""FakePayload: a request body built by writing, then read once, as Django's."""

from __future__ import annotations

import pytest

from scallion.test import Client
from scallion.test.client import FakePayload


def test_written_until_read_and_measured() -> None:
    payload = FakePayload("key=")
    payload.write(b"value")
    payload.write("&x=é")
    payload.write(5)  # by its text, as Django's force_bytes
    assert len(payload) == len(b"key=value&x=\xc3\xa95")
    assert payload.read(3) == b"key"
    assert payload.read() == b"=value&x=\xc3\xa95"
    with pytest.raises(ValueError, match="after it's been read"):
        payload.write(b"more")


def test_a_written_payload_is_a_request_body() -> None:
    payload = FakePayload()
    payload.write(b"a=1&b=2")
    response = Client().request(
        PATH_INFO="/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=len(payload),
        **{"wsgi.input": payload},
    )
    assert response.wsgi_request.POST.dict() == {"a": "1", "b": "2"}


def test_reading_past_the_end_is_refused() -> None:
    # A real server's input would block there: the reader has a bug.
    payload = FakePayload(b"abc")
    assert payload.read(2) == b"ab"
    with pytest.raises(AssertionError, match="Cannot read more than the available bytes"):
        payload.read(2)
    assert payload.read(1) == b"c"
    assert payload.read() == b""


def test_the_async_factory_reads_its_body_within_its_length() -> None:
    from scallion.test import AsyncRequestFactory

    request = AsyncRequestFactory().post("/", {"a": "1"}, content_type="application/json")
    assert request.body == b'{"a": "1"}'

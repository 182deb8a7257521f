from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Iterator

import pytest
from asgiref.sync import iscoroutinefunction

from scallion.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from scallion.middleware.gzip import GZipMiddleware, compress_sequence, compress_string
from scallion.test import RequestFactory
from scallion.views.decorators.gzip import gzip_page

from .conftest import MakeClient

rf = RequestFactory()
TEXT = b"scallion is a web framework " * 40


def gz_request() -> HttpRequest:
    return rf.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")


def run(response: HttpResponseBase, request: HttpRequest | None = None) -> HttpResponseBase:
    result: HttpResponseBase = GZipMiddleware(lambda r: response)(request or gz_request())
    return result


def test_compresses() -> None:
    response = run(HttpResponse(TEXT))
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == TEXT  # type: ignore[attr-defined]
    assert response.headers["Content-Length"] == str(len(response.content))  # type: ignore[attr-defined]
    assert response.headers["Vary"] == "Accept-Encoding"


def test_not_for_clients_without_gzip() -> None:
    response = run(HttpResponse(TEXT), rf.get("/", HTTP_ACCEPT_ENCODING="br"))
    assert "Content-Encoding" not in response.headers
    # The body still depends on Accept-Encoding.
    assert response.headers["Vary"] == "Accept-Encoding"


def test_small_bodies_untouched() -> None:
    response = run(HttpResponse(b"short"))
    assert "Content-Encoding" not in response.headers
    assert "Vary" not in response.headers


def test_already_encoded_untouched() -> None:
    original = HttpResponse(TEXT)
    original.headers["Content-Encoding"] = "br"
    response = run(original)
    assert response.headers["Content-Encoding"] == "br"
    assert response.content == TEXT  # type: ignore[attr-defined]


def test_incompressible_untouched() -> None:
    import os

    data = os.urandom(500)
    response = run(HttpResponse(data))
    assert "Content-Encoding" not in response.headers
    assert response.content == data  # type: ignore[attr-defined]


def test_strong_etag_weakened() -> None:
    original = HttpResponse(TEXT)
    original.headers["ETag"] = '"abc"'
    assert run(original).headers["ETag"] == 'W/"abc"'
    weak = HttpResponse(TEXT)
    weak.headers["ETag"] = 'W/"abc"'
    assert run(weak).headers["ETag"] == 'W/"abc"'


def test_random_padding_varies_length() -> None:
    # Heal-the-Breach: the same body does not always compress to the same size.
    lengths = {len(compress_string(TEXT, max_random_bytes=100)) for _ in range(30)}
    assert len(lengths) > 1
    assert gzip.decompress(compress_string(TEXT, max_random_bytes=100)) == TEXT


def test_streaming_compressed_lazily() -> None:
    produced: list[int] = []

    def chunks() -> Iterator[bytes]:
        for i in range(3):
            produced.append(i)
            yield TEXT

    response = run(StreamingHttpResponse(chunks()))
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Content-Length" not in response.headers
    assert produced == []  # nothing consumed before the server iterates
    iterator = iter(response)  # type: ignore[call-overload]
    pieces = [next(iterator), next(iterator)]
    assert produced == [0]  # one chunk in, its compressed form out at once
    pieces.extend(iterator)
    assert gzip.decompress(b"".join(pieces)) == TEXT * 3


def test_streaming_content_length_removed() -> None:
    original = StreamingHttpResponse([TEXT])
    original.headers["Content-Length"] = str(len(TEXT))
    assert "Content-Length" not in run(original).headers


def test_streaming_small_still_compressed() -> None:
    # A stream's size is unknown up front; it is compressed whatever it holds.
    response = run(StreamingHttpResponse([b"x"]))
    assert gzip.decompress(b"".join(response)) == b"x"  # type: ignore[call-overload]


def test_async_streaming() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield TEXT

    response = run(StreamingHttpResponse(chunks()))
    assert isinstance(response, StreamingHttpResponse)
    assert response.is_async

    async def collect() -> bytes:
        return b"".join([part async for part in response])

    assert gzip.decompress(asyncio.run(collect())) == TEXT * 3


def test_compress_sequence_is_one_gzip_member() -> None:
    assert gzip.decompress(b"".join(compress_sequence([b"a", b"", b"b"]))) == b"ab"


def test_gzip_page_decorator() -> None:
    @gzip_page
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(TEXT)

    response = view(gz_request())
    assert response.headers["Content-Encoding"] == "gzip"


def test_gzip_page_async_view() -> None:
    @gzip_page
    async def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(TEXT)

    assert iscoroutinefunction(view)
    response = asyncio.run(view(gz_request()))
    assert response.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("url", ["/long/", "/stream/"])
def test_through_the_handler(make_client: MakeClient, url: str) -> None:
    client = make_client(
        ["scallion.middleware.gzip.GZipMiddleware", "scallion.middleware.common.CommonMiddleware"]
    )
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    body = response.getvalue() if response.streaming else response.content
    assert gzip.decompress(body).startswith(b"scallion scallion")

"""The ASGI edge's shortcuts (PERF: asgi-*) keep the general behaviour."""

from __future__ import annotations

from typing import Any

from scallion.core.handlers.asgi import ASGIHandler, ASGIRequest, response_headers
from scallion.http import HttpResponse
from tests.asgi.conftest import run
from tests.asgi.urls import EVENTS
from tests.asgi.validator import http_scope, run_http


def _counting_receive() -> tuple[list[int], Any]:
    calls = [0]

    async def receive() -> dict[str, Any]:
        calls[0] += 1
        return {"type": "http.request", "body": b"", "more_body": False}

    return calls, receive


def test_bodiless_request_with_plain_response_never_reads_the_channel(app: ASGIHandler) -> None:
    calls, receive = _counting_receive()
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    run(app(http_scope("/ahello/"), receive, send))
    assert calls == [0]
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[1]["body"] == b"Hello, async!"


def test_bodiless_request_body_reads_empty(app: ASGIHandler) -> None:
    result = run(run_http(app, http_scope("/abody/")))
    assert (result.status, result.body) == (200, b"[]")


def test_disconnect_cancels_the_view_after_it_read_the_body(app: ASGIHandler) -> None:
    scope = http_scope(
        "/read-then-watch/",
        method="POST",
        headers=[(b"content-length", b"7"), (b"content-type", b"text/plain")],
    )
    result = run(run_http(app, scope, b"payload", disconnect_after_chunks=0))
    assert EVENTS == ["read-then-cancelled"]
    assert result.status is None  # nothing is sent to a client that left


def test_request_without_body_file_or_channel_has_an_empty_body() -> None:
    request = ASGIRequest(http_scope("/x/"))
    assert request.body == b""
    assert run(request.is_disconnected()) is False


def test_response_headers_leave_the_cookie_jar_uncreated() -> None:
    response = HttpResponse(b"x", content_type="text/plain")
    assert response_headers(response, 1) == [
        (b"content-type", b"text/plain"),
        (b"content-length", b"1"),
    ]
    assert response._cookies is None


def test_cached_header_encodings_follow_each_value_and_length() -> None:
    for _ in range(2):  # the second round reads the caches
        for content_type, body in (
            ("text/plain; charset=utf-8", b"abc"),
            ("text/html; charset=latin-1", b"abcd"),
            ("text/plain; charset=utf-8", b"abcde"),
        ):
            response = HttpResponse(body, content_type=content_type)
            response["Vary"] = "Cookie"
            response.set_cookie("k", "v")
            assert response_headers(response, len(body)) == [
                (b"content-type", content_type.encode()),
                (b"vary", b"Cookie"),
                (b"content-length", str(len(body)).encode()),
                (b"set-cookie", b"k=v; Path=/"),
            ]


def test_no_content_length_for_204_even_from_the_length_cache() -> None:
    ok = HttpResponse(b"", content_type="text/plain")
    assert (b"content-length", b"0") in response_headers(ok, 0)
    empty = HttpResponse(status=204)
    assert all(name != b"content-length" for name, _ in response_headers(empty, 0))


def test_query_string_parsed_alike_with_and_without_escapes() -> None:
    def get(raw: bytes) -> Any:
        return ASGIRequest(http_scope("/", query_string=raw)).GET

    assert list(get(b"name=abc&x=1&x=2").lists()) == [("name", ["abc"]), ("x", ["1", "2"])]
    assert get(b"name=a%26b+c").dict() == {"name": "a&b c"}
    assert get("name=é".encode()).dict() == {"name": "é"}


def test_request_pickles_without_its_channel() -> None:
    import pickle

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    request = ASGIRequest(http_scope("/x/", query_string=b"a=1"), None, "", receive)
    assert run(request.is_disconnected()) is True  # the stream over the channel exists
    copy = pickle.loads(pickle.dumps(request))
    assert (copy.path, copy.GET["a"]) == ("/x/", "1")
    assert copy._body_stream is None and copy._receive is None

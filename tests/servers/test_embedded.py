"""Request bodies and files through real servers: the embedded one (waitress), gunicorn, uvicorn.

A body shorter than its Content-Length must never hang a worker: the server
either hands the application the short body (gunicorn streams it: scallion
answers 400) or drops the incomplete request itself (waitress and uvicorn wait
for the whole body and close the connection when the client gives up); either
way the answer comes at once and the server goes on serving.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = pytest.mark.server

SERVERS = ["runserver_url", "gunicorn_url", "uvicorn_url"]
#: What each server answers when the client half-closes before the body is complete.
SHORT_BODY_ANSWER = {"runserver_url": None, "gunicorn_url": 400, "uvicorn_url": None}
FILE_BYTES = b"x" * 200_000  # tests.asgi.urls.file_view


def _raw(url: str, request: bytes, timeout: float = 10.0) -> tuple[bytes, float]:
    """Send ``request``, half-close, read until the server closes; (answer, seconds)."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer, time.monotonic() - started


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/echo/", "application/octet-stream", b"short body"),
        ("/form/", "application/x-www-form-urlencoded", b"a=1&b=2"),
        (
            "/form/",
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="a"',
        ),
    ],
)
def test_body_shorter_than_content_length_is_answered_at_once(
    request: pytest.FixtureRequest, server: str, path: str, content_type: str, body: bytes
) -> None:
    url = request.getfixturevalue(server)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        "Content-Length: 1000\r\nConnection: close\r\n\r\n"
    ).encode()
    answer, seconds = _raw(url, head + body)
    # A server that waits for the missing bytes never answers (the socket times out at
    # 10 s); the margin below that absorbs a loaded machine's start-up of the worker.
    assert seconds < 9, f"{server} took {seconds:.1f}s: a hang"
    expected = SHORT_BODY_ANSWER[server]
    if expected is None:
        assert answer == b"", answer[:200]
    else:
        assert answer.startswith(f"HTTP/1.1 {expected} ".encode()), answer[:200]
    # The worker is free for the next request.
    assert httpx.get(f"{url}/hello/", timeout=10).text == "Hello, World!"


@pytest.mark.parametrize("server", SERVERS)
def test_file_response_arrives_whole_and_ranged(
    request: pytest.FixtureRequest, server: str
) -> None:
    url = request.getfixturevalue(server)
    whole = httpx.get(f"{url}/file/", timeout=10)
    assert whole.status_code == 200
    assert whole.content == FILE_BYTES
    assert whole.headers["content-length"] == str(len(FILE_BYTES))
    ranged = httpx.get(f"{url}/file/", headers={"Range": "bytes=10-19"}, timeout=10)
    assert ranged.status_code == 206
    assert ranged.content == FILE_BYTES[10:20]
    assert ranged.headers["content-range"] == f"bytes 10-19/{len(FILE_BYTES)}"
    head = httpx.head(f"{url}/file/", timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(FILE_BYTES))


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("first", ["underscore", "dash"])
def test_underscore_header_names_never_reach_meta(
    request: pytest.FixtureRequest, server: str, first: str
) -> None:
    url = request.getfixturevalue(server)
    # Not X-Forwarded-For itself: the embedded server clears proxy headers from
    # untrusted peers (waitress's clear_untrusted_proxy_headers) whatever their spelling.
    headers = [("X_Client_Ip", "6.6.6.6"), ("X-Client-Ip", "10.0.0.1")]
    if first == "dash":
        headers.reverse()
    headers.append(("X_Only_Underscore", "1"))
    response = httpx.get(
        f"{url}/meta/",
        params=[("key", "HTTP_X_CLIENT_IP"), ("key", "HTTP_X_ONLY_UNDERSCORE")],
        headers=headers,
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["META"] == {
        "HTTP_X_CLIENT_IP": "10.0.0.1",
        "HTTP_X_ONLY_UNDERSCORE": None,
    }


@pytest.mark.parametrize("server", SERVERS)
def test_chunked_request_body_arrives_whole(request: pytest.FixtureRequest, server: str) -> None:
    url = request.getfixturevalue(server)
    pieces = [b"a=1", b"&b=", b"x" * 5000, b"&c=3"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: httpx sends it chunked
        yield from pieces

    response = httpx.post(
        f"{url}/form/",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert response.status_code == 200, response.text[:300]
    assert response.json()["POST"] == {"a": ["1"], "b": ["x" * 5000], "c": ["3"]}


def test_embedded_server_removes_proxy_headers(runserver_url: str, gunicorn_url: str) -> None:
    # waitress's clear_untrusted_proxy_headers: a client cannot pose as the proxy
    # in front of the development server (docs/http.md says so).
    keys = [("key", "HTTP_X_FORWARDED_PROTO"), ("key", "HTTP_X_FORWARDED_HOST")]
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    embedded = httpx.get(f"{runserver_url}/meta/", params=keys, headers=headers, timeout=10)
    assert embedded.json()["META"] == {
        "HTTP_X_FORWARDED_PROTO": None,
        "HTTP_X_FORWARDED_HOST": None,
    }
    passed_on = httpx.get(f"{gunicorn_url}/meta/", params=keys, headers=headers, timeout=10)
    assert passed_on.json()["META"] == {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "evil.example",
    }


def _exchange_without_half_close(
    url: str, request: bytes, timeout: float = 5.0
) -> tuple[bytes, bool]:
    """Send ``request`` and read; (what arrived, whether the server closed the connection).

    The client keeps its side open, as a proxy reusing the connection would.
    """
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            return answer, False
    return answer, True


SMUGGLED = b"GET /hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


@pytest.mark.parametrize(
    "framing",
    [
        b"POST /echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        b"POST /echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Length: 48\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        b"POST /echo/ HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello",
    ],
    ids=["cl-then-te", "te-then-cl", "http10-te"],
)
def test_embedded_server_closes_a_connection_of_ambiguous_framing(
    runserver_url: str, framing: bytes
) -> None:
    # RFC 9112 6.1: a server MUST close the connection after answering a request
    # with both Transfer-Encoding and Content-Length (6.3: or a 1.0 request with
    # Transfer-Encoding), so a request smuggled behind it is never read.
    answer, closed = _exchange_without_half_close(runserver_url, framing + SMUGGLED)
    assert closed, answer
    assert answer.count(b"HTTP/1.") == 1, answer  # the smuggled request got no answer
    assert b"\r\nConnection: close\r\n" in answer
    assert answer.endswith(b"hello")


def test_embedded_server_keeps_an_ordinary_connection_alive(runserver_url: str) -> None:
    ordinary = (
        b"POST /echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n0\r\n\r\n"
    )
    answer, closed = _exchange_without_half_close(runserver_url, ordinary + SMUGGLED, timeout=2)
    assert not closed
    assert answer.count(b"HTTP/1.1 200") == 2  # both answered on one connection

"""A body the server cannot read is a 400, and the worker serves the next request.

Under gunicorn, ``wsgi.input.read()`` raises gunicorn's own parse errors for a
malformed chunked body (``InvalidChunkSize`` and friends, which are not
``OSError``s) and ``NoMoreData`` when the client stops early. Requests are
written on a raw socket, since no client library sends such framing.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.servers.conftest import Server, free_port, gunicorn_argv

#: The app's settings, with each log record's level in the server's output.
LOGGED = {"SCALLION_SETTINGS_MODULE": "tests.servers.app.settings_logged"}


@pytest.fixture(scope="module")
def gunicorn() -> Iterator[Server]:
    port = free_port()
    server = Server(gunicorn_argv(port), port, LOGGED)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def exchange(server: Server, raw: bytes, half_close: bool = False) -> bytes:
    """Send ``raw`` on a new connection and read the answer until the server closes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


HEAD = b"POST /echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
CHUNKED = HEAD + b"Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"


@pytest.mark.parametrize(
    ("raw", "half_close"),
    [
        (CHUNKED + b"zz\r\nhello\r\n0\r\n\r\n", False),  # InvalidChunkSize
        (CHUNKED + b"-5\r\nhello\r\n0\r\n\r\n", False),  # InvalidChunkSize
        (CHUNKED + b"5\r\nhelloXX0\r\n\r\n", False),  # ChunkMissingTerminator
        (CHUNKED + b"5;\x00\r\nhello\r\n0\r\n\r\n", False),  # InvalidChunkExtension
        (CHUNKED + b"5\r\nhel", True),  # NoMoreData: the client stopped mid-chunk
        (HEAD + b"Content-Type: text/plain\r\nContent-Length: 100\r\n\r\nshort", True),
    ],
    ids=["bad-size", "negative-size", "no-terminator", "bad-extension", "mid-chunk", "short"],
)
def test_unreadable_body_is_a_400_and_the_worker_goes_on(
    gunicorn: Server, raw: bytes, half_close: bool
) -> None:
    before = gunicorn.output()
    answer = exchange(gunicorn, raw, half_close)
    assert status_of(answer) == 400, answer[:300]
    # The same (single) worker answers the next request.
    follow_up = exchange(
        gunicorn, b"GET /hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    assert status_of(follow_up) == 200 and follow_up.endswith(b"Hello, World!")
    log = gunicorn.output()[len(before) :]
    # A client's fault: a warning of the 400, no server error, no gunicorn 500.
    warnings = [
        line for line in log.splitlines() if line.startswith("LOG WARNING scallion.request")
    ]
    assert warnings and warnings[0].endswith(": /echo/"), log
    assert "LOG ERROR" not in log and "Error handling request" not in log, log


def test_a_well_formed_chunked_body_is_read(gunicorn: Server) -> None:
    answer = exchange(gunicorn, CHUNKED + b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
    assert status_of(answer) == 200 and answer.endswith(b"hello world")

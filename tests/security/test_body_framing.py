"""The body is what its Content-Length declares, the same through both edges."""

from __future__ import annotations

import json

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.test import override_settings
from tests.http.hostile.edges import Request, asgi_scope, send_asgi, send_asgi_client_gone

from .conftest import BASE_SETTINGS, Serve


def echo(body: bytes, **environ: str) -> Request:
    return Request(
        "framing",
        200,
        path="/echo/",
        method="POST",
        body=body,
        environ={"CONTENT_TYPE": "text/plain", **environ},
    )


def body_seen(answer: object) -> str:
    assert answer.status == 200, answer  # type: ignore[attr-defined]
    return str(json.loads(answer.content)["body"])  # type: ignore[attr-defined]


def test_bytes_past_the_content_length_are_not_the_body(serve: Serve) -> None:
    answer = serve(echo(b"12345SMUGGLED", CONTENT_LENGTH="5"), MIDDLEWARE=[])
    assert body_seen(answer) == "12345"


@pytest.mark.parametrize("length", ["abc", "-1", "", " ", "0x10", "1e3"])
def test_an_invalid_content_length_is_an_empty_body(serve: Serve, length: str) -> None:
    # Django's WSGI handler reads no body for such a value; the ASGI edge agrees.
    answer = serve(echo(b"a=1&b=2", CONTENT_LENGTH=length), MIDDLEWARE=[])
    assert body_seen(answer) == ""


def test_a_form_past_its_content_length_is_not_parsed(serve: Serve) -> None:
    request = Request(
        "framing",
        200,
        path="/form/",
        method="POST",
        body=b"a=1&admin=1",
        environ={"CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "3"},
    )
    answer = serve(request, MIDDLEWARE=[])
    assert json.loads(answer.content) == {"a": ["1"]}


def _asgi(scope_headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> str:
    request = echo(b"")
    scope = asgi_scope(request)
    scope["headers"] = [(b"host", b"testserver"), *scope_headers]
    with override_settings(**{**BASE_SETTINGS, "MIDDLEWARE": []}):
        answer = send_asgi(ASGIHandler(), request, scope=scope, chunks=chunks)
    return body_seen(answer)


@pytest.mark.parametrize("name", [b"Content-Length", b"CONTENT-LENGTH", b"content-Length"])
def test_asgi_content_length_name_in_any_case(name: bytes) -> None:
    # ASGI servers should lower-case header names; one that does not must not
    # make the body vanish (nor grow past its length).
    assert _asgi([(name, b"5")], [b"hello world"]) == "hello"


@pytest.mark.parametrize("name", [b"Transfer-Encoding", b"TRANSFER-ENCODING"])
def test_asgi_transfer_encoding_name_in_any_case(name: bytes) -> None:
    assert _asgi([(name, b"chunked")], [b"hel", b"lo"]) == "hello"


def test_asgi_body_in_several_messages_is_cut_at_its_length() -> None:
    assert _asgi([(b"content-length", b"7")], [b"hel", b"lo w", b"orld"]) == "hello w"


# What the server's input stream raises while the body is read ----------------


class BrokenInput:
    """A ``wsgi.input`` that fails mid-body, as a server's parser or socket does."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def read(self, size: int = -1) -> bytes:
        raise self.error

    def readline(self, size: int = -1) -> bytes:
        raise self.error


class ServerParseError(Exception):
    """Like gunicorn's ``ParseException``: not an ``OSError``."""


@pytest.mark.parametrize(
    "error",
    [ServerParseError("Invalid chunk size"), ConnectionResetError(104), ValueError("closed")],
    ids=["parse-error", "reset", "closed-file"],
)
@pytest.mark.parametrize("path", ["/echo/", "/form/"])
def test_wsgi_input_errors_are_a_400(
    caplog: pytest.LogCaptureFixture, error: Exception, path: str
) -> None:
    from scallion.core.wsgi import get_wsgi_application
    from tests.http.hostile.edges import send_wsgi

    request = Request(
        "broken",
        400,
        path=path,
        method="POST",
        body=b"a=1",
        environ={
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "wsgi.input": BrokenInput(error),  # type: ignore[dict-item]
        },
    )
    with override_settings(**{**BASE_SETTINGS, "MIDDLEWARE": []}):
        answer = send_wsgi(get_wsgi_application(), request)
    assert answer.status == 400
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


@pytest.mark.parametrize("bound", [1_000_000, 10], ids=["prefetched", "streamed"])
def test_asgi_client_gone_mid_body_is_quiet(caplog: pytest.LogCaptureFixture, bound: int) -> None:
    request = Request("gone", 0, path="/length/", method="POST", environ={"CONTENT_LENGTH": "1000"})
    messages = [
        {"type": "http.request", "body": b"x" * 100, "more_body": True},
        {"type": "http.disconnect"},
    ]
    settings = {**BASE_SETTINGS, "MIDDLEWARE": [], "DATA_UPLOAD_MAX_MEMORY_SIZE": bound}
    with override_settings(**settings):
        sent = send_asgi_client_gone(ASGIHandler(), asgi_scope(request), messages)
    assert sent == []  # nobody is listening any more
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]

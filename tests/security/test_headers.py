"""Text a view puts in the status line, a header or a cookie cannot add a header."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.http.hostile.edges import Request

from .conftest import Serve

INJECTIONS = [
    "OK\r\nX-Injected: yes",
    "OK\nX-Injected: yes",
    "OK\rX-Injected: yes",
    "OK\x00",
    "OK\x7f",
    "OK\x85",
]


def reflect(where: str, text: str) -> Request:
    return Request("reflect", 0, path="/reflect/", query=urlencode({"where": where, "text": text}))


@pytest.mark.parametrize("text", INJECTIONS)
def test_control_characters_in_the_reason_phrase_are_refused(
    serve: Serve, quiet_logs: None, text: str
) -> None:
    answer = serve(reflect("reason", text))
    # The view's mistake is a 500 (BadHeaderError), never a forged status line.
    assert answer.status == 500
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in answer.reason)
    assert answer.header("X-Injected") is None


def test_a_plain_reason_phrase_is_sent(serve: Serve, edge: str) -> None:
    answer = serve(reflect("reason", "Quite Fine"))
    assert answer.status == 200
    assert answer.reason == ("Quite Fine" if edge == "wsgi" else "")  # ASGI sends no reason


@pytest.mark.parametrize("where", ["header", "cookie", "cookie-path"])
@pytest.mark.parametrize("text", ["a\r\nX-Injected: yes", "a\nX-Injected: yes", "a\x00b"])
def test_newlines_in_header_and_cookie_values_are_refused(
    serve: Serve, quiet_logs: None, where: str, text: str
) -> None:
    answer = serve(reflect(where, text))
    assert answer.status == 500
    assert answer.header("X-Injected") is None
    assert all("\n" not in v and "\r" not in v for _, v in answer.headers)


def test_a_semicolon_cannot_add_cookie_attributes(serve: Serve, quiet_logs: None) -> None:
    answer = serve(reflect("cookie-path", "/; Domain=evil.example"))
    assert answer.status == 500
    assert not any("evil.example" in v for v in answer.header_values("Set-Cookie"))


def test_default_stack_sends_the_security_headers(serve: Serve) -> None:
    plain = serve(Request("headers", 200, path="/"))
    assert plain.header("X-Content-Type-Options") == "nosniff"
    assert plain.header("Referrer-Policy") == "same-origin"
    assert plain.header("Cross-Origin-Opener-Policy") == "same-origin"
    assert plain.header("X-Frame-Options") == "DENY"
    assert plain.header("Strict-Transport-Security") is None  # not over plain HTTP
    https = Request("headers", 200, path="/", environ={"HTTP_X_FORWARDED_PROTO": "https"})
    secure = serve(
        https,
        SECURE_HSTS_SECONDS=3600,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    )
    assert secure.header("Strict-Transport-Security") == "max-age=3600"

"""Request headers: ``request.headers`` from META, and underscore names kept out of META."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.http import BadHeaderError, HttpHeaders, HttpRequest, HttpResponse
from scallion.http.headers import is_valid_header_name_for_meta, meta_key_for_header

META = {
    "CONTENT_TYPE": "text/html",
    "CONTENT_LENGTH": "100",
    "HTTP_ACCEPT": "*",
    "HTTP_HOST": "example.com",
    "HTTP_USER_AGENT": "python-requests/1.2.0",
    "HTTP_X_FORWARDED_FOR": "10.0.0.1",
    "PATH_INFO": "/",
    "REMOTE_ADDR": "127.0.0.1",
    "SERVER_NAME": "example.com",
    "wsgi.url_scheme": "http",
}


def test_headers_from_meta() -> None:
    headers = HttpHeaders(META)
    assert dict(headers) == {
        "Content-Type": "text/html",
        "Content-Length": "100",
        "Accept": "*",
        "Host": "example.com",
        "User-Agent": "python-requests/1.2.0",
        "X-Forwarded-For": "10.0.0.1",
    }


def test_headers_are_case_insensitive_and_accept_underscores_for_lookup() -> None:
    request = HttpRequest()
    request.META.update(META)
    assert request.headers["user-agent"] == "python-requests/1.2.0"
    assert request.headers["USER-AGENT"] == "python-requests/1.2.0"
    assert request.headers["User_Agent"] == "python-requests/1.2.0"
    assert request.headers.get("x-forwarded-for") == "10.0.0.1"
    assert "content-type" in request.headers
    assert request.headers.get("Missing") is None


@pytest.mark.parametrize(
    ("header", "meta"),
    [
        ("Content-Type", "CONTENT_TYPE"),
        ("Content-Length", "CONTENT_LENGTH"),
        ("X-Forwarded-For", "HTTP_X_FORWARDED_FOR"),
        ("user-agent", "HTTP_USER_AGENT"),
    ],
)
def test_to_wsgi_name(header: str, meta: str) -> None:
    assert HttpHeaders.to_wsgi_name(header) == meta
    assert meta_key_for_header(header.encode()) == meta


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        (b"X-Forwarded-For", True),
        (b"content-type", True),
        (b"X-Custom!#$%&'*+.^`|~", True),
        (b"X_Forwarded_For", False),
        (b"x_forwarded-for", False),
        (b"_", False),
        (b"", False),
        (b"Bad Name", False),
        (b"Bad:Name", False),
        (b"Bad\r\nName", False),
        (b"Bad\x00", False),
        ("Ünicode".encode(), False),
        (b"X-Forwarded-For\n", False),
    ],
)
def test_is_valid_header_name_for_meta(name: bytes, valid: bool) -> None:
    assert is_valid_header_name_for_meta(name) is valid
    assert (meta_key_for_header(name) is not None) is valid


def test_underscore_header_cannot_spoof_its_dashed_twin() -> None:
    raw = [(b"X-Forwarded-For", b"10.0.0.1"), (b"X_Forwarded_For", b"6.6.6.6")]
    meta: dict[str, str] = {}
    for name, value in raw:
        key = meta_key_for_header(name)
        if key is not None:
            meta[key] = value.decode("latin-1")
    assert meta == {"HTTP_X_FORWARDED_FOR": "10.0.0.1"}


@given(st.binary(max_size=50))
def test_meta_key_never_raises_and_never_has_ambiguous_names(name: bytes) -> None:
    key = meta_key_for_header(name)
    if key is not None:
        assert b"_" not in name
        assert key.isascii() and key == key.upper()


def test_waitress_drops_underscore_headers() -> None:
    # The WSGI edge cannot tell X_Foo from X-Foo in an environ; it relies on the
    # server to drop underscore names. waitress (the embedded server) does.
    from waitress.adjustments import Adjustments
    from waitress.parser import HTTPRequestParser

    parser = HTTPRequestParser(Adjustments())
    parser.received(
        b"GET / HTTP/1.1\r\nHost: example.com\r\nX-Forwarded-For: 10.0.0.1\r\n"
        b"X_Forwarded_For: 6.6.6.6\r\n\r\n"
    )
    assert parser.completed
    assert parser.headers["X_FORWARDED_FOR"] == "10.0.0.1"


@pytest.mark.parametrize(
    "value", ["a\r\nSet-Cookie: x=y", "a\nb", "a\rb", "a\x00b", b"a\r\nb", b"a\nb"]
)
def test_response_header_values_cannot_split_the_response(value: str | bytes) -> None:
    response = HttpResponse()
    with pytest.raises(BadHeaderError):
        response["X-Test"] = value
    with pytest.raises(BadHeaderError):
        HttpResponse(headers={"X-Test": value})


@pytest.mark.parametrize("name", ["X Test", "X:Test", "X\r\nTest", "X\nTest", ""])
def test_response_header_names_are_checked(name: str) -> None:
    with pytest.raises(BadHeaderError):
        HttpResponse()[name] = "v"


def test_response_header_non_latin1_value_is_encoded() -> None:
    response = HttpResponse()
    response["X-Name"] = "snow ☃"
    response.serialize_headers()  # encodable as latin-1
    assert response["X-Name"].startswith("=?utf-8?")


@pytest.mark.parametrize(
    "value",
    ["plain", "tab\tinside", "caf\u00e9", "\u20ac uro", 42, b"bytes"],
)
def test_response_header_values_are_stored_as_the_full_check_gives(value: object) -> None:
    from scallion.http.response import _to_header_value

    response = HttpResponse()
    response["X-Value"] = value  # type: ignore[assignment]
    response["X-Value"] = value  # twice: the second time the name is known
    assert response.headers._store["x-value"] == (
        "X-Value",
        _to_header_value("X-Value", value),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\x00b"])
def test_response_header_values_with_control_characters_are_refused_every_time(
    value: str,
) -> None:
    response = HttpResponse()
    response["X-Known"] = "ok"
    for _ in range(2):
        with pytest.raises(BadHeaderError):
            response["X-Known"] = value


def test_an_invalid_header_name_is_refused_every_time() -> None:
    response = HttpResponse()
    for _ in range(2):
        with pytest.raises(BadHeaderError):
            response["Bad Name"] = "x"


def test_response_headers_get_is_case_insensitive_with_a_default() -> None:
    response = HttpResponse()
    response["Cache-Control"] = "max-age=60"
    assert response.headers.get("cache-control") == "max-age=60"
    assert response.headers.get("Missing") is None
    assert response.headers.get("Missing", "fallback") == "fallback"
    assert response.get("CACHE-CONTROL") == "max-age=60"

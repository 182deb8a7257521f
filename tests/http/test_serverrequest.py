"""ServerRequest: what the WSGI and ASGI requests share, checked on both edges.

Each test builds the same request through ``WSGIRequest`` (from an environ) and
``ASGIRequest`` (from a scope): content type, encoding, ``GET``, ``COOKIES``,
path and method come from one implementation, so they must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any
from urllib.parse import quote
from wsgiref.util import setup_testing_defaults

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import BadRequest
from scallion.core.handlers.asgi import ASGIRequest
from scallion.core.handlers.wsgi import WSGIRequest
from scallion.http.formparser import form_encoding
from scallion.http.serverrequest import (
    ServerRequest,
    bad_request_response,
    join_path,
    text_from_latin1,
)
from scallion.utils.http import parse_header_parameters
from tests.asgi.validator import http_scope
from tests.http._request_body import BOUNDARY, field, multipart_body

Build = Callable[..., ServerRequest]


def wsgi_request(
    path: str = "/",
    method: str = "GET",
    headers: dict[str, str] | None = None,
    query: bytes = b"",
    body: bytes = b"",
) -> ServerRequest:
    environ: dict[str, Any] = {
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "QUERY_STRING": query.decode("latin-1"),
        "wsgi.input": BytesIO(body),
    }
    setup_testing_defaults(environ)
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = f"HTTP_{key}"
        environ[key] = value.encode("utf-8").decode("latin-1")  # as PEP 3333 servers do
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    return WSGIRequest(environ)


def asgi_request(
    path: str = "/",
    method: str = "GET",
    headers: dict[str, str] | None = None,
    query: bytes = b"",
    body: bytes = b"",
) -> ServerRequest:
    raw = [
        (name.lower().encode(), value.encode("utf-8")) for name, value in (headers or {}).items()
    ]
    if body:
        raw.append((b"content-length", str(len(body)).encode()))
    scope = http_scope(path=path, method=method, headers=raw, query_string=query)
    return ASGIRequest(scope, BytesIO(body))  # type: ignore[arg-type]


@pytest.fixture(params=[wsgi_request, asgi_request], ids=["wsgi", "asgi"])
def build(request: pytest.FixtureRequest) -> Build:
    return request.param  # type: ignore[no-any-return]


def test_both_edges_build_a_server_request(build: Build) -> None:
    assert isinstance(build(), ServerRequest)


def test_derived_attributes_agree(build: Build) -> None:
    request = build(
        path="/a/b/",
        method="post",
        headers={"Content-Type": "Text/Plain; Charset=latin-1", "Cookie": 'a=1; b="x y"'},
        query=b"q=%C3%A9&q=2&flag",
    )
    assert request.method == "POST"
    assert (request.path, request.path_info) == ("/a/b/", "/a/b/")
    assert request.content_type == "text/plain"
    assert request.content_params == {"charset": "latin-1"}
    assert request.encoding == "latin-1"
    assert request.GET.getlist("q") == ["Ã©", "2"]  # decoded with the request's charset
    assert request.COOKIES == {"a": "1", "b": "x y"}


def test_content_type_setters(build: Build) -> None:
    request = build(headers={"Content-Type": "text/plain; charset=utf-8"})
    request.content_type = "application/json"
    assert (request.content_type, request.content_params) == (
        "application/json",
        {"charset": "utf-8"},
    )
    request.content_params = {}
    assert (request.content_type, request.content_params) == ("application/json", {})


def test_unknown_charset_is_no_encoding(build: Build) -> None:
    assert build(headers={"Content-Type": "text/plain; charset=no-such"}).encoding is None


def test_setting_encoding_re_decodes_get(build: Build) -> None:
    request = build(query=b"q=%E9")
    assert request.GET["q"] == "\ufffd"
    request.encoding = "latin-1"
    assert request.GET["q"] == "é"


def test_unparsable_content_type_is_bad_request(build: Build) -> None:
    request = build(headers={"Content-Type": "text/plain; " + "x=y; " * 5000})
    with pytest.raises(BadRequest, match="Invalid Content-Type header"):
        request.content_type  # noqa: B018


def test_cookies_in_utf8_and_invalid_utf8(build: Build) -> None:
    assert build(headers={"Cookie": "c=café"}).COOKIES == {"c": "café"}
    environ_text = b"c=caf\xe9".decode("latin-1")  # a byte that is not UTF-8
    request = build()
    request.META["HTTP_COOKIE"] = environ_text
    assert request.COOKIES == {"c": "caf\ufffd"}


@pytest.mark.parametrize(
    "content_type",
    [
        f"multipart/form-data; boundary={BOUNDARY}; charset*=utf-8''latin-1; charset=utf-8",
        f"multipart/form-data; boundary={BOUNDARY}; charset=utf-8; charset*=utf-8''latin-1",
    ],
    ids=["extended-first", "plain-first"],
)
def test_rfc2231_charset_wins_for_encoding_and_multipart_decoder(
    build: Build, content_type: str
) -> None:
    """``request.encoding`` and the multipart decoder read the same parameter."""
    body = multipart_body(field("name", b"caf\xe9"))
    request = build(method="POST", headers={"Content-Type": content_type}, body=body)
    assert request.POST["name"] == "café"  # decoded as latin-1
    assert request.encoding == "latin-1"


_CHARSETS = ["utf-8", "latin-1", "cp1252", "utf-16", "no-such-charset", ""]


@given(
    plain=st.sampled_from(_CHARSETS),
    extended=st.sampled_from([None, *_CHARSETS]),
    extended_first=st.booleans(),
)
def test_encoding_and_form_encoding_agree(
    plain: str, extended: str | None, extended_first: bool
) -> None:
    params = [f"charset={plain}"]
    if extended is not None:
        params.append(f"charset*=utf-8''{quote(extended)}")
    if extended_first:
        params.reverse()
    header = "; ".join([f"multipart/form-data; boundary={BOUNDARY}", *params])
    _, parsed = parse_header_parameters(header)
    for build in (wsgi_request, asgi_request):
        request = build(method="POST", headers={"Content-Type": header})
        assert request.encoding == form_encoding(None, parsed)


@pytest.mark.parametrize(
    ("script_name", "path_info", "path"),
    [
        ("", "/x", "/x"),
        ("/app", "/x", "/app/x"),
        ("/app/", "/x", "/app/x"),
        ("/app", "/", "/app/"),
        ("/app", "x", "/app/x"),
    ],
)
def test_join_path(script_name: str, path_info: str, path: str) -> None:
    assert join_path(script_name, path_info) == path


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("plain", "plain"),
        ("café".encode().decode("latin-1"), "café"),
        (b"caf\xe9".decode("latin-1"), "caf\ufffd"),
        ("\u20ac", "\u20ac"),  # not latin-1: not from a server, kept
    ],
)
def test_text_from_latin1(value: str, text: str) -> None:
    assert text_from_latin1(value) == text


def test_bad_request_response_escapes_its_text() -> None:
    response = bad_request_response(BadRequest("<script>x</script> & more"))
    assert response.status_code == 400
    assert response.content == (
        b"<h1>Bad Request (400)</h1><p>&lt;script&gt;x&lt;/script&gt; &amp; more</p>"
    )

"""A form body's declared charset: only text encodings, and UTF-8 for urlencoded forms."""

from __future__ import annotations

import json

import pytest

from tests.http._request_body import BOUNDARY, field, file, multipart_body
from tests.http.hostile.edges import Request

from .conftest import Serve

NOT_TEXT = ["rot13", "zlib", "base64", "hex", "bz2", "uu", "quopri", "idna", "punycode"]
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
FORM = "application/x-www-form-urlencoded"


#: A CSRF cookie, so that CsrfViewMiddleware goes on to read the token from the form.
CSRF_COOKIE = "csrftoken=" + "a" * 32


def post(content_type: str, body: bytes, path: str = "/form/") -> Request:
    environ = {"CONTENT_TYPE": content_type, "HTTP_COOKIE": CSRF_COOKIE}
    return Request("charset", 0, path=path, method="POST", body=body, environ=environ)


@pytest.mark.parametrize("charset", NOT_TEXT)
@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_a_codec_that_is_not_a_charset_is_a_400(
    serve: Serve, quiet_logs: None, charset: str, kind: str
) -> None:
    if kind == "urlencoded":
        request = post(f"{FORM}; charset={charset}", b"a=1&b=%C3%A9")
    else:
        request = post(f"{MULTIPART}; charset={charset}", multipart_body(field("a", "1")))
    # The default stack reads request.POST in CsrfViewMiddleware, before the view.
    assert serve(request).status == 400
    assert serve(request, MIDDLEWARE=[]).status == 400


@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "utf-16", "cp1252", "ascii"])
def test_a_urlencoded_body_in_another_charset_than_utf8_is_a_400(
    serve: Serve, quiet_logs: None, charset: str
) -> None:
    # Django 6 refuses any charset but UTF-8 for application/x-www-form-urlencoded.
    assert serve(post(f"{FORM}; charset={charset}", b"a=1"), MIDDLEWARE=[]).status == 400


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "utf_8", "no-such-charset"])
def test_urlencoded_utf8_spellings_and_unknown_names_parse(serve: Serve, charset: str) -> None:
    answer = serve(post(f"{FORM}; charset={charset}", b"a=%C3%A9"), MIDDLEWARE=[])
    assert answer.status == 200
    assert json.loads(answer.content) == {"a": ["é"]}


def test_a_multipart_body_in_a_text_charset_is_decoded_with_it(serve: Serve) -> None:
    body = multipart_body(field("a", "é".encode("latin-1")), file("f", "x.txt", b"data"))
    answer = serve(post(f"{MULTIPART}; charset=latin-1", body), MIDDLEWARE=[])
    assert answer.status == 200
    assert json.loads(answer.content) == {"a": ["é"]}

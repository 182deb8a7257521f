"""CSRF through both edges, under Django's default middleware: origin, referer, token."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from scallion.middleware.csrf import _mask_cipher_secret
from tests.http.hostile.edges import Request

from .conftest import Serve

SECRET = "s" * 32
FORM = "application/x-www-form-urlencoded"


def post(
    token: str | None = None, cookie: str | None = SECRET, https: bool = False, **environ: str
) -> Request:
    fields = {"a": "1"} if token is None else {"a": "1", "csrfmiddlewaretoken": token}
    headers = {"CONTENT_TYPE": FORM, **environ}
    if cookie is not None:
        headers["HTTP_COOKIE"] = f"csrftoken={cookie}"
    if https:
        headers["HTTP_X_FORWARDED_PROTO"] = "https"
    return Request(
        "csrf", 0, path="/form/", method="POST", body=urlencode(fields).encode(), environ=headers
    )


HTTPS = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def test_a_matching_token_passes(serve: Serve) -> None:
    assert serve(post(_mask_cipher_secret(SECRET))).status == 200
    assert serve(post(SECRET)).status == 200  # an unmasked secret is accepted, as in Django


@pytest.mark.parametrize(
    "request_",
    [
        post(None),  # no token
        post(_mask_cipher_secret("t" * 32)),  # another secret's token
        post("x" * 64),  # not a token
        post(_mask_cipher_secret(SECRET), cookie=None),  # no cookie
        post(_mask_cipher_secret(SECRET), cookie="short"),  # a malformed cookie
        post(_mask_cipher_secret(SECRET), HTTP_ORIGIN="http://evil.example"),
        post(_mask_cipher_secret(SECRET), HTTP_ORIGIN="null"),
    ],
    ids=[
        "no-token",
        "other-token",
        "bad-token",
        "no-cookie",
        "bad-cookie",
        "origin",
        "null-origin",
    ],
)
def test_forged_posts_are_refused(serve: Serve, quiet_logs: None, request_: Request) -> None:
    assert serve(request_).status == 403


@pytest.mark.parametrize(
    ("referer", "status"),
    [
        (None, 403),  # HTTPS needs a Referer when there is no Origin
        ("https://evil.example/page", 403),
        ("http://testserver/page", 403),  # an insecure referer for a secure request
        ("not a url", 403),
        ("https://testserver/page", 200),
    ],
)
def test_https_referer_checks(
    serve: Serve, quiet_logs: None, referer: str | None, status: int
) -> None:
    extra = {} if referer is None else {"HTTP_REFERER": referer}
    answer = serve(post(_mask_cipher_secret(SECRET), https=True, **extra), **HTTPS)
    assert answer.status == status


def test_the_origin_of_this_site_passes(serve: Serve) -> None:
    request = post(_mask_cipher_secret(SECRET), https=True, HTTP_ORIGIN="https://testserver")
    assert serve(request, **HTTPS).status == 200

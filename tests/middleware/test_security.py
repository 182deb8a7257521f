from __future__ import annotations

from typing import Any

import pytest

from scallion.http import HttpRequest, HttpResponse, HttpResponseBase
from scallion.http.response import BadHeaderError, ResponseHeaders
from scallion.middleware.security import SecurityMiddleware
from scallion.test import RequestFactory, override_settings

rf = RequestFactory()


def run(request: HttpRequest, response: HttpResponseBase | None = None) -> HttpResponseBase:
    def view(req: HttpRequest) -> HttpResponseBase:
        return response if response is not None else HttpResponse("ok")

    result: HttpResponseBase = SecurityMiddleware(view)(request)
    return result


def test_default_headers() -> None:
    response = run(rf.get("/"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


@override_settings(SECURE_HSTS_SECONDS=3600)
def test_hsts_only_over_https() -> None:
    assert run(rf.get("/", secure=True)).headers["Strict-Transport-Security"] == "max-age=3600"
    assert "Strict-Transport-Security" not in run(rf.get("/")).headers


@override_settings(
    SECURE_HSTS_SECONDS=600, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_subdomains_and_preload() -> None:
    header = run(rf.get("/", secure=True)).headers["Strict-Transport-Security"]
    assert header == "max-age=600; includeSubDomains; preload"


@override_settings(SECURE_HSTS_SECONDS=600)
def test_hsts_view_value_kept() -> None:
    response = HttpResponse()
    response.headers["Strict-Transport-Security"] = "max-age=1"
    assert run(rf.get("/", secure=True), response).headers["Strict-Transport-Security"] == (
        "max-age=1"
    )


@override_settings(
    SECURE_CONTENT_TYPE_NOSNIFF=False,
    SECURE_REFERRER_POLICY=None,
    SECURE_CROSS_ORIGIN_OPENER_POLICY=None,
)
def test_headers_can_be_turned_off() -> None:
    headers = run(rf.get("/")).headers
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert name not in headers


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("no-referrer", "no-referrer"),
        ("no-referrer, strict-origin", "no-referrer,strict-origin"),
        (["no-referrer", "origin"], "no-referrer,origin"),
        (("strict-origin",), "strict-origin"),
    ],
)
def test_referrer_policy_forms(policy: Any, expected: str) -> None:
    with override_settings(SECURE_REFERRER_POLICY=policy):
        assert run(rf.get("/")).headers["Referrer-Policy"] == expected


def test_view_headers_are_not_overwritten() -> None:
    response = HttpResponse()
    response.headers["Referrer-Policy"] = "unsafe-url"
    response.headers["Cross-Origin-Opener-Policy"] = "unsafe-none"
    headers = run(rf.get("/"), response).headers
    assert headers["Referrer-Policy"] == "unsafe-url"
    assert headers["Cross-Origin-Opener-Policy"] == "unsafe-none"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_ssl_redirect() -> None:
    response = run(rf.get("/some/url?query=string"))
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/some/url?query=string"
    assert run(rf.get("/", secure=True)).status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_SSL_HOST="secure.example.com")
def test_ssl_redirect_host() -> None:
    assert run(rf.get("/a")).headers["Location"] == "https://secure.example.com/a"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^insecure/"])
def test_ssl_redirect_exempt() -> None:
    assert run(rf.get("/insecure/page")).status_code == 200
    assert run(rf.get("/secure/page")).status_code == 301


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_proxy_header_counts_as_secure() -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=60):
        response = run(rf.get("/", HTTP_X_FORWARDED_PROTO="https"))
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=60"


def test_settings_change_reaches_a_built_middleware() -> None:
    middleware = SecurityMiddleware(lambda r: HttpResponse())
    assert middleware(rf.get("/")).status_code == 200
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert middleware(rf.get("/")).status_code == 301
    assert middleware(rf.get("/")).status_code == 200


def test_no_request_hook_without_redirect() -> None:
    # PERF: stack. The default configuration skips process_request entirely.
    assert SecurityMiddleware(lambda r: HttpResponse())._process_request is None


class _OtherHeaders(ResponseHeaders):
    """Headers of a class the store fast path does not know."""


@pytest.mark.parametrize("headers_class", [ResponseHeaders, _OtherHeaders])
def test_defaults_added_in_order_and_view_values_kept(headers_class: type) -> None:
    # PERF: stack. The fast path writes the store; other header classes get setdefault.
    response = HttpResponse()
    response.headers = headers_class({"content-type": "text/plain"})
    response.headers["referrer-policy"] = "no-referrer"
    headers = run(rf.get("/"), response).headers
    assert list(headers) == [
        "content-type",
        "referrer-policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
    ]
    assert headers["Referrer-Policy"] == "no-referrer"


@override_settings(SECURE_REFERRER_POLICY="same-origin\r\nX-Evil: 1")
def test_header_value_with_newline_is_refused_when_loaded() -> None:
    with pytest.raises(BadHeaderError, match="Referrer-Policy"):
        SecurityMiddleware(lambda r: HttpResponse())

"""Conditional requests (RFC 9110 13.2.2 precedence) and the cache-header helpers."""

from __future__ import annotations

import logging

import pytest

from scallion.http import HttpRequest, HttpResponse, StreamingHttpResponse
from scallion.test import override_settings
from scallion.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    get_max_age,
    has_vary_header,
    patch_cache_control,
    patch_response_headers,
    patch_vary_headers,
    set_response_etag,
)
from scallion.utils.http import http_date

ETAG = '"abc"'
LAST_MODIFIED = 1_445_412_480  # Wed, 21 Oct 2015 07:28:00 GMT
BEFORE = http_date(LAST_MODIFIED - 60)
AT = http_date(LAST_MODIFIED)
AFTER = http_date(LAST_MODIFIED + 60)


def request(method: str = "GET", **meta: str) -> HttpRequest:
    req = HttpRequest()
    req.method = method
    req.path = "/resource"
    req.META.update(meta)
    return req


def status(method: str = "GET", etag: str | None = ETAG, **meta: str) -> int:
    response = HttpResponse("body")
    result = get_conditional_response(
        request(method, **meta), etag=etag, last_modified=LAST_MODIFIED, response=response
    )
    assert result is not None
    return result.status_code


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, 200),
        # If-None-Match: weak comparison.
        ({"HTTP_IF_NONE_MATCH": ETAG}, 304),
        ({"HTTP_IF_NONE_MATCH": 'W/"abc"'}, 304),
        ({"HTTP_IF_NONE_MATCH": '"x", "abc"'}, 304),
        ({"HTTP_IF_NONE_MATCH": "*"}, 304),
        ({"HTTP_IF_NONE_MATCH": '"other"'}, 200),
        # If-Modified-Since.
        ({"HTTP_IF_MODIFIED_SINCE": AT}, 304),
        ({"HTTP_IF_MODIFIED_SINCE": AFTER}, 304),
        ({"HTTP_IF_MODIFIED_SINCE": BEFORE}, 200),
        ({"HTTP_IF_MODIFIED_SINCE": "not a date"}, 200),
        # If-None-Match takes precedence over If-Modified-Since.
        ({"HTTP_IF_NONE_MATCH": '"other"', "HTTP_IF_MODIFIED_SINCE": AFTER}, 200),
        ({"HTTP_IF_NONE_MATCH": ETAG, "HTTP_IF_MODIFIED_SINCE": BEFORE}, 304),
        # If-Match: strong comparison.
        ({"HTTP_IF_MATCH": ETAG}, 200),
        ({"HTTP_IF_MATCH": "*"}, 200),
        ({"HTTP_IF_MATCH": '"other"'}, 412),
        ({"HTTP_IF_MATCH": 'W/"abc"'}, 412),
        # If-Unmodified-Since.
        ({"HTTP_IF_UNMODIFIED_SINCE": AT}, 200),
        ({"HTTP_IF_UNMODIFIED_SINCE": BEFORE}, 412),
        ({"HTTP_IF_UNMODIFIED_SINCE": "garbage"}, 200),
        # If-Match takes precedence over If-Unmodified-Since.
        ({"HTTP_IF_MATCH": ETAG, "HTTP_IF_UNMODIFIED_SINCE": BEFORE}, 200),
        ({"HTTP_IF_MATCH": '"other"', "HTTP_IF_UNMODIFIED_SINCE": AFTER}, 412),
        # Step 1/2 failures win over step 3/4.
        ({"HTTP_IF_MATCH": '"other"', "HTTP_IF_NONE_MATCH": ETAG}, 412),
        ({"HTTP_IF_UNMODIFIED_SINCE": BEFORE, "HTTP_IF_MODIFIED_SINCE": AFTER}, 412),
    ],
)
def test_precedence_for_get(meta: dict[str, str], expected: int) -> None:
    assert status(**meta) == expected


def test_head_is_like_get() -> None:
    assert status("HEAD", HTTP_IF_NONE_MATCH=ETAG) == 304


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_unsafe_methods(method: str) -> None:
    # A matching If-None-Match on a state-changing request fails the precondition.
    assert status(method, HTTP_IF_NONE_MATCH=ETAG) == 412
    assert status(method, HTTP_IF_NONE_MATCH="*") == 412
    # If-Modified-Since is ignored for them.
    assert status(method, HTTP_IF_MODIFIED_SINCE=AFTER) == 200
    assert status(method, HTTP_IF_MATCH='"other"') == 412


def test_weak_current_etag() -> None:
    assert status(etag='W/"abc"', HTTP_IF_NONE_MATCH=ETAG) == 304
    assert status(etag='W/"abc"', HTTP_IF_MATCH='W/"abc"') == 412
    assert status(etag='W/"abc"', HTTP_IF_MATCH="*") == 200


def test_no_current_resource() -> None:
    # No ETag: If-Match fails, If-None-Match passes.
    assert status(etag=None, HTTP_IF_MATCH="*") == 412
    assert status(etag=None, HTTP_IF_NONE_MATCH="*") == 200
    result = get_conditional_response(
        request(HTTP_IF_UNMODIFIED_SINCE=AFTER), etag=None, last_modified=None
    )
    assert result is not None and result.status_code == 412
    assert (
        get_conditional_response(request(HTTP_IF_MODIFIED_SINCE=AFTER), last_modified=None) is None
    )


def test_only_2xx_responses_are_made_conditional() -> None:
    response = HttpResponse(status=404)
    result = get_conditional_response(request(HTTP_IF_NONE_MATCH="*"), etag=ETAG, response=response)
    assert result is response


def test_not_modified_keeps_caching_headers_and_cookies() -> None:
    response = HttpResponse("body", headers={"ETag": ETAG, "Vary": "Cookie", "X-Other": "1"})
    response["Cache-Control"] = "max-age=60"
    response.set_cookie("seen", "1")
    result = get_conditional_response(
        request(HTTP_IF_NONE_MATCH=ETAG), etag=ETAG, response=response
    )
    assert result is not None and result.status_code == 304
    assert result["ETag"] == ETAG
    assert result["Vary"] == "Cookie"
    assert result["Cache-Control"] == "max-age=60"
    assert "X-Other" not in result
    assert "Content-Type" not in result
    assert result.cookies["seen"].value == "1"


def test_precondition_failed_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.request"):
        status(HTTP_IF_MATCH='"other"')
    assert caplog.records[-1].getMessage() == "Precondition Failed: /resource"
    assert caplog.records[-1].status_code == 412  # type: ignore[attr-defined]


def test_many_etags_are_bounded() -> None:
    header = ", ".join(f'"e{i}"' for i in range(10_000)) + f", {ETAG}"
    # Only the first 100 entries are considered.
    assert status(HTTP_IF_NONE_MATCH=header) == 200


def test_patch_cache_control() -> None:
    response = HttpResponse()
    patch_cache_control(response, max_age=300, public=True)
    assert set(response["Cache-Control"].split(", ")) == {"max-age=300", "public"}
    patch_cache_control(response, max_age=600)
    assert "max-age=300" in response["Cache-Control"]  # the smaller wins
    patch_cache_control(response, private=True)
    assert set(response["Cache-Control"].split(", ")) == {"max-age=300", "private"}
    patch_cache_control(response, public=True)
    assert set(response["Cache-Control"].split(", ")) == {"max-age=300", "public"}


def test_patch_cache_control_no_cache_field_names() -> None:
    response = HttpResponse()
    response["Cache-Control"] = 'no-cache="Set-Cookie", Max-Age=5'
    patch_cache_control(response, no_cache="Authorization")
    directives = set(response["Cache-Control"].split(", "))
    assert directives == {'no-cache="Set-Cookie"', "no-cache=Authorization", "max-age=5"}
    patch_cache_control(response, no_cache=True)
    assert set(response["Cache-Control"].split(", ")) == {"no-cache", "max-age=5"}


def test_get_max_age() -> None:
    response = HttpResponse()
    assert get_max_age(response) is None
    response["Cache-Control"] = "public, max-age=42"
    assert get_max_age(response) == 42
    response["Cache-Control"] = "max-age=forever"
    assert get_max_age(response) is None


def test_patch_response_headers() -> None:
    response = HttpResponse()
    patch_response_headers(response, cache_timeout=30)
    assert response["Cache-Control"] == "max-age=30"
    assert "GMT" in response["Expires"]
    with override_settings(CACHE_MIDDLEWARE_SECONDS=77):
        other = HttpResponse()
        patch_response_headers(other)
    assert other["Cache-Control"] == "max-age=77"
    kept = HttpResponse(headers={"Expires": "0"})
    patch_response_headers(kept, cache_timeout=-5)
    assert kept["Expires"] == "0"
    assert kept["Cache-Control"] == "max-age=0"


def test_add_never_cache_headers() -> None:
    response = HttpResponse()
    add_never_cache_headers(response)
    assert set(response["Cache-Control"].split(", ")) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }
    assert response["Expires"]


def test_vary_headers() -> None:
    response = HttpResponse()
    assert not has_vary_header(response, "Cookie")
    patch_vary_headers(response, ["Cookie"])
    patch_vary_headers(response, ["cookie", "Accept-Language", "Accept-Language"])
    assert response["Vary"] == "Cookie, Accept-Language"
    assert has_vary_header(response, "accept-language")
    patch_vary_headers(response, ["*"])
    assert response["Vary"] == "*"


def test_set_response_etag() -> None:
    response = set_response_etag(HttpResponse(b"abc"))
    assert response["ETag"] == '"900150983cd24fb0d6963f7d28e17f72"'
    assert "ETag" not in set_response_etag(HttpResponse(b""))
    assert "ETag" not in set_response_etag(StreamingHttpResponse([b"abc"]))

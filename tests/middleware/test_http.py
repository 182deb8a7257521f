from __future__ import annotations

import pytest

from scallion.http import HttpRequest, HttpResponse, StreamingHttpResponse
from scallion.middleware.http import ConditionalGetMiddleware
from scallion.test import RequestFactory

rf = RequestFactory()


def run(response: HttpResponse | StreamingHttpResponse, **request_headers: str) -> HttpResponse:
    method = request_headers.pop("method", "GET")
    request = rf.generic(method, "/", headers=request_headers)

    def view(req: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        return response

    return ConditionalGetMiddleware(view)(request)  # type: ignore[no-any-return]


def test_etag_added_and_matched() -> None:
    first = run(HttpResponse(b"content"))
    etag = first.headers["ETag"]
    assert first.status_code == 200
    second = run(HttpResponse(b"content"), if_none_match=etag)
    assert second.status_code == 304
    assert second.headers["ETag"] == etag


def test_etag_mismatch_is_200() -> None:
    assert run(HttpResponse(b"content"), if_none_match='"other"').status_code == 200


def test_no_store_gets_no_etag() -> None:
    response = HttpResponse(b"secret")
    response.headers["Cache-Control"] = "private, no-store"
    assert "ETag" not in run(response).headers


def test_last_modified() -> None:
    def make() -> HttpResponse:
        response = HttpResponse(b"x")
        response.headers["Last-Modified"] = "Sat, 12 Feb 2011 17:38:44 GMT"
        response.headers["Cache-Control"] = "no-store"  # only Last-Modified in play
        return response

    assert run(make(), if_modified_since="Sat, 12 Feb 2011 17:38:44 GMT").status_code == 304
    assert run(make(), if_modified_since="Sat, 12 Feb 2011 17:00:00 GMT").status_code == 200


def test_only_get() -> None:
    response = HttpResponse(b"content")
    response.headers["ETag"] = '"abc"'
    assert run(response, method="HEAD", if_none_match='"abc"').status_code == 200
    assert run(response, method="POST", if_none_match='"abc"').status_code == 200


def test_error_responses_untouched() -> None:
    response = HttpResponse(b"gone", status=404)
    response.headers["ETag"] = '"abc"'
    assert run(response, if_none_match='"abc"').status_code == 404


def test_if_match_failure_is_412() -> None:
    response = HttpResponse(b"content")
    response.headers["ETag"] = '"abc"'
    assert run(response, if_match='"zzz"').status_code == 412


def test_streaming_response_without_validators_untouched() -> None:
    response = StreamingHttpResponse([b"a"])
    result = run(response, if_none_match='"x"')
    assert result is response
    assert "ETag" not in result.headers


@pytest.mark.parametrize(
    "cache_control",
    [
        "no-store",
        "No-Store",
        " no-store",
        "\tno-store",
        "no-cache, no-store",
        "no-cache,no-store , max-age=0",
        'no-store="x"',
        'no-store ="x"',
        "no-store = x",
    ],
)
def test_no_store_however_written_gets_no_etag(cache_control: str) -> None:
    response = HttpResponse(b"secret")
    response.headers["Cache-Control"] = cache_control
    assert "ETag" not in run(response).headers


@pytest.mark.parametrize("cache_control", ["no-cache", "private", "no-storex", 'x="no-store"'])
def test_other_directives_still_get_an_etag(cache_control: str) -> None:
    response = HttpResponse(b"content")
    response.headers["Cache-Control"] = cache_control
    assert "ETag" in run(response).headers

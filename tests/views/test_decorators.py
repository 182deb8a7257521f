"""require_* , condition/etag/last_modified, cache_control/never_cache, vary_on_*."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction

from scallion.http import HttpRequest, HttpResponse
from scallion.test import RequestFactory
from scallion.utils.http import http_date
from scallion.views.decorators.cache import cache_control, never_cache
from scallion.views.decorators.http import (
    condition,
    etag,
    last_modified,
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)
from scallion.views.decorators.vary import vary_on_cookie, vary_on_headers

rf = RequestFactory()
MOMENT = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


def ok(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("ok")


async def aok(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("aok")


@pytest.mark.parametrize(
    ("decorator", "allowed", "refused"),
    [
        (require_GET, "GET", "POST"),
        (require_POST, "POST", "GET"),
        (require_safe, "HEAD", "PUT"),
        (require_http_methods(["PUT", "PATCH"]), "PATCH", "GET"),
    ],
)
def test_require_methods(decorator: Any, allowed: str, refused: str) -> None:
    view = decorator(ok)
    assert view(rf.generic(allowed, "/")).status_code == 200
    response = view(rf.generic(refused, "/"))
    assert response.status_code == 405
    assert allowed in response["Allow"]


def test_require_methods_keeps_async_views_async() -> None:
    view = require_GET(aok)
    assert iscoroutinefunction(view)
    assert asyncio.run(view(rf.get("/"))).content == b"aok"
    assert asyncio.run(view(rf.post("/"))).status_code == 405


def test_require_methods_keeps_name() -> None:
    assert require_POST(ok).__name__ == "ok"


def test_etag_sets_header_and_answers_304() -> None:
    view = etag(lambda request: "v1")(ok)
    response = view(rf.get("/"))
    assert response["ETag"] == '"v1"'
    assert view(rf.get("/", HTTP_IF_NONE_MATCH='"v1"')).status_code == 304
    assert view(rf.get("/", HTTP_IF_NONE_MATCH='"v0"')).status_code == 200


def test_etag_if_match_failure_is_412_without_running_view() -> None:
    calls: list[int] = []

    def view_func(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        return HttpResponse()

    view = etag(lambda request: "v2")(view_func)
    assert view(rf.put("/", HTTP_IF_MATCH='"v1"')).status_code == 412
    assert calls == []


def test_last_modified_sets_header_and_answers_304() -> None:
    view = last_modified(lambda request: MOMENT)(ok)
    response = view(rf.get("/"))
    assert response["Last-Modified"] == http_date(MOMENT.timestamp())
    later = http_date(MOMENT.timestamp() + 60)
    assert view(rf.get("/", HTTP_IF_MODIFIED_SINCE=later)).status_code == 304


def test_last_modified_naive_datetime_is_utc() -> None:
    naive = MOMENT.replace(tzinfo=None)
    response = last_modified(lambda request: naive)(ok)(rf.get("/"))
    assert response["Last-Modified"] == http_date(MOMENT.timestamp())


def test_condition_with_no_validators_runs_view() -> None:
    view = condition(etag_func=lambda request: None, last_modified_func=lambda request: None)(ok)
    response = view(rf.get("/"))
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_condition_does_not_override_view_headers_or_touch_unsafe_methods() -> None:
    def view_func(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response["ETag"] = '"own"'
        return response

    view = condition(etag_func=lambda request: "computed")(view_func)
    assert view(rf.get("/"))["ETag"] == '"own"'
    plain = condition(etag_func=lambda request: "computed")(ok)
    assert not plain(rf.post("/")).has_header("ETag")


def test_condition_passes_view_arguments() -> None:
    view = etag(lambda request, pk: f"item-{pk}")(ok)
    assert view(rf.get("/"), pk=4)["ETag"] == '"item-4"'


def test_condition_async() -> None:
    view = etag(lambda request: "a")(aok)
    assert iscoroutinefunction(view)
    assert asyncio.run(view(rf.get("/", HTTP_IF_NONE_MATCH='"a"'))).status_code == 304
    assert asyncio.run(view(rf.get("/")))["ETag"] == '"a"'


def test_cache_control() -> None:
    response = cache_control(max_age=3600, public=True)(ok)(rf.get("/"))
    assert set(response["Cache-Control"].split(", ")) == {"max-age=3600", "public"}


def test_cache_control_async() -> None:
    view = cache_control(private=True)(aok)
    assert asyncio.run(view(rf.get("/")))["Cache-Control"] == "private"


def test_cache_control_on_a_method_explains_method_decorator() -> None:
    class Thing:
        @cache_control(max_age=1)
        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse()

    with pytest.raises(TypeError, match="method_decorator"):
        Thing().get(rf.get("/"))


def test_never_cache() -> None:
    response = never_cache(ok)(rf.get("/"))
    directives = set(response["Cache-Control"].split(", "))
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= directives
    assert "Expires" in response


def test_never_cache_async() -> None:
    assert "no-store" in asyncio.run(never_cache(aok)(rf.get("/")))["Cache-Control"]


def test_vary_on_headers_and_cookie() -> None:
    response = vary_on_headers("Accept-Language", "accept-language")(ok)(rf.get("/"))
    assert response["Vary"] == "Accept-Language"
    response = vary_on_cookie(vary_on_headers("Accept")(ok))(rf.get("/"))
    assert response["Vary"] == "Accept, Cookie"
    assert asyncio.run(vary_on_cookie(aok)(rf.get("/")))["Vary"] == "Cookie"


def test_conditional_page_adds_an_etag_and_answers_304() -> None:
    from scallion.views.decorators.http import conditional_page

    @conditional_page
    def page(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"content")

    response = page(RequestFactory().get("/"))
    assert response.status_code == 200 and response["ETag"]
    again = page(RequestFactory().get("/", headers={"If-None-Match": response["ETag"]}))
    assert again.status_code == 304

    @conditional_page
    async def async_page(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"content")

    assert iscoroutinefunction(async_page)
    assert asyncio.run(async_page(RequestFactory().get("/")))["ETag"] == response["ETag"]

"""Views for the page-cache tests: each counts its calls, keyed by path and query.

``/behave/`` shapes its response from the query string (``cc``, ``vary``,
``cookie``, ``status``, ``max_age``), so each combination is its own URL, and
so its own cache entry.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scallion.http import HttpRequest, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from scallion.template.response import TemplateResponse
from scallion.urls import path
from scallion.views.decorators.cache import cache_page

CALLS: Counter[str] = Counter()


def _count(request: HttpRequest) -> int:
    CALLS[request.get_full_path()] += 1
    return CALLS[request.get_full_path()]


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"page {_count(request)}", content_type="text/plain")


async def async_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"async page {_count(request)}", content_type="text/plain")


def behave(request: HttpRequest) -> HttpResponse:
    count = _count(request)
    query = request.GET
    response: HttpResponse
    if query.get("status") == "304":
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(f"behave {count}", status=int(query.get("status", 200)))
    if "cc" in query:
        response.headers["Cache-Control"] = query["cc"]
    if "vary" in query:
        response.headers["Vary"] = query["vary"]
    if "cookie" in query:
        response.set_cookie("token", query["cookie"])
    return response


def streaming(request: HttpRequest) -> StreamingHttpResponse:
    count = _count(request)
    return StreamingHttpResponse(iter([b"stream ", str(count).encode()]))


def template(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "cached_page.html", {"title": "T&C", "count": _count(request)})


def raw(request: HttpRequest, *args: Any) -> HttpResponse:
    return HttpResponse(f"raw {_count(request)}")


urlpatterns = [
    path("page/", page),
    path("async/", async_page),
    path("behave/", behave),
    path("streaming/", streaming),
    path("template/", template),
    path("decorated/page/", cache_page(60)(page)),
    path("decorated/async/", cache_page(60)(async_page)),
    path("decorated/behave/", cache_page(60)(behave)),
    path("decorated/template/", cache_page(60)(template)),
    path("decorated/short/", cache_page(1, key_prefix="short")(raw)),
]

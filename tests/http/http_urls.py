"""Views for the end-to-end tests of cookies, hosts, negotiation, files and ranges."""

from __future__ import annotations

import io
from typing import Any

from scallion.http import FileResponse, HttpResponse, JsonResponse
from scallion.urls import path
from scallion.utils.cache import get_conditional_response
from scallion.utils.http import http_date

FILE_DATA = bytes(range(256)) * 40  # 10240 bytes
ETAG = '"v1"'
LAST_MODIFIED = 1_445_412_480


def set_signed(request: Any) -> HttpResponse:
    response = HttpResponse("set")
    response.set_signed_cookie("token", request.GET.get("v", "hello"), salt="s")
    return response


def get_signed(request: Any) -> HttpResponse:
    return HttpResponse(str(request.get_signed_cookie("token", default="-", salt="s")))


def cookies(request: Any) -> JsonResponse:
    return JsonResponse(request.COOKIES)


def host(request: Any) -> JsonResponse:
    return JsonResponse(
        {"host": request.get_host(), "scheme": request.scheme, "port": request.get_port()}
    )


def negotiate(request: Any) -> HttpResponse:
    chosen = request.get_preferred_type(["text/html", "application/json"])
    if chosen is None:
        return HttpResponse(status=406)
    return HttpResponse(chosen, content_type=chosen)


def download(request: Any) -> FileResponse:
    return FileResponse(
        io.BytesIO(FILE_DATA),
        filename="data.bin",
        headers={"ETag": ETAG, "Last-Modified": http_date(LAST_MODIFIED)},
    )


def conditional(request: Any) -> Any:
    response = HttpResponse("fresh", headers={"ETag": ETAG})
    return get_conditional_response(
        request, etag=ETAG, last_modified=LAST_MODIFIED, response=response
    )


urlpatterns = [
    path("signed/set/", set_signed),
    path("signed/get/", get_signed),
    path("cookies/", cookies),
    path("host/", host),
    path("negotiate/", negotiate),
    path("download/", download),
    path("conditional/", conditional),
]

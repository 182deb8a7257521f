"""Views for the hostile corpus through the WSGI handler: each touches one part of the request."""

from __future__ import annotations

import io
from typing import Any

from scallion.http import FileResponse, HttpResponse, JsonResponse
from scallion.urls import path
from scallion.utils.cache import get_conditional_response

FILE_DATA = bytes(range(256)) * 64  # 16 KiB


def post(request: Any) -> HttpResponse:
    return HttpResponse(str(len(request.POST)))


def files(request: Any) -> JsonResponse:
    return JsonResponse({"names": [f.name for _, fs in request.FILES.lists() for f in fs]})


def json_body(request: Any) -> HttpResponse:
    request.json()
    return HttpResponse("ok")


def headers(request: Any) -> JsonResponse:
    """Everything parsed from the request line and headers, without the body."""
    return JsonResponse(
        {
            "get": len(request.GET),
            "cookies": len(request.COOKIES),
            "preferred": request.get_preferred_type(["text/html", "application/json"]),
            "content_type": request.content_type,
            "host": request.get_host(),
        }
    )


def download(request: Any) -> FileResponse:
    return FileResponse(io.BytesIO(FILE_DATA), filename="data.bin")


def conditional(request: Any) -> Any:
    response = HttpResponse("fresh", headers={"ETag": '"v1"'})
    return get_conditional_response(
        request, etag='"v1"', last_modified=1_445_412_480, response=response
    )


urlpatterns = [
    path("conditional/", conditional),
    path("POST/", post),
    path("FILES/", files),
    path("json/", json_body),
    path("headers/", headers),
    path("download/", download),
]

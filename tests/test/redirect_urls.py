"""Views for the redirect-following tests of both test clients."""

from __future__ import annotations

from typing import Any

from scallion.http import HttpRequest, HttpResponse, HttpResponseRedirect
from scallion.urls import path


def redirect_with_status(request: HttpRequest, code: int) -> HttpResponse:
    target = request.GET.get("to", "/echo/")
    response = HttpResponseRedirect(target)
    response.status_code = code
    return response


def echo(request: HttpRequest) -> HttpResponse:
    """What the followed request was: method, query string and form data."""
    data: Any = request.GET if request.method in ("GET", "HEAD") else request.POST
    return HttpResponse(f"{request.method}|{request.META.get('QUERY_STRING', '')}|{dict(data)}")


def to_bare_host(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("https://testserver")


def by_header_1(request: HttpRequest) -> HttpResponse:
    if "HTTP_REDIRECT" in request.META:
        return HttpResponseRedirect("/by-header-2/")
    return HttpResponse()


def by_header_2(request: HttpRequest) -> HttpResponse:
    if "HTTP_REDIRECT" in request.META:
        return HttpResponseRedirect("/echo/")
    return HttpResponse()


urlpatterns = [
    path("by-header-1/", by_header_1),
    path("by-header-2/", by_header_2),
    path("redirect/<int:code>/", redirect_with_status),
    path("echo/", echo),
    path("bare-host/", to_bare_host),
    path("", echo),
]

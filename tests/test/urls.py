"""Views the tests of scallion.test's test case classes and assertions request."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from scallion.shortcuts import render
from scallion.urls import path


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<ul><li class='b a'>one</li><li>two</li></ul><p>two</p>")


def missing(request: HttpRequest) -> HttpResponse:
    return HttpResponse("gone", status=404)


def stream(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse([b"chunk-", b"chunk"])


def redirect_to_page(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("/page/?b=2&a=1")


def redirect_relative(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("../../page/")


def redirect_to_missing(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("/missing/")


def redirect_away(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("https://elsewhere.example/")


def templated(request: HttpRequest) -> HttpResponse:
    return render(request, "outer.html", {"name": request.GET.get("name", "world")})


def broken(request: HttpRequest) -> HttpResponse:
    raise KeyError("Oops")


def echo_host(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.get_host())


urlpatterns = [
    path("page/", page),
    path("missing/", missing),
    path("stream/", stream),
    path("redirect/", redirect_to_page),
    path("sub/redirect-relative/", redirect_relative),
    path("redirect-missing/", redirect_to_missing),
    path("redirect-away/", redirect_away),
    path("templated/", templated),
    path("host/", echo_host),
    path("broken/", broken),
]

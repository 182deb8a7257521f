"""Views for the Content-Security-Policy tests."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse
from scallion.middleware.csp import get_nonce
from scallion.shortcuts import render
from scallion.urls import path
from scallion.utils.csp import CSP
from scallion.views.decorators.csp import csp_override, csp_report_only_override

OVERRIDE = {"default-src": [CSP.SELF], "img-src": [CSP.SELF, "data:"]}


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("plain")


def nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(get_nonce(request)))


def request_attribute(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]


async def async_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(get_nonce(request)))


def page(request: HttpRequest, engine: str) -> HttpResponse:
    return render(request, "csp_page.html", using=engine)


@csp_override({})
def enforced_off(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@csp_report_only_override({})
def report_only_off(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@csp_override(OVERRIDE)
@csp_report_only_override(OVERRIDE)
def both_overridden(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@csp_override({"script-src": [CSP.NONCE]})
def overridden_with_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(get_nonce(request)))


def own_header(request: HttpRequest) -> HttpResponse:
    response = HttpResponse()
    response.headers["Content-Security-Policy"] = "default-src https:"
    return response


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("plain/", plain),
    path("nonce/", nonce),
    path("request-attribute/", request_attribute),
    path("async-nonce/", async_nonce),
    path("page/<str:engine>/", page),
    path("enforced-off/", enforced_off),
    path("report-only-off/", report_only_off),
    path("both-overridden/", both_overridden),
    path("overridden-with-nonce/", overridden_with_nonce),
    path("own-header/", own_header),
    path("boom/", boom),
]

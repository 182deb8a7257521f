"""URLconf for the Django-language backend tests."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse
from scallion.shortcuts import render
from scallion.urls import path


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "dtl/page.html", {"title": "Hello <you>"})


def broken(request: HttpRequest) -> HttpResponse:
    return render(request, "dtl/broken.html")


def includes_broken(request: HttpRequest) -> HttpResponse:
    return render(request, "dtl/includes_broken.html")


def render_error(request: HttpRequest) -> HttpResponse:
    return render(request, "dtl/render_error.html", {"value": 1})


urlpatterns = [
    path("page/", page, name="dtl-page"),
    path("broken/", broken, name="dtl-broken"),
    path("includes-broken/", includes_broken, name="dtl-includes-broken"),
    path("render-error/", render_error, name="dtl-render-error"),
]

"""URLconf for the template tests."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse
from scallion.shortcuts import render
from scallion.template.loader import render_to_string
from scallion.template.response import TemplateResponse
from scallion.urls import path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


def article(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    return HttpResponse(f"{year}/{slug}")


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/home.html",
        {"title": "Home", "name": request.GET.get("name", "world")},
    )


def home_deferred(request: HttpRequest) -> TemplateResponse:
    """The home page as a TemplateResponse: middleware may still change it."""
    return TemplateResponse(request, "pages/home.html", {"title": "Home", "name": "view"})


def deferred(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "context.html", {"value": "from-view"})


def twice(request: HttpRequest) -> TemplateResponse:
    """Renders one template now and one later: the processor still runs once."""
    first = render_to_string("context.html", {"value": "early"}, request)
    return TemplateResponse(request, "context.html", {"value": first.strip()})


def broken(request: HttpRequest) -> HttpResponse:
    """A real template file with a syntax error (``?include=1``: in an included file)."""
    name = "includes_broken.html" if request.GET.get("include") else "broken.html"
    return render(request, name, {"value": 1})


def missing(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, ["nope.html", "nope/either.html"])


urlpatterns = [
    path("hello/", hello, name="hello"),
    path("articles/<int:year>/<slug:slug>/", article, name="article"),
    path("home/", home, name="home"),
    path("deferred/", deferred, name="deferred"),
    path("home-deferred/", home_deferred, name="home-deferred"),
    path("twice/", twice, name="twice"),
    path("broken/", broken, name="broken"),
    path("missing/", missing, name="missing"),
]

"""A URLconf that includes itself under a namespace (Django's own test suite has one)."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse
from scallion.urls import include, path


def leaf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(f"leaf {sorted(kwargs.items())}")


app_name = "recursive"
urlpatterns = [
    path("leaf/", leaf, name="leaf"),
    path("n/<int:n>/", leaf, name="num"),
    path("again/", include("tests.urls.recursive_urls", namespace="again")),
]

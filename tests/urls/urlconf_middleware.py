"""Middleware that routes a request through another URLconf (Django's request.urlconf)."""

from typing import Any

from scallion.http import HttpResponse
from scallion.urls import get_urlconf, path, reverse


def choose_urlconf(get_response: Any) -> Any:
    def middleware(request: Any) -> Any:
        if request.headers.get("X-Alt") == "yes":
            request.urlconf = "tests.urls.alt_urls"
        return get_response(request)

    return middleware


def where(request: Any) -> HttpResponse:
    return HttpResponse(f"root|{reverse('where')}|{get_urlconf()}")


urlpatterns = [
    path("where/", where, name="where"),
]

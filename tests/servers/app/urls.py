"""The server-test URLconf: the ASGI test views plus a few for cross-server checks."""

from __future__ import annotations

from typing import Any

from scallion.http import HttpResponse, JsonResponse
from scallion.urls import path
from scallion.views.decorators.cache import cache_control
from scallion.views.decorators.clickjacking import xframe_options_sameorigin
from scallion.views.decorators.http import require_http_methods
from scallion.views.decorators.vary import vary_on_headers
from tests.asgi.urls import EVENTS
from tests.asgi.urls import urlpatterns as asgi_patterns
from tests.servers.app import hooks


def cookies(request: Any) -> JsonResponse:
    return JsonResponse({"COOKIES": request.COOKIES, "query": request.GET.dict()})


@cache_control(max_age=60, public=True)
@vary_on_headers("Accept-Language")
@xframe_options_sameorigin
def cache_headers(request: Any) -> HttpResponse:
    """Headers set by decorators, which every server must pass on unchanged."""
    return HttpResponse("cacheable", content_type="text/plain")


@require_http_methods(["GET", "PUT"])
def get_or_put(request: Any) -> HttpResponse:
    return HttpResponse(request.method)


def lifespan_state(request: Any) -> JsonResponse:
    return JsonResponse(hooks.STATE)


def events(request: Any) -> JsonResponse:
    return JsonResponse({"events": EVENTS})


urlpatterns = [
    path("events/", events),
    *asgi_patterns,
    path("cookies/", cookies),
    path("cache-headers/", cache_headers),
    path("get-or-put/", get_or_put),
    path("lifespan-state/", lifespan_state),
]

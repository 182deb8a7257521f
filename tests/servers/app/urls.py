"""The server-test URLconf: the ASGI test views plus a few for cross-server checks."""

from __future__ import annotations

from typing import Any

from scallion.http import JsonResponse
from scallion.urls import path
from tests.asgi.urls import EVENTS
from tests.asgi.urls import urlpatterns as asgi_patterns
from tests.servers.app import hooks


def cookies(request: Any) -> JsonResponse:
    return JsonResponse({"COOKIES": request.COOKIES, "query": request.GET.dict()})


def lifespan_state(request: Any) -> JsonResponse:
    return JsonResponse(hooks.STATE)


def events(request: Any) -> JsonResponse:
    return JsonResponse({"events": EVENTS})


urlpatterns = [
    path("events/", events),
    *asgi_patterns,
    path("cookies/", cookies),
    path("lifespan-state/", lifespan_state),
]

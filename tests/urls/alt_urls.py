"""A second URLconf, chosen per request by ``urlconf_middleware`` (request.urlconf)."""

from typing import Any

from scallion.http import HttpResponse
from scallion.urls import get_urlconf, path, reverse


def where(request: Any) -> HttpResponse:
    """Which URLconf resolved this request, and what reverse() gives inside it."""
    return HttpResponse(f"alt|{reverse('where')}|{get_urlconf()}")


urlpatterns = [
    path("elsewhere/where/", where, name="where"),
]

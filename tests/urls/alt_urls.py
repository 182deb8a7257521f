"""A second URLconf, chosen per request by ``urlconf_middleware`` (request.urlconf)."""

from typing import Any

from scallion.http import HttpResponse, StreamingHttpResponse
from scallion.urls import get_urlconf, path, reverse


def where(request: Any) -> HttpResponse:
    """Which URLconf resolved this request, and what reverse() gives inside it."""
    return HttpResponse(f"alt|{reverse('where')}|{get_urlconf()}")


def streamed(request: Any) -> StreamingHttpResponse:
    """reverse() while the body is produced, after the handler has returned."""

    def body() -> Any:
        yield f"alt|{reverse('where')}|{get_urlconf()}".encode()

    return StreamingHttpResponse(body())


urlpatterns = [
    path("elsewhere/where/", where, name="where"),
    path("elsewhere/streamed/", streamed, name="streamed"),
]

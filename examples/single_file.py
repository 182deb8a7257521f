"""A complete scallion app in one file: settings, a URLconf, a view and a middleware.

Run it with ``python examples/single_file.py [PORT]`` and open http://127.0.0.1:8000/.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponse, JsonResponse
from scallion.urls import path

settings.configure(
    DEBUG=True,
    SECRET_KEY="single-file-demo-key-not-for-production-0123456789abcdef",
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    MIDDLEWARE=[f"{__name__}.timing_middleware"],
)


def timing_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Adds a Server-Timing header: the time spent inside the onion."""

    def middleware(request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.2f}"
        return response

    return middleware


def hello(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("name", "World")
    return HttpResponse(f"Hello, {name}!", content_type="text/plain")


def item(request: HttpRequest, item_id: int) -> JsonResponse:
    return JsonResponse({"id": item_id, "double": item_id * 2})


urlpatterns = [
    path("", hello),
    path("items/<int:item_id>/", item),
]

if __name__ == "__main__":
    from scallion.core.servers.basehttp import run
    from scallion.core.wsgi import get_wsgi_application

    run(get_wsgi_application(), port=int(sys.argv[1]) if len(sys.argv) > 1 else 8000)

"""A small app whose requests exercise every step the trace records."""

from __future__ import annotations

import os
import time
from typing import Any

from scallion.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from scallion.template.response import TemplateResponse
from scallion.urls import path
from scallion.utils.deprecation import MiddlewareMixin

TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "templates")

TEMPLATES = [
    {
        "BACKEND": "scallion.template.backends.jinja2.Jinja2",
        "DIRS": [TEMPLATE_DIR],
        "OPTIONS": {"context_processors": ["tests.trace.app.greeting"]},
    }
]

MIDDLEWARE = [
    "tests.trace.app.Outer",
    "tests.trace.app.function_middleware",
    "tests.trace.app.Inner",
]


def greeting(request: HttpRequest) -> dict[str, Any]:
    return {"greeting": "hello from a context processor"}


class Outer(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if request.path_info == "/blocked/":
            return HttpResponse("<html><body>blocked</body></html>", status=403)
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response["X-Outer"] = "1"
        return response


def function_middleware(get_response: Any) -> Any:
    def middleware(request: HttpRequest) -> Any:
        if request.path_info == "/teapot/":
            return HttpResponse("short", status=418)
        return get_response(request)

    return middleware


class Inner(MiddlewareMixin):
    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> Any:
        if request.path_info == "/viewhook/":
            return HttpResponse("<html><body>from process_view</body></html>")
        return None

    def process_template_response(self, request: HttpRequest, response: Any) -> Any:
        response.context_data["title"] = "Traced <page>"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, KeyError):
            return HttpResponse("<html><body>handled</body></html>", status=409)
        return None


def page(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "page.html", {"title": "untraced"})


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<html><body><p>plain</p></body></html>")


def long_page(request: HttpRequest) -> HttpResponse:
    """Long enough for GZipMiddleware to compress it."""
    return HttpResponse("<html><body>" + "<p>compress me</p>" * 40 + "</body></html>")


def encoded(request: HttpRequest) -> HttpResponse:
    """HTML in an encoding the panel cannot edit (the bytes stand for brotli)."""
    response = HttpResponse(b"<html><body>not really brotli</body></html>")
    response["Content-Encoding"] = "br"
    return response


def api(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"body": "</body>"})


def stream(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(iter([b"<html><body>", b"streamed</body></html>"]))


def boom(request: HttpRequest) -> HttpResponse:
    raise ValueError("boom")


def handled(request: HttpRequest) -> HttpResponse:
    raise KeyError("handled by process_exception")


async def async_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<html><body>async</body></html>")


def slow(request: HttpRequest) -> HttpResponse:
    """Slow enough that two at once need two worker processes."""
    time.sleep(0.3)
    return HttpResponse(f"<html><body>slow {os.getpid()}</body></html>")


async def async_boom(request: HttpRequest) -> HttpResponse:
    raise ValueError("async boom")


urlpatterns = [
    path("", page, name="page"),
    path("plain/", plain),
    path("long/", long_page),
    path("encoded/", encoded),
    path("api/", api),
    path("stream/", stream),
    path("boom/", boom),
    path("handled/", handled),
    path("viewhook/", plain),
    path("blocked/", plain),
    path("teapot/", plain),
    path("async/", async_view),
    path("async-boom/", async_boom),
    path("slow/", slow),
]

SETTINGS = {
    "DEBUG": True,
    "TRACE_REQUESTS": True,
    "ROOT_URLCONF": "tests.trace.app",
    "MIDDLEWARE": MIDDLEWARE,
    "TEMPLATES": TEMPLATES,
}

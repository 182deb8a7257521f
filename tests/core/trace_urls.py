"""Views for the onion tests."""

from __future__ import annotations

from typing import Any

from scallion.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from scallion.http import Http404, HttpResponse, StreamingHttpResponse
from scallion.urls import path
from tests.core.trace_middleware import TRACE, _action


def view(request: Any) -> HttpResponse:
    TRACE.append("view")
    return HttpResponse("view body")


def failing_view(request: Any) -> HttpResponse:
    TRACE.append("view")
    raise RuntimeError("view failed")


def none_view(request: Any) -> None:
    TRACE.append("view")


def not_found_view(request: Any) -> HttpResponse:
    raise Http404("no such thing")


def denied_view(request: Any) -> HttpResponse:
    raise PermissionDenied


def bad_view(request: Any) -> HttpResponse:
    raise BadRequest("malformed")


def suspicious_view(request: Any) -> HttpResponse:
    raise SuspiciousOperation("weird")


def too_big_view(request: Any) -> HttpResponse:
    raise RequestDataTooBig("too big")


class FakeTemplateResponse(HttpResponse):
    """A response with a deferred render(), like TemplateResponse."""

    is_rendered = False

    def render(self) -> FakeTemplateResponse:
        TRACE.append("render")
        if self.fail_render:
            raise RuntimeError("boom in render")
        self.content = f"rendered:{self.context_value}"
        self.is_rendered = True
        return self

    context_value = "view"
    fail_render = False


def template_view(request: Any) -> HttpResponse:
    TRACE.append("view")
    response = FakeTemplateResponse()
    response.fail_render = _action(request, "render") == "raise"
    return response


def stream_view(request: Any) -> StreamingHttpResponse:
    return StreamingHttpResponse(iter([b"a", b"b", b"c"]), content_type="text/plain")


def echo_view(request: Any) -> HttpResponse:
    return HttpResponse(request.body, content_type="application/octet-stream")


def path_view(request: Any) -> HttpResponse:
    """The decoded path and the first query value, as the view sees them."""
    return HttpResponse(f"{request.path}|{request.GET.get('q', '')}")


urlpatterns = [
    path("view/", view),
    path("fail/", failing_view),
    path("none/", none_view),
    path("404/", not_found_view),
    path("403/", denied_view),
    path("400/", bad_view),
    path("suspicious/", suspicious_view),
    path("toobig/", too_big_view),
    path("template/", template_view),
    path("stream/", stream_view),
    path("echo/", echo_view),
    path("caf\u00e9/", path_view),
    path("path/", path_view),
]

"""Views for the middleware tests."""

from __future__ import annotations

from typing import Any

from scallion.http import HttpRequest, HttpResponse, StreamingHttpResponse
from scallion.middleware.csrf import get_token, rotate_token
from scallion.urls import path, re_path
from scallion.utils.decorators import method_decorator
from scallion.views.decorators.common import no_append_slash
from scallion.views.decorators.csrf import csrf_exempt
from scallion.views.generic import View

LONG_TEXT = "scallion " * 100


def hello(request: HttpRequest, **kwargs: str) -> HttpResponse:
    return HttpResponse("Hello")


def slashed(request: HttpRequest) -> HttpResponse:
    return HttpResponse("slashed")


def no_slash_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("no append")


no_slash_view.should_append_slash = False  # type: ignore[attr-defined]


def form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return HttpResponse("posted")
    return HttpResponse(get_token(request))


def token_header(request: HttpRequest) -> HttpResponse:
    return HttpResponse("accepted")


@no_append_slash
def no_append_fbv(request: HttpRequest) -> HttpResponse:
    return HttpResponse("no append (function)")


@no_append_slash
async def no_append_async(request: HttpRequest) -> HttpResponse:
    return HttpResponse("no append (async)")


@method_decorator(no_append_slash, name="dispatch")
class NoAppendView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("no append (class)")


@csrf_exempt
def exempt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exempt")


def rotate(request: HttpRequest) -> HttpResponse:
    rotate_token(request)
    return HttpResponse("rotated")


def long_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(LONG_TEXT)


def stream(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(LONG_TEXT.encode() for _ in range(3))


def session_view(request: HttpRequest) -> HttpResponse:
    session: Any = request.session  # type: ignore[attr-defined]
    session["count"] = session.get("count", 0) + 1
    return HttpResponse(str(session["count"]))


urlpatterns = [
    path("hello", hello),
    path("slashed/", slashed),
    path("noappend/", no_slash_view),
    path("no-append-fbv/", no_append_fbv),
    path("no-append-async/", no_append_async),
    path("no-append-cbv/", NoAppendView.as_view()),
    path("form/", form),
    path("token/", token_header),
    path("exempt/", exempt),
    path("rotate/", rotate),
    path("long/", long_page),
    path("stream/", stream),
    path("session/", session_view),
    re_path(r"^(?P<rest>.*)/security/$", hello),
]

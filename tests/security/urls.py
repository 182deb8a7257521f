"""Views for the security tests: each shows what reached it."""

from __future__ import annotations

import datetime
from typing import Any

from scallion.contrib import messages
from scallion.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from scallion.shortcuts import render
from scallion.urls import path, re_path
from scallion.utils.http import url_has_allowed_host_and_scheme


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


def any_page(request: HttpRequest, rest: str) -> HttpResponse:
    return HttpResponse(f"page under {rest}")


def echo(request: HttpRequest) -> JsonResponse:
    """The body, the form fields and the files, as the view sees them."""
    return JsonResponse(
        {
            "body": request.body.decode("latin-1"),
            "POST": {key: request.POST.getlist(key) for key in request.POST},
            "FILES": {key: [f.name for f in request.FILES.getlist(key)] for key in request.FILES},
        }
    )


def length(request: HttpRequest) -> HttpResponse:
    """Reads the stream in pieces (no body limit applies): the length that arrived."""
    total = 0
    while chunk := request.read(1000):
        total += len(chunk)
    return HttpResponse(str(total))


def form(request: HttpRequest) -> JsonResponse:
    """The form fields only: the body is never read as bytes first."""
    return JsonResponse({key: request.POST.getlist(key) for key in request.POST})


def page(request: HttpRequest, name: str) -> HttpResponse:
    return render(request, name, {"value": request.GET.get("value", "")})


def next_page(request: HttpRequest) -> HttpResponseRedirect:
    """A login-style redirect to ``?next=``, only to this host."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


def messages_shown(request: HttpRequest) -> HttpResponse:
    """Adds a message and shows every message, so all are consumed."""
    messages.info(request, "now")
    return HttpResponse("|".join(str(m) for m in messages.get_messages(request)))


def cookie_for_ten_seconds(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("set")
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=10)
    response.set_cookie("ten", "seconds", expires=expires)
    return response


def reflect(request: HttpRequest) -> HttpResponse:
    """Puts the query's text where a careless view would: reason, header, cookie."""
    where, text = request.GET.get("where", ""), request.GET.get("text", "")
    if where == "reason":
        return HttpResponse("reflected", reason=text)
    response = HttpResponse("reflected")
    if where == "header":
        response["X-Echo"] = text
    elif where == "cookie":
        response.set_cookie("echo", text)
    elif where == "cookie-path":
        response.set_cookie("echo", "1", path=text)
    return response


def whoami(request: HttpRequest) -> JsonResponse:
    """What the session and the messages cookie say about this visitor."""
    return JsonResponse(
        {
            "user_id": request.session.get("user_id"),
            "messages": [str(m) for m in messages.get_messages(request)],
        }
    )


def cookies(request: HttpRequest) -> JsonResponse:
    return JsonResponse(request.COOKIES)


urlpatterns: list[Any] = [
    path("", hello),
    path("echo/", echo),
    path("form/", form),
    path("length/", length),
    path("cookies/", cookies),
    path("whoami/", whoami),
    path("reflect/", reflect),
    path("messages/", messages_shown),
    path("ten-seconds/", cookie_for_ten_seconds),
    path("next/", next_page),
    # "page/" after any prefix, such as "/evil.com/".
    re_path(r"^(?P<rest>.*)/page/$", any_page),
    path("page/<str:name>", page),
]

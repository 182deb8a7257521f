"""Views for the session tests."""

from __future__ import annotations

import datetime
from typing import Any

from scallion.http import HttpRequest, HttpResponse, HttpResponseServerError
from scallion.urls import path


def _session(request: HttpRequest) -> Any:
    return request.session  # type: ignore[attr-defined]


def incr(request: HttpRequest) -> HttpResponse:
    session = _session(request)
    session["count"] = session.get("count", 0) + 1
    return HttpResponse(str(session["count"]))


def read(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(_session(request).get("count")))


def untouched(request: HttpRequest) -> HttpResponse:
    return HttpResponse("untouched")


def flush(request: HttpRequest) -> HttpResponse:
    _session(request).flush()
    return HttpResponse("flushed")


def cycle(request: HttpRequest) -> HttpResponse:
    _session(request).cycle_key()
    return HttpResponse("cycled")


def expiry(request: HttpRequest, value: str) -> HttpResponse:
    session = _session(request)
    parsed: Any
    if value == "none":
        parsed = None
    elif value == "date":
        parsed = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    else:
        parsed = int(value)
    session["touched"] = True
    session.set_expiry(parsed)
    return HttpResponse(str(session.get_expiry_age()))


def fail(request: HttpRequest) -> HttpResponse:
    _session(request)["lost"] = True
    return HttpResponseServerError("boom")


def big(request: HttpRequest) -> HttpResponse:
    import secrets

    _session(request)["blob"] = secrets.token_hex(4000)
    return HttpResponse("big")


def interrupt(request: HttpRequest) -> HttpResponse:
    session = _session(request)
    session["count"] = session.get("count", 0) + 1
    type(session)(session.session_key).delete()  # a logout in a concurrent request
    return HttpResponse("interrupted")


urlpatterns = [
    path("interrupt/", interrupt),
    path("incr/", incr),
    path("read/", read),
    path("untouched/", untouched),
    path("flush/", flush),
    path("cycle/", cycle),
    path("expiry/<str:value>/", expiry),
    path("fail/", fail),
    path("big/", big),
]

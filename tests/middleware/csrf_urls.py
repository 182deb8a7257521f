"""Views for the CSRF tests (decorated views run without the middleware)."""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponse
from scallion.middleware.csrf import get_token
from scallion.urls import path
from scallion.views.decorators.csrf import (
    csrf_exempt,
    csrf_protect,
    ensure_csrf_cookie,
    requires_csrf_token,
)

from .urls import urlpatterns as base_patterns


@csrf_protect
def protected(request: HttpRequest) -> HttpResponse:
    return HttpResponse("protected " + get_token(request))


@requires_csrf_token
def needs_token(request: HttpRequest) -> HttpResponse:
    return HttpResponse(get_token(request))


@ensure_csrf_cookie
def with_cookie(request: HttpRequest) -> HttpResponse:
    return HttpResponse("cookie")


@csrf_exempt
@csrf_protect
def exempt_protected(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exempt")


def custom_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponse(f"custom: {reason}", status=403)


urlpatterns = [
    *base_patterns,
    path("protected/", protected),
    path("needs-token/", needs_token),
    path("with-cookie/", with_cookie),
    path("exempt-protected/", exempt_protected),
]

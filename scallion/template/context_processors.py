"""Built-in context processors: ``f(request) -> dict``, listed in ``OPTIONS``.

Each runs at most once per request (the Jinja2 backend keeps the result on the
request), so reading settings here costs nothing per render.
"""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.http import HttpRequest
from scallion.middleware.csp import get_nonce
from scallion.template.backends.utils import CsrfToken
from scallion.utils.csp import CONTEXT_KEY as CSP_CONTEXT_KEY


def debug(request: HttpRequest) -> dict[str, Any]:
    """``debug`` is True in DEBUG for clients listed in ``INTERNAL_IPS``."""
    if settings.DEBUG and request.META.get("REMOTE_ADDR") in settings.INTERNAL_IPS:
        return {"debug": True}
    return {}


def request(request: HttpRequest) -> dict[str, Any]:
    return {"request": request}


def csrf(request: HttpRequest) -> dict[str, Any]:
    """``csrf_token``, fetched only if the template prints it."""
    return {"csrf_token": CsrfToken(request)}


def static(request: HttpRequest) -> dict[str, Any]:
    return {"STATIC_URL": settings.STATIC_URL}


def media(request: HttpRequest) -> dict[str, Any]:
    return {"MEDIA_URL": settings.MEDIA_URL}


def tz(request: HttpRequest) -> dict[str, Any]:
    """``TIME_ZONE``: the request's active time zone if one was set, else the setting."""
    active = getattr(request, "timezone", None)
    name = getattr(active, "key", None) or (str(active) if active else settings.TIME_ZONE)
    return {"TIME_ZONE": name}


def csp(request: HttpRequest) -> dict[str, Any]:
    """``csp_nonce``: the request's Content-Security-Policy nonce (made when printed).

    ``None`` when ``ContentSecurityPolicyMiddleware`` is not installed.
    """
    return {CSP_CONTEXT_KEY: get_nonce(request)}

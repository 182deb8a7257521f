"""CSRF checks: the middleware is on, its cookie is Secure, the failure view works."""

from __future__ import annotations

import inspect
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register
from scallion.core.checks.security.base import middleware_class_names

W003 = Warning(
    "CsrfViewMiddleware is not in MIDDLEWARE: forms are not protected against cross-site "
    "request forgery.",
    hint="Add 'scallion.middleware.csrf.CsrfViewMiddleware' (a view that must accept "
    "cross-site posts can be exempted with @csrf_exempt).",
    id="security.W003",
)
W016 = Warning(
    "CsrfViewMiddleware is in MIDDLEWARE, but CSRF_COOKIE_SECURE is not True: the CSRF "
    "cookie may be sent over plain HTTP, where it can be read.",
    hint="Set CSRF_COOKIE_SECURE = True.",
    id="security.W016",
)


def _csrf_middleware() -> bool:
    return "CsrfViewMiddleware" in middleware_class_names()


@register(Tags.security, deploy=True)
def check_csrf_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [] if _csrf_middleware() else [W003]


@register(Tags.security, deploy=True)
def check_csrf_cookie_secure(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.CSRF_USE_SESSIONS or not _csrf_middleware():
        return []
    return [] if settings.CSRF_COOKIE_SECURE is True else [W016]


@register(Tags.security)
def check_csrf_failure_view(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``CSRF_FAILURE_VIEW`` imports and takes ``(request, reason=...)``.

    Found here rather than at the first refused POST, where it would be a 500.
    """
    from scallion.utils.module_loading import import_string

    path = settings.CSRF_FAILURE_VIEW
    try:
        view = import_string(path)
    except ImportError:
        return [
            Error(
                f"The CSRF failure view '{path}' could not be imported.",
                id="security.E102",
            )
        ]
    try:
        inspect.signature(view).bind(None, reason=None)
    except TypeError:
        return [
            Error(
                f"The CSRF failure view '{path}' does not take the correct number of arguments.",
                id="security.E101",
            )
        ]
    except ValueError:
        pass  # no signature to read (a builtin): let the call tell
    return []

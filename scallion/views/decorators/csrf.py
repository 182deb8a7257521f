"""CSRF per-view decorators: Django's ``csrf_exempt``, ``csrf_protect``,
``requires_csrf_token`` and ``ensure_csrf_cookie``.

The last three run ``CsrfViewMiddleware`` around one view; the checks are not
repeated when the middleware already ran for the request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import iscoroutinefunction

from scallion.http import HttpRequest, HttpResponseBase
from scallion.middleware import decorator_from_middleware
from scallion.middleware.csrf import CsrfViewMiddleware, get_token

F = TypeVar("F", bound=Callable[..., Any])

csrf_protect = decorator_from_middleware(CsrfViewMiddleware)
csrf_protect.__doc__ = "Check CSRF for this view, as if CsrfViewMiddleware were installed."


class _EnsureCsrfToken(CsrfViewMiddleware):
    # Never reject: the view only needs the token to exist (error pages).
    def _reject(self, request: HttpRequest, reason: str) -> HttpResponseBase | None:
        return None


requires_csrf_token = decorator_from_middleware(_EnsureCsrfToken)
requires_csrf_token.__doc__ = (
    "Make get_token() work in this view without rejecting anything "
    "(for views such as 404/500 pages that render a token)."
)


class _EnsureCsrfCookie(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> HttpResponseBase | None:
        return None

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., Any],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        result = super().process_view(request, callback, callback_args, callback_kwargs)
        # Forces the cookie out even if the page renders no token (AJAX pages).
        get_token(request)
        return result


ensure_csrf_cookie = decorator_from_middleware(_EnsureCsrfCookie)
ensure_csrf_cookie.__doc__ = "Send the CSRF cookie with this view's response."


def csrf_exempt(view_func: F) -> F:
    """Exclude a view from CSRF checks (mark it; the middleware skips it)."""
    if iscoroutinefunction(view_func):

        @functools.wraps(view_func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            return await view_func(*args, **kwargs)

        async_wrapper.csrf_exempt = True  # type: ignore[attr-defined]
        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(view_func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return view_func(*args, **kwargs)

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


__all__ = ["csrf_exempt", "csrf_protect", "ensure_csrf_cookie", "requires_csrf_token"]

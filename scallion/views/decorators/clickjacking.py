"""Per-view ``X-Frame-Options``: ``xframe_options_deny``, ``_sameorigin`` and ``_exempt``.

``deny``/``sameorigin`` set the header unless the view set one itself;
``exempt`` marks the response so ``XFrameOptionsMiddleware`` leaves it alone
(for pages meant to be embedded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from scallion.http import HttpResponseBase
from scallion.views.decorators._patch import patch_response

F = TypeVar("F", bound=Callable[..., Any])


def _setter(value: str) -> Callable[[HttpResponseBase], None]:
    def apply(response: HttpResponseBase) -> None:
        if "X-Frame-Options" not in response.headers:
            response.headers["X-Frame-Options"] = value

    return apply


def _exempt(response: HttpResponseBase) -> None:
    response.xframe_options_exempt = True  # type: ignore[attr-defined]


def xframe_options_deny(view_func: F) -> F:
    """Send ``X-Frame-Options: DENY`` from this view."""
    return patch_response(view_func, _setter("DENY"))


def xframe_options_sameorigin(view_func: F) -> F:
    """Send ``X-Frame-Options: SAMEORIGIN`` from this view."""
    return patch_response(view_func, _setter("SAMEORIGIN"))


def xframe_options_exempt(view_func: F) -> F:
    """Let this view's pages be framed: the middleware adds no header."""
    return patch_response(view_func, _exempt)


__all__ = ["xframe_options_deny", "xframe_options_exempt", "xframe_options_sameorigin"]

"""Turning exceptions into responses, wherever in the onion they are raised.

:func:`convert_exception_to_response` wraps each layer of the chain once, at
build time, so that the layer outside it always receives a response:

* ``Http404`` -> 404 (the technical page listing the patterns tried when DEBUG),
* ``PermissionDenied`` -> 403,
* ``BadRequest`` and a body cut short (``UnreadablePostError``) -> 400,
* every ``SuspiciousOperation`` -> 400 (413 for ``RequestDataTooBig``), logged to
  ``scallion.security.<ClassName>``,
* anything else -> 500, logged with its traceback to ``scallion.request``,
  after ``got_request_exception`` is sent (with ``send_robust``: a receiver
  that fails is logged, and the 500 page is still made).

The 4xx/500 bodies come from the root URLconf's ``handler400``/``403``/``404``/
``500`` views, or from ``scallion.views.defaults``.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async

from scallion.conf import settings
from scallion.core import signals
from scallion.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from scallion.http import Http404, HttpRequest, HttpResponseBase
from scallion.http.request import UnreadablePostError
from scallion.urls import get_resolver, get_urlconf

security_logger_prefix = "scallion.security."


def convert_exception_to_response(get_response: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap one layer so that any exception it raises becomes a response."""
    if iscoroutinefunction(get_response):

        @functools.wraps(get_response)
        async def inner_async(request: HttpRequest) -> HttpResponseBase:
            try:
                response: HttpResponseBase = await get_response(request)
                if response is None:
                    raise _returned_none(get_response)
            except Exception as exc:
                response = await sync_to_async(response_for_exception, thread_sensitive=False)(
                    request, exc
                )
            return response

        return inner_async

    @functools.wraps(get_response)
    def inner(request: HttpRequest) -> HttpResponseBase:
        try:
            response: HttpResponseBase = get_response(request)
            if response is None:
                raise _returned_none(get_response)
        except Exception as exc:
            response = response_for_exception(request, exc)
        return response

    return inner


def _returned_none(layer: Callable[..., Any]) -> ValueError:
    owner = getattr(layer, "__self__", None)
    if owner is not None and getattr(layer, "__name__", None) == "__call__":
        layer = owner  # the chain calls a class-based middleware's bound __call__
    name = getattr(layer, "__qualname__", None) or type(layer).__qualname__
    module = getattr(layer, "__module__", None) or type(layer).__module__
    return ValueError(
        f"The middleware {module}.{name} didn't return an HttpResponse object. It returned "
        "None instead. Each middleware must return the response of get_response(request) "
        "or a response of its own."
    )


def response_for_exception(request: HttpRequest, exc: Exception) -> HttpResponseBase:
    """The response for an exception raised while handling ``request``."""
    response: HttpResponseBase
    from scallion.utils.log import log_response

    if isinstance(exc, Http404):
        if settings.DEBUG:
            from scallion.views import debug

            response = debug.technical_404_response(request, exc)
        else:
            response = get_exception_response(request, 404, exc)
    elif isinstance(exc, PermissionDenied):
        response = get_exception_response(request, 403, exc)
        log_response(
            "Forbidden (Permission denied): %s",
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
    elif isinstance(exc, BadRequest | UnreadablePostError):
        if settings.DEBUG:
            exc_type, exc_value, tb = sys.exc_info()
            response = _technical_500(request, exc_type, exc_value, tb, status_code=400)
        else:
            response = get_exception_response(request, 400, exc)
        log_response(
            "%s: %s", str(exc), request.path, response=response, request=request, exception=exc
        )
    elif isinstance(exc, SuspiciousOperation):
        status = 413 if isinstance(exc, RequestDataTooBig) else 400
        # The POST data cannot be trusted after a suspicious body: drop it so
        # the error views don't parse it again.
        request._mark_post_parse_error()
        security_logger = logging.getLogger(f"{security_logger_prefix}{exc.__class__.__name__}")
        security_logger.error(
            "%s", _escape(str(exc)), exc_info=exc, extra={"status_code": status, "request": request}
        )
        if settings.DEBUG:
            exc_type, exc_value, tb = sys.exc_info()
            response = _technical_500(request, exc_type, exc_value, tb, status_code=status)
        else:
            response = get_exception_response(request, 400, exc)
            if status != 400:
                response.status_code = status
                response.reason_phrase = "Request Entity Too Large"
    else:
        signals.got_request_exception.send_robust(sender=None, request=request)
        response = handle_uncaught_exception(request, get_resolver(get_urlconf()), sys.exc_info())
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
    # Force a TemplateResponse to be rendered: the layers outside expect content.
    if not getattr(response, "is_rendered", True) and callable(getattr(response, "render", None)):
        response = response.render()  # type: ignore[attr-defined]
    return response


def get_exception_response(
    request: HttpRequest, status_code: int, exception: Exception
) -> HttpResponseBase:
    """Call the URLconf's error handler for ``status_code``; fall back to a 500."""
    try:
        resolver = get_resolver(get_urlconf())
        callback = resolver.resolve_error_handler(status_code)
        response: HttpResponseBase = callback(request, exception=exception)
    except Exception:
        signals.got_request_exception.send_robust(sender=None, request=request)
        response = handle_uncaught_exception(request, get_resolver(get_urlconf()), sys.exc_info())
    return response


def handle_uncaught_exception(
    request: HttpRequest, resolver: Any, exc_info: Any
) -> HttpResponseBase:
    """The 500 response: the technical page in DEBUG, else ``handler500``."""
    if settings.DEBUG:
        return _technical_500(request, *exc_info)
    callback = resolver.resolve_error_handler(500)
    response: HttpResponseBase = callback(request)
    return response


def _technical_500(
    request: HttpRequest, exc_type: Any, exc_value: Any, tb: Any, status_code: int = 500
) -> HttpResponseBase:
    from scallion.views import debug

    return debug.technical_500_response(request, exc_type, exc_value, tb, status_code=status_code)


def _escape(text: str) -> str:
    from scallion.utils.log import escape_control_chars

    return escape_control_chars(text)

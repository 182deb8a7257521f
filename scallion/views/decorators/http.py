"""View decorators about HTTP methods and conditional requests (Django's names).

Each decorator wraps sync views in a sync function and ``async def`` views in
an ``async def``, so the handler never adapts them.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import iscoroutinefunction

from scallion.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed
from scallion.middleware.http import ConditionalGetMiddleware
from scallion.utils.cache import get_conditional_response
from scallion.utils.decorators import decorator_from_middleware
from scallion.utils.http import http_date, quote_etag

logger = logging.getLogger("scallion.request")

ViewFunc = Callable[..., Any]


def require_http_methods(request_method_list: Iterable[str]) -> Callable[[ViewFunc], ViewFunc]:
    """Answer 405 (with ``Allow``) to methods not in ``request_method_list`` (upper case)."""
    allowed = list(request_method_list)

    def not_allowed(request: HttpRequest) -> HttpResponseNotAllowed:
        response = HttpResponseNotAllowed(allowed)
        logger.warning(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            extra={"status_code": 405, "request": request},
        )
        response._has_been_logged = True
        return response

    def decorator(func: ViewFunc) -> ViewFunc:
        if iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                if request.method not in allowed:
                    return not_allowed(request)
                return await func(request, *args, **kwargs)

            return async_inner

        @functools.wraps(func)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method not in allowed:
                return not_allowed(request)
            return func(request, *args, **kwargs)

        return inner

    return decorator


require_GET = require_http_methods(["GET"])
require_GET.__doc__ = "Only GET requests reach the view."
require_POST = require_http_methods(["POST"])
require_POST.__doc__ = "Only POST requests reach the view."
require_safe = require_http_methods(["GET", "HEAD"])
require_safe.__doc__ = "Only GET and HEAD requests reach the view."


def condition(
    etag_func: Callable[..., str | None] | None = None,
    last_modified_func: Callable[..., datetime.datetime | None] | None = None,
) -> Callable[[ViewFunc], ViewFunc]:
    """Answer 304/412 from the resource's ETag/Last-Modified without running the view.

    ``etag_func`` and ``last_modified_func`` receive the view's arguments; the
    response of a GET/HEAD gets the ETag and Last-Modified headers if the view
    did not set them.
    """

    def decorator(func: ViewFunc) -> ViewFunc:
        def validators(
            request: HttpRequest, args: Any, kwargs: Any
        ) -> tuple[str | None, int | None]:
            etag = etag_func(request, *args, **kwargs) if etag_func else None
            etag = quote_etag(etag) if etag is not None else None
            last_modified = None
            if last_modified_func:
                moment = last_modified_func(request, *args, **kwargs)
                if moment:
                    if moment.tzinfo is None or moment.utcoffset() is None:
                        moment = moment.replace(tzinfo=datetime.UTC)
                    last_modified = int(moment.timestamp())
            return etag, last_modified

        def add_headers(
            request: HttpRequest, response: HttpResponseBase, etag: str | None, mtime: int | None
        ) -> HttpResponseBase:
            if request.method in ("GET", "HEAD"):
                if mtime and not response.has_header("Last-Modified"):
                    response.headers["Last-Modified"] = http_date(mtime)
                if etag and not response.has_header("ETag"):
                    response.headers["ETag"] = etag
            return response

        if iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                etag, mtime = validators(request, args, kwargs)
                response = get_conditional_response(request, etag=etag, last_modified=mtime)
                if response is None:
                    response = await func(request, *args, **kwargs)
                return add_headers(request, response, etag, mtime)

            return async_inner

        @functools.wraps(func)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            etag, mtime = validators(request, args, kwargs)
            response = get_conditional_response(request, etag=etag, last_modified=mtime)
            if response is None:
                response = func(request, *args, **kwargs)
            return add_headers(request, response, etag, mtime)

        return inner

    return decorator


def etag(etag_func: Callable[..., str | None]) -> Callable[[ViewFunc], ViewFunc]:
    """``condition(etag_func=...)``."""
    return condition(etag_func=etag_func)


def last_modified(
    last_modified_func: Callable[..., datetime.datetime | None],
) -> Callable[[ViewFunc], ViewFunc]:
    """``condition(last_modified_func=...)``."""
    return condition(last_modified_func=last_modified_func)


#: ``ConditionalGetMiddleware`` for one view: an ETag for its response, and a 304
#: when the client's ``If-None-Match``/``If-Modified-Since`` already match.
conditional_page = decorator_from_middleware(ConditionalGetMiddleware)

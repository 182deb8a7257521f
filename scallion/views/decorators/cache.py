"""View decorators for caching: ``cache_page``, ``cache_control``, ``never_cache``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction

from scallion.middleware.cache import CacheMiddleware
from scallion.utils.cache import add_never_cache_headers, patch_cache_control

ViewFunc = Callable[..., Any]


def _check_request(request: Any, decorator: str) -> None:
    if not hasattr(request, "META"):
        raise TypeError(
            f"{decorator} didn't receive an HttpRequest. If you are decorating a "
            "classmethod, be sure to use @method_decorator."
        )


def _after_view(
    decorator_name: str, patch: Callable[[Any], None]
) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(func: ViewFunc) -> ViewFunc:
        if iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(request: Any, *args: Any, **kwargs: Any) -> Any:
                _check_request(request, decorator_name)
                response = await func(request, *args, **kwargs)
                patch(response)
                return response

            return async_inner

        @functools.wraps(func)
        def inner(request: Any, *args: Any, **kwargs: Any) -> Any:
            _check_request(request, decorator_name)
            response = func(request, *args, **kwargs)
            patch(response)
            return response

        return inner

    return decorator


def cache_control(**kwargs: Any) -> Callable[[ViewFunc], ViewFunc]:
    """Add Cache-Control directives: ``@cache_control(max_age=3600, public=True)``."""
    return _after_view("cache_control", lambda response: patch_cache_control(response, **kwargs))


def never_cache(view_func: ViewFunc) -> ViewFunc:
    """Mark the response as never to be cached (Expires, no-cache, no-store, private)."""
    return _after_view("never_cache", add_never_cache_headers)(view_func)


def cache_page(
    timeout: int | None, *, cache: str | None = None, key_prefix: str | None = None
) -> Callable[[ViewFunc], ViewFunc]:
    """Serve the view's page from the cache, and store it there (``CacheMiddleware``).

    ``timeout`` (seconds) wins over the response's ``max-age``; ``cache`` is the
    alias (default ``"default"``) and ``key_prefix`` separates sites sharing a
    cache. Keyed by the absolute URL and the headers the response varies on.
    """

    def decorator(view_func: ViewFunc) -> ViewFunc:
        middleware = CacheMiddleware(
            view_func, page_timeout=timeout, cache_alias=cache, key_prefix=key_prefix
        )
        # The middleware's hooks around the view, without decorator_from_middleware's
        # general machinery (CacheMiddleware has no process_view or
        # process_exception). PERF: cached.
        if iscoroutinefunction(view_func):

            @functools.wraps(view_func)
            async def async_cached_view(request: Any, *args: Any, **kwargs: Any) -> Any:
                response = await middleware.aprocess_request(request)
                if response is not None:
                    return response  # a hit
                response = await view_func(request, *args, **kwargs)
                return await middleware.aprocess_response(request, response)

            return async_cached_view

        process_request = middleware.process_request
        process_response = middleware.process_response

        @functools.wraps(view_func)
        def cached_view(request: Any, *args: Any, **kwargs: Any) -> Any:
            response = process_request(request)
            if response is not None:
                return response  # a hit: process_response would store nothing
            return process_response(request, view_func(request, *args, **kwargs))

        return cached_view

    return decorator

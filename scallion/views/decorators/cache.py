"""View decorators that set Cache-Control (``cache_control``, ``never_cache``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction

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

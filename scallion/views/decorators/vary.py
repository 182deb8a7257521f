"""View decorators that add request headers to ``Vary``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction

from scallion.utils.cache import patch_vary_headers

ViewFunc = Callable[..., Any]


def vary_on_headers(*headers: str) -> Callable[[ViewFunc], ViewFunc]:
    """Add ``headers`` to the response's ``Vary`` (case-insensitively, without duplicates)."""

    def decorator(func: ViewFunc) -> ViewFunc:
        if iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(request: Any, *args: Any, **kwargs: Any) -> Any:
                response = await func(request, *args, **kwargs)
                patch_vary_headers(response, headers)
                return response

            return async_inner

        @functools.wraps(func)
        def inner(request: Any, *args: Any, **kwargs: Any) -> Any:
            response = func(request, *args, **kwargs)
            patch_vary_headers(response, headers)
            return response

        return inner

    return decorator


def vary_on_cookie(func: ViewFunc) -> ViewFunc:
    """``Vary: Cookie``: the response depends on the client's cookies."""
    return vary_on_headers("Cookie")(func)

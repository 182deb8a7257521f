"""The shape most view decorators share: call the view, then change its response.

Sync views get a sync wrapper and ``async def`` views an ``async def`` one, so the
handler never has to adapt a decorated view.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import iscoroutinefunction

F = TypeVar("F", bound=Callable[..., Any])


def patch_response(view_func: F, apply: Callable[[Any], None]) -> F:
    """``view_func`` wrapped so that ``apply(response)`` runs on each response it returns."""
    if iscoroutinefunction(view_func):

        @functools.wraps(view_func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            response = await view_func(*args, **kwargs)
            apply(response)
            return response

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(view_func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        response = view_func(*args, **kwargs)
        apply(response)
        return response

    return wrapper  # type: ignore[return-value]

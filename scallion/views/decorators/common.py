"""``no_append_slash``: keep ``CommonMiddleware`` from redirecting to this view's URL.

With ``APPEND_SLASH``, a request for ``/page`` that 404s is redirected to
``/page/`` when that URL resolves. Some views must not be found by such a
redirect (a path that is an identifier, an endpoint whose URLs should not be
guessed); this decorator marks them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import iscoroutinefunction

F = TypeVar("F", bound=Callable[..., Any])


def no_append_slash(view_func: F) -> F:
    """Mark ``view_func`` so that no slash-appending redirect leads to it."""
    wrapper: Any
    if iscoroutinefunction(view_func):

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            return await view_func(*args, **kwargs)

    else:

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view_func(*args, **kwargs)

    functools.update_wrapper(wrapper, view_func)
    # Read by CommonMiddleware.should_redirect_with_slash.
    wrapper.should_append_slash = False
    return wrapper  # type: ignore[no-any-return]


__all__ = ["no_append_slash"]

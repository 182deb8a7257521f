"""``@body_limits``: raise or lower the request-body limits for one view.

A login form needs a few hundred bytes; an upload endpoint needs gigabytes and
hundreds of files. Settings give every view the same limits; this decorator gives
a view its own. ``None`` switches a limit off for the view.

The limits are also stored on the view as ``view.body_limits`` so the handler can
apply them as soon as the URL resolves, before any ``process_view`` middleware (a
CSRF check, for instance) reads ``request.POST``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

__all__ = ["body_limits"]

F = TypeVar("F", bound=Callable[..., Any])

_UNSET: Any = object()

_SETTING_NAMES = {
    "max_memory_size": "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "max_number_fields": "DATA_UPLOAD_MAX_NUMBER_FIELDS",
    "max_number_files": "DATA_UPLOAD_MAX_NUMBER_FILES",
    "max_json_depth": "DATA_UPLOAD_MAX_JSON_DEPTH",
}


def body_limits(
    *,
    max_memory_size: int | None = _UNSET,
    max_number_fields: int | None = _UNSET,
    max_number_files: int | None = _UNSET,
    max_json_depth: int | None = _UNSET,
) -> Callable[[F], F]:
    """Decorate a view so its requests use these limits instead of the settings.

    Each argument overrides the setting of the same meaning (``max_memory_size`` ->
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``...); arguments left out keep the setting.
    """
    given = {
        "max_memory_size": max_memory_size,
        "max_number_fields": max_number_fields,
        "max_number_files": max_number_files,
        "max_json_depth": max_json_depth,
    }
    limits: dict[str, int | None] = {}
    for argument, value in given.items():
        if value is _UNSET:
            continue
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise TypeError(
                f"body_limits({argument}=...) must be a non-negative int or None "
                f"(no limit), not {value!r}."
            )
        limits[_SETTING_NAMES[argument]] = value
    if not limits:
        raise TypeError("body_limits() needs at least one of: " + ", ".join(_SETTING_NAMES) + ".")

    def decorator(view: F) -> F:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
                request.set_body_limits(**limits)
                return await view(request, *args, **kwargs)

            wrapper: Any = async_wrapper
        else:

            @functools.wraps(view)
            def sync_wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
                request.set_body_limits(**limits)
                return view(request, *args, **kwargs)

            wrapper = sync_wrapper
        wrapper.body_limits = {**getattr(view, "body_limits", {}), **limits}
        return cast(F, wrapper)

    return decorator

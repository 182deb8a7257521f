"""Mark a function's local variables, or a view's POST fields, as secret in error reports.

``@sensitive_variables("password")`` and ``@sensitive_post_parameters("card")``
are Django's decorators: the error reports (the DEBUG 500 page, the report a
logging handler builds) show ``********************`` instead of those values.

A plain function is wrapped: the wrapper's frame, which sits just above the
function's own in a traceback, carries the names. A coroutine cannot be found
that way (its frame has no caller once suspended), so coroutine functions are
registered by where their code starts (file and first line) and left unwrapped.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Collection
from types import FrameType
from typing import Any, Literal, TypeVar

from asgiref.sync import iscoroutinefunction

from scallion.http import HttpRequest

__all__ = [
    "is_wrapper_frame",
    "sensitive_post_parameters",
    "sensitive_variables",
    "sensitive_variables_of",
]

#: Every name of a frame (or every POST field) is secret.
ALL = "__ALL__"
#: The name of the wrapper function; error reports look for frames of this name.
WRAPPER_NAME = "sensitive_variables_wrapper"

Sensitive = Collection[str] | Literal["__ALL__"]
F = TypeVar("F", bound=Callable[..., Any])

#: Coroutine functions' secret names, by ``"file:first line"`` of their code.
coroutine_functions_to_sensitive_variables: dict[str, Sensitive] = {}


def _code_key(filename: str, first_line: int) -> str:
    return f"{filename}:{first_line}"


def _refuse_bare_use(name: str, args: tuple[Any, ...]) -> None:
    if len(args) == 1 and callable(args[0]):
        raise TypeError(
            f"{name}() must be called to use it as a decorator, e.g., use @{name}(), not @{name}."
        )


def sensitive_variables(*variables: str) -> Callable[[F], F]:
    """Hide the named local variables (all of them when none is named) in error reports."""
    _refuse_bare_use("sensitive_variables", variables)
    marked: Sensitive = variables or ALL

    def decorator(func: F) -> F:
        if iscoroutinefunction(func):
            innermost = inspect.unwrap(func)
            try:
                filename = inspect.getfile(innermost)
            except TypeError as err:
                raise ValueError(
                    f"{func.__name__} cannot safely be wrapped by @sensitive_variables, "
                    "make it either non-async or defined in a Python file (not a builtin "
                    "or from a native extension)."
                ) from err
            first_line = innermost.__code__.co_firstlineno
            coroutine_functions_to_sensitive_variables[_code_key(filename, first_line)] = marked
            return func

        @functools.wraps(func)
        def sensitive_variables_wrapper(*func_args: Any, **func_kwargs: Any) -> Any:
            # A local of this frame, where error reports read it.
            sensitive_names = marked  # noqa: F841
            return func(*func_args, **func_kwargs)

        sensitive_variables_wrapper.sensitive_variables = marked  # type: ignore[attr-defined]
        return sensitive_variables_wrapper  # type: ignore[return-value]

    return decorator


def sensitive_variables_of(frame: FrameType) -> Sensitive | None:
    """The secret names of ``frame``'s function, as its decorator marked them, or None.

    A plain function's wrapper is looked for among the frame's callers; a
    coroutine's code is looked up in the registry.
    """
    code = frame.f_code
    if code.co_flags & inspect.CO_COROUTINE and code.co_name != WRAPPER_NAME:
        found = coroutine_functions_to_sensitive_variables.get(
            _code_key(code.co_filename, code.co_firstlineno)
        )
        if found is not None:
            return found
    current: FrameType | None = frame
    while current is not None:
        if is_wrapper_frame(current):
            return current.f_locals["sensitive_names"]  # type: ignore[no-any-return]
        current = current.f_back
    return None


def is_wrapper_frame(frame: FrameType) -> bool:
    """Whether ``frame`` is the call of a ``sensitive_variables`` wrapper."""
    return frame.f_code.co_name == WRAPPER_NAME and "sensitive_names" in frame.f_locals


def sensitive_post_parameters(*parameters: str) -> Callable[[F], F]:
    """Hide the named POST fields (all of them when none is named) in error reports.

    The view must take the request first; a method needs ``method_decorator``.
    """
    _refuse_bare_use("sensitive_post_parameters", parameters)
    marked: Sensitive = parameters or ALL

    def check(request: Any) -> None:
        if not isinstance(request, HttpRequest):
            raise TypeError(
                "sensitive_post_parameters didn't receive an HttpRequest object. If you "
                "are decorating a classmethod, make sure to use @method_decorator."
            )
        request.sensitive_post_parameters = marked  # type: ignore[attr-defined]

    def decorator(view: F) -> F:
        if iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
                check(request)
                return await view(request, *args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            check(request)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator

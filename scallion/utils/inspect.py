"""What a callable accepts, asked once: Django's names over ``inspect.signature``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any


@functools.lru_cache(maxsize=512)
def _parameters(func: Callable[..., Any], remove_first: bool) -> tuple[inspect.Parameter, ...]:
    parameters = tuple(inspect.signature(func).parameters.values())
    return parameters[1:] if remove_first else parameters


def _callable_parameters(meth_or_func: Any) -> tuple[inspect.Parameter, ...]:
    # A bound method's own signature drops `self`; look at the function, cached.
    is_method = inspect.ismethod(meth_or_func)
    func = meth_or_func.__func__ if is_method else meth_or_func
    return _parameters(func, remove_first=is_method)


def get_func_args(func: Callable[..., Any]) -> list[str]:
    """The names of the positional-or-keyword parameters."""
    return [
        p.name
        for p in _callable_parameters(func)
        if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]


def func_accepts_kwargs(func: Callable[..., Any]) -> bool:
    """True if ``func`` takes ``**kwargs``."""
    return any(p.kind == inspect.Parameter.VAR_KEYWORD for p in _callable_parameters(func))


def func_accepts_var_args(func: Callable[..., Any]) -> bool:
    """True if ``func`` takes ``*args``."""
    return any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in _callable_parameters(func))


def method_has_no_args(meth: Callable[..., Any]) -> bool:
    """True if the method (bound or not) takes nothing besides ``self``."""
    count = len([p for p in _callable_parameters(meth) if p.kind == p.POSITIONAL_OR_KEYWORD])
    return count == 0 if inspect.ismethod(meth) else count == 1


def func_supports_parameter(func: Callable[..., Any], name: str) -> bool:
    """True if ``func`` has a parameter called ``name``."""
    return any(p.name == name for p in _callable_parameters(func))

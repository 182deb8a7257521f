"""``MiddlewareMixin``: Django's bridge for hook-style middleware classes; Django's warning classes.

A class built on it defines any of ``process_request``, ``process_view``,
``process_template_response``, ``process_exception`` and ``process_response``;
the mixin supplies ``__call__`` (and an async ``__acall__``) that runs
``process_request``, the inner layers, then ``process_response``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async


class MiddlewareMixin:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        if get_response is None:
            raise ValueError(
                f"{type(self).__name__}(get_response) needs the next layer's callable; "
                "it was given None."
            )
        self.get_response = get_response
        # Hooks are looked up once, not per request. PERF: middleware, stack.
        self._process_request = getattr(self, "process_request", None)
        self._process_response = getattr(self, "process_response", None)
        self._is_coroutine = iscoroutinefunction(get_response)
        if self._is_coroutine:
            markcoroutinefunction(self)
        super().__init__()

    def __repr__(self) -> str:
        qualname = type(self).__qualname__
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__qualname__)
        return f"<{qualname} get_response={inner}>"

    def __call__(self, request: Any) -> Any:
        if self._is_coroutine:
            return self.__acall__(request)
        # Each callable read into a local, then called: CPython 3.11 cannot
        # speed up ``self.attr(...)`` when ``attr`` is the instance's own
        # attribute, but reads it quickly. PERF: middleware, stack.
        process_request = self._process_request
        response = None if process_request is None else process_request(request)
        if response is None:
            get_response = self.get_response
            response = get_response(request)
        process_response = self._process_response
        if process_response is not None:
            response = process_response(request, response)
        return response

    async def __acall__(self, request: Any) -> Any:
        """Async flavour: the sync hooks run in a thread, as in Django."""
        response = None
        if self._process_request is not None:
            response = await _call_hook(self._process_request, request)
        if response is None:
            response = await self.get_response(request)
        if self._process_response is not None:
            response = await _call_hook(self._process_response, request, response)
        return response


async def _call_hook(hook: Callable[..., Any], *args: Any) -> Any:
    if iscoroutinefunction(hook):
        return await hook(*args)
    result = await sync_to_async(hook, thread_sensitive=True)(*args)
    if inspect.isawaitable(result):
        return await result
    return result


class RemovedInNextVersionWarning(DeprecationWarning):
    """Django's warning class for behaviour that goes away in its next major version.

    Kept so that code and tests written for Django import it; scallion itself
    warns with these only where it keeps a Django behaviour that is on its way out.
    """


class RemovedInDjango2028Warning(PendingDeprecationWarning):
    """Django's warning class for behaviour it removes in its 2028 release."""


#: The names Django gives the same classes.
RemovedAfterNextVersionWarning = RemovedInDjango2028Warning
RemovedInDjango70Warning = RemovedInDjango2028Warning

"""Scallion's built-in middleware, one module per concern (Django's module paths).

Every class here reads the settings it needs once, in ``__init__`` (the chain is
built once per handler), and re-reads them when ``setting_changed`` names one
of them, so ``override_settings`` in tests still takes effect. PERF: stack.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async

from scallion.core.signals import setting_changed
from scallion.utils.deprecation import MiddlewareMixin


class SettingsMiddleware(MiddlewareMixin):
    """A ``MiddlewareMixin`` whose settings are cached on the instance.

    Subclasses list the settings they read in ``watched_settings`` and copy them
    onto ``self`` in ``load_settings``; the request path then reads attributes,
    not the lazy settings object. PERF: stack.
    """

    watched_settings: frozenset[str] = frozenset()

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        super().__init__(get_response)
        self.load_settings()
        # Held weakly: a middleware chain that is dropped stops listening.
        setting_changed.connect(self._on_setting_changed)

    def load_settings(self) -> None:
        """Copy the settings this middleware reads onto the instance."""

    def _on_setting_changed(self, *, setting: str, **kwargs: Any) -> None:
        if setting not in self.watched_settings:
            return
        self._process_request = getattr(self, "process_request", None)
        try:
            self.load_settings()
        except Exception as exc:
            # Every live chain hears the signal. A value this layer cannot use
            # fails its next request, not the override_settings() that set it.
            error = exc

            def fail(request: Any) -> Any:
                raise error

            self._process_request = fail


def decorator_from_middleware(
    middleware_class: type[Any], **middleware_kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turn a hook-style middleware class into a per-view decorator (Django's helper).

    The hooks run around that one view, in the order the handler would run them;
    ``process_response`` of a response that renders later (a TemplateResponse) is
    deferred until it has rendered. Async views get an async wrapper.
    """

    def decorator(view_func: Callable[..., Any]) -> Callable[..., Any]:
        middleware = middleware_class(view_func, **middleware_kwargs)
        process_request = getattr(middleware, "process_request", None)
        process_view = getattr(middleware, "process_view", None)
        process_exception = getattr(middleware, "process_exception", None)
        process_template_response = getattr(middleware, "process_template_response", None)
        process_response = getattr(middleware, "process_response", None)

        def before(request: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
            if process_request is not None:
                result = process_request(request)
                if result is not None:
                    return result
            if process_view is not None:
                return process_view(request, view_func, args, kwargs)
            return None

        def after(request: Any, response: Any) -> Any:
            if callable(getattr(response, "render", None)):
                if process_template_response is not None:
                    response = process_template_response(request, response)
                if process_response is not None:
                    response.add_post_render_callback(
                        lambda rendered: process_response(request, rendered)
                    )
                return response
            if process_response is not None:
                return process_response(request, response)
            return response

        def on_error(request: Any, exc: Exception) -> Any:
            if process_exception is not None:
                return process_exception(request, exc)
            return None

        if iscoroutinefunction(view_func):

            @functools.wraps(view_func)
            async def async_wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
                result = await sync_to_async(before)(request, args, kwargs)
                if result is not None:
                    return result
                try:
                    response = await view_func(request, *args, **kwargs)
                except Exception as exc:
                    result = await sync_to_async(on_error)(request, exc)
                    if result is not None:
                        return result
                    raise
                return await sync_to_async(after)(request, response)

            return async_wrapper

        @functools.wraps(view_func)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            result = before(request, args, kwargs)
            if result is not None:
                return result
            try:
                response = view_func(request, *args, **kwargs)
            except Exception as exc:
                result = on_error(request, exc)
                if result is not None:
                    return result
                raise
            return after(request, response)

        return wrapper

    return decorator


__all__ = ["SettingsMiddleware", "decorator_from_middleware"]

"""Decorator helpers: apply function decorators to methods, turn middleware into decorators.

Also Django's markers for middleware factories: ``sync_only_middleware``,
``async_only_middleware`` and ``sync_and_async_middleware`` set the
``sync_capable``/``async_capable`` flags the handler reads when it builds the chain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

F = TypeVar("F", bound=Callable[..., Any])
ViewFunc = Callable[..., Any]
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def method_decorator(
    decorator: Decorator | Iterable[Decorator], name: str = ""
) -> Callable[[Any], Any]:
    """Use a function decorator on a method (or on ``name`` of a class, e.g. ``dispatch``).

    The decorator sees a function taking the method's arguments without ``self``,
    so view decorators that expect ``request`` first work on methods.
    """

    def _dec(obj: Any) -> Any:
        if not isinstance(obj, type):
            return _multi_decorate(decorator, obj)
        if not name:
            raise ValueError(
                "method_decorator on a class needs the name of the method to decorate: "
                f"@method_decorator(..., name='dispatch') on {obj.__qualname__}."
            )
        method = getattr(obj, name, None)
        if method is None:
            raise ValueError(
                f"The keyword argument `name` must be the name of a method of the decorated "
                f"class: {obj}. Got {name!r} instead."
            )
        if not callable(method):
            raise TypeError(
                f"Cannot decorate {name!r} as it isn't a callable attribute of {obj!r} ({method})."
            )
        setattr(obj, name, _multi_decorate(decorator, method))
        return obj

    if not isinstance(decorator, list | tuple) and not callable(decorator):
        # A set (or any other collection without an order): the order of
        # decorators matters, so only a list or a tuple says which comes first.
        raise TypeError(
            f"'{type(decorator).__name__}' object is not subscriptable: method_decorator() "
            "takes a decorator, or a list or tuple of decorators (outermost first)."
        )
    decorators = decorator if isinstance(decorator, list | tuple) else [decorator]
    label = ", ".join(getattr(d, "__name__", type(d).__name__) for d in decorators)
    _dec.__name__ = f"method_decorator({label})"
    return _dec


def _multi_decorate(decorators: Decorator | Iterable[Decorator], method: Any) -> Any:
    # A list means the same as stacking them: the first one listed is the outermost.
    listed = decorators if isinstance(decorators, list | tuple) else [decorators]
    chain: list[Decorator] = list(reversed(listed))

    is_async = iscoroutinefunction(method)

    def decorate_bound(self: Any) -> Any:
        bound: Any = functools.wraps(method)(functools.partial(method.__get__(self, type(self))))
        if is_async:
            markcoroutinefunction(bound)
        for dec in chain:
            bound = dec(bound)
        return bound

    wrapper: Callable[..., Any]
    if is_async:

        async def _async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            return await decorate_bound(self)(*args, **kwargs)

        wrapper = _async_wrapper
    else:

        def _wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            return decorate_bound(self)(*args, **kwargs)

        wrapper = _wrapper

    # Attributes the decorators set (csrf_exempt...) show on the method.
    for dec in chain:
        _update_method_wrapper(wrapper, dec)
    functools.update_wrapper(wrapper, method)
    return wrapper


def _update_method_wrapper(wrapper: Callable[..., Any], decorator: Decorator) -> None:
    @decorator
    def dummy(*args: Any, **kwargs: Any) -> None:
        pass

    functools.update_wrapper(wrapper, dummy, assigned=(), updated=("__dict__",))


def decorator_from_middleware_with_args(middleware_class: type[Any]) -> Callable[..., Decorator]:
    """``cache_page = decorator_from_middleware_with_args(CacheMiddleware)``; then
    ``@cache_page(3600)`` passes ``3600`` to the middleware's constructor."""
    return make_middleware_decorator(middleware_class)


def decorator_from_middleware(middleware_class: type[Any]) -> Decorator:
    """A view decorator running ``middleware_class``'s hooks around that one view."""
    return make_middleware_decorator(middleware_class)()


def make_middleware_decorator(middleware_class: type[Any]) -> Callable[..., Decorator]:
    """The factory behind both helpers: hooks run in the order the handler runs them.

    ``process_response`` on a response that renders later (a TemplateResponse)
    is deferred with ``add_post_render_callback``.
    """

    def _make_decorator(*m_args: Any, **m_kwargs: Any) -> Decorator:
        def _decorator(view_func: ViewFunc) -> ViewFunc:
            middleware = middleware_class(view_func, *m_args, **m_kwargs)

            def before(request: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
                if hasattr(middleware, "process_request"):
                    result = middleware.process_request(request)
                    if result is not None:
                        return result
                if hasattr(middleware, "process_view"):
                    result = middleware.process_view(request, view_func, args, kwargs)
                    if result is not None:
                        return result
                return None

            def on_exception(request: Any, exc: Exception) -> Any:
                if hasattr(middleware, "process_exception"):
                    return middleware.process_exception(request, exc)
                return None

            def after(request: Any, response: Any) -> Any:
                if hasattr(response, "render") and callable(response.render):
                    if hasattr(middleware, "process_template_response"):
                        response = middleware.process_template_response(request, response)
                    if hasattr(middleware, "process_response"):
                        process_response = middleware.process_response
                        response.add_post_render_callback(
                            lambda rendered: process_response(request, rendered)
                        )
                    return response
                if hasattr(middleware, "process_response"):
                    return middleware.process_response(request, response)
                return response

            if iscoroutinefunction(view_func):

                async def _async_view(request: Any, *args: Any, **kwargs: Any) -> Any:
                    result = before(request, args, kwargs)
                    if result is not None:
                        return result
                    try:
                        response = await view_func(request, *args, **kwargs)
                    except Exception as exc:
                        result = on_exception(request, exc)
                        if result is not None:
                            return result
                        raise
                    return after(request, response)

                return functools.wraps(view_func)(_async_view)

            def _view(request: Any, *args: Any, **kwargs: Any) -> Any:
                result = before(request, args, kwargs)
                if result is not None:
                    return result
                try:
                    response = view_func(request, *args, **kwargs)
                except Exception as exc:
                    result = on_exception(request, exc)
                    if result is not None:
                        return result
                    raise
                return after(request, response)

            return functools.wraps(view_func)(_view)

        return _decorator

    return _make_decorator


def sync_only_middleware(func: F) -> F:
    """Mark a middleware factory as handling sync requests only (Django's default)."""
    func.sync_capable = True  # type: ignore[attr-defined]
    func.async_capable = False  # type: ignore[attr-defined]
    return func


def async_only_middleware(func: F) -> F:
    """Mark a middleware factory as handling async requests only."""
    func.sync_capable = False  # type: ignore[attr-defined]
    func.async_capable = True  # type: ignore[attr-defined]
    return func


def sync_and_async_middleware(func: F) -> F:
    """Mark a middleware factory as handling both (it checks ``get_response`` itself)."""
    func.sync_capable = True  # type: ignore[attr-defined]
    func.async_capable = True  # type: ignore[attr-defined]
    return func


__all__ = [
    "async_only_middleware",
    "decorator_from_middleware",
    "decorator_from_middleware_with_args",
    "method_decorator",
    "sync_and_async_middleware",
    "sync_only_middleware",
]

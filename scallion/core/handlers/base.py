"""The onion: middleware loaded and chained once, views called.

``BaseHandler.load_middleware`` reads ``settings.MIDDLEWARE`` once, instantiates
each entry from the innermost outwards around the view-calling core, and keeps
the result as one callable, ``_middleware_chain``. Every layer is wrapped by
:func:`convert_exception_to_response`, so an exception raised anywhere becomes a
response that the layers outside still see. The hook lists
(``process_view``, ``process_template_response``, ``process_exception``) are
built at the same time; ``process_request``/``process_response`` live inside
each ``MiddlewareMixin`` layer, bound once.

The same builder serves WSGI and ASGI: ``is_async`` picks the mode of the core,
and each layer is adapted (``sync_to_async``/``async_to_sync``) only where its
mode differs from its neighbour's. Both modes share the resolving and
view-calling code below; only awaiting differs.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from types import CoroutineType, FunctionType, MethodType
from typing import Any

from asgiref.sync import async_to_sync, iscoroutinefunction, sync_to_async

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from scallion.core.handlers.exception import (
    convert_exception_to_response,
    response_for_exception,
)
from scallion.http import HttpRequest, HttpResponseBase
from scallion.urls import get_resolver, set_urlconf
from scallion.urls.resolvers import resolve_path
from scallion.utils.deprecation import MiddlewareMixin
from scallion.utils.module_loading import import_string

logger = logging.getLogger("scallion.request")

Handler = Callable[[HttpRequest], Any]


class BaseHandler:
    """Loads middleware once and runs requests through the resulting chain."""

    _view_middleware: list[Callable[..., Any]] | None = None
    _template_response_middleware: list[Callable[..., Any]] | None = None
    _exception_middleware: list[Callable[..., Any]] | None = None
    _middleware_chain: Handler | None = None
    #: How many sync/async adaptations the built chain contains (for tests and
    #: ``scallion check``): each one costs a thread hop per request.
    mode_switches = 0
    #: The middleware (dotted paths) whose own code runs on the event loop in an
    #: async chain: async layers, async hooks. Under ASGI a large upload is read
    #: from the channel before such a chain runs, since that code cannot wait
    #: for it (see ``ASGIHandler``). Empty in a sync chain.
    loop_middleware: tuple[str, ...] = ()
    _tracer: Any = None

    def load_middleware(self, is_async: bool = False) -> None:
        """Build the middleware chain and the hook lists (once, at start-up)."""
        self._view_traits_cache: dict[Any, tuple[bool, dict[str, Any] | None]] = {}
        self._renderable_classes: dict[type, bool] = {}
        self._view_calls: dict[Any, tuple[Callable[..., Any], bool]] = {}
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self.mode_switches = 0
        loop_middleware: list[str] = []

        get_response = self._get_response_async if is_async else self._get_response
        # The request-cycle trace (DEBUG and TRACE_REQUESTS): None when off, so the
        # chain below is built exactly as without it. See scallion.core.trace.
        tracer = self._tracer = _chain_tracer(self, is_async)
        if tracer is not None:
            get_response = tracer.core(get_response)
        # The core converts its own exceptions; only a tracing proxy needs a guard.
        handler: Handler = (
            get_response if tracer is None else convert_exception_to_response(get_response)
        )
        handler_is_async = is_async
        for middleware_path in reversed(settings.MIDDLEWARE):
            middleware = _import_middleware(middleware_path)
            middleware_can_sync = getattr(middleware, "sync_capable", True)
            middleware_can_async = getattr(middleware, "async_capable", False)
            if not middleware_can_sync and not middleware_can_async:
                raise RuntimeError(
                    f"Middleware {middleware_path} must have at least one of "
                    "sync_capable/async_capable set to True."
                )
            if not handler_is_async and middleware_can_sync:
                middleware_is_async = False
            else:
                middleware_is_async = middleware_can_async
            try:
                adapted_handler = self.adapt_method_mode(
                    middleware_is_async,
                    handler,
                    handler_is_async,
                    name=f"middleware {middleware_path}",
                )
                mw_instance = middleware(adapted_handler)
            except TypeError as exc:
                raise _factory_type_error(middleware_path, middleware, exc) from exc
            except MiddlewareNotUsed as exc:
                if settings.DEBUG:
                    if str(exc):
                        logger.debug("MiddlewareNotUsed(%r): %s", middleware_path, exc)
                    else:
                        logger.debug("MiddlewareNotUsed: %r", middleware_path)
                continue
            else:
                handler = adapted_handler  # keep the adaptation only if the layer is used

            if mw_instance is None:
                raise ImproperlyConfigured(
                    f"Middleware factory {middleware_path} returned None. A middleware factory "
                    "must return the callable that handles the request."
                )
            if is_async and _runs_own_code_on_loop(mw_instance, middleware_is_async):
                loop_middleware.insert(0, middleware_path)
            if tracer is not None:
                # A recording proxy: same hooks, same mode, each call recorded.
                mw_instance = tracer.layer(middleware_path, mw_instance)
            if hasattr(mw_instance, "process_view"):
                self._view_middleware.insert(
                    0, self.adapt_method_mode(is_async, mw_instance.process_view)
                )
            if hasattr(mw_instance, "process_template_response"):
                self._template_response_middleware.append(
                    self.adapt_method_mode(is_async, mw_instance.process_template_response)
                )
            if hasattr(mw_instance, "process_exception"):
                # The exception hooks always run in the core's mode.
                self._exception_middleware.append(
                    self.adapt_method_mode(False, mw_instance.process_exception)
                )
            handler = convert_exception_to_response(
                mw_instance if middleware_is_async else _fast_callable(mw_instance)
            )
            handler_is_async = middleware_is_async

        # The outermost layer must be in the interface's mode.
        handler = self.adapt_method_mode(is_async, handler, handler_is_async, name="the chain")
        if tracer is not None:
            handler = tracer.outermost(handler)
        self._middleware_chain = handler
        self.loop_middleware = tuple(loop_middleware)
        # Views are wrapped only when something asks for it (a subclass that
        # overrides make_view_atomic, or the trace setting one on the instance);
        # otherwise called as they are. Found without self.__dict__: asking for
        # it leaves CPython 3.11 unable to read this handler's attributes
        # quickly on every request (PERF: hello, 1,300 instructions a request).
        wrap = self.make_view_atomic
        plain = (
            getattr(wrap, "__func__", None) is BaseHandler.make_view_atomic
            and getattr(wrap, "__self__", None) is self
        )
        self._wrap_view: Callable[..., Any] | None = None if plain else wrap
        if settings.ROOT_URLCONF:
            # Import and compile the URLconf, and import its handler400/403/404/500,
            # now: a broken one fails at start-up, naming the module and pattern
            # (or handler), not at the first request.
            get_resolver().check_error_handlers()
        self._bind_hot_path()

    def _bind_hot_path(self) -> None:
        """Hook for subclasses that cache settings the hot path reads."""

    def adapt_method_mode(
        self,
        is_async: bool,
        method: Callable[..., Any],
        method_is_async: bool | None = None,
        name: str | None = None,
    ) -> Callable[..., Any]:
        """Return ``method`` in the wanted mode, wrapping it only if the mode differs."""
        if method_is_async is None:
            method_is_async = iscoroutinefunction(method)
        if is_async and not method_is_async:
            self.mode_switches += 1
            if name:
                logger.debug("Synchronous handler adapted for %s.", name)
            return sync_to_async(method, thread_sensitive=True)
        if not is_async and method_is_async:
            self.mode_switches += 1
            if name:
                logger.debug("Asynchronous handler adapted for %s.", name)
            return async_to_sync(method)
        return method

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        """Run ``request`` through the onion and return the response (sync mode)."""
        return self._finish_response(request, self._middleware_chain(request))  # type: ignore[misc]

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        """Run ``request`` through the onion and return the response (async mode)."""
        return self._finish_response(request, await self._middleware_chain(request))  # type: ignore[misc]

    def _finish_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        """What follows the onion in both modes: clean-up, ranges, error logging."""
        if request.urlconf is not None:
            # A middleware routed this request through another URLconf; the
            # next request on this thread starts from ROOT_URLCONF again. A
            # streaming body is produced after this returns and may reverse
            # URLs: the request's URLconf stays until the response is closed.
            if response.streaming:
                response.add_resource_closer(_reset_urlconf)
            else:
                set_urlconf(None)
        response._closable_request = request  # closed with the response
        if response.ranged:
            response.apply_range(request)  # type: ignore[attr-defined]
        if response.status_code >= 400 and not response._has_been_logged:
            from scallion.utils.log import log_response

            log_response(
                "%s: %s",
                response.reason_phrase,
                request.path,
                response=response,
                request=request,
            )
        return response

    # The core of the onion ---------------------------------------------------

    def resolve_request(self, request: HttpRequest) -> Any:
        """Resolve ``request.path_info`` and set ``request.resolver_match``."""
        urlconf = request.urlconf
        if urlconf is not None:
            set_urlconf(urlconf)
        resolver_match = resolve_path(request.path_info, urlconf)
        request.resolver_match = resolver_match
        # Per-view body limits (@body_limits) apply from here on, so that
        # process_view middleware reading request.POST already obeys them.
        func = resolver_match.func
        try:
            traits = self._view_traits_cache[func]
        except (KeyError, TypeError):  # not seen yet, or an unhashable view (a dataclass)
            traits = self._view_traits(func)
        if traits[1]:
            request.set_body_limits(**traits[1])
        return resolver_match

    def _get_response(self, request: HttpRequest) -> HttpResponseBase:
        """Resolve, run view middleware, call the view, handle template responses."""
        try:
            response: Any = None
            match = self.resolve_request(request)
            callback, callback_args, callback_kwargs = match.func, match.args, match.kwargs

            for middleware_method in self._view_middleware:  # type: ignore[union-attr]
                response = middleware_method(request, callback, callback_args, callback_kwargs)
                if response is not None:
                    break

            if response is None:
                try:
                    wrapped_callback, view_is_async = self._view_calls[callback]
                except (KeyError, TypeError):
                    wrapped_callback, view_is_async = self._view_to_call(callback)
                if view_is_async:
                    wrapped_callback = async_to_sync(wrapped_callback)
                try:
                    response = wrapped_callback(request, *callback_args, **callback_kwargs)
                except Exception as e:
                    response = self.process_exception_by_middleware(e, request)
                    if response is None:
                        raise

            renderable = self._renderable_classes.get(response.__class__)
            if (
                renderable is not False or callable(getattr(response, "render", None))
            ) and self._defers_rendering(response, callback):
                # PERF: hello - a response of a class known not to render later
                # (and no render() of its own) is not checked again by a call.
                for middleware_method in self._template_response_middleware:  # type: ignore[union-attr]
                    response = middleware_method(request, response)
                    if response is None or response.__class__ is CoroutineType:
                        self.check_response(
                            response, middleware_method, name=_qualname(middleware_method)
                        )
                try:
                    response = response.render()
                except Exception as e:
                    response = self.process_exception_by_middleware(e, request)
                    if response is None:
                        raise
            return response  # type: ignore[no-any-return]
        except Exception as exc:
            # The core converts its own exceptions: one frame less than a
            # convert_exception_to_response wrapper. PERF: hello.
            return response_for_exception(request, exc)

    async def _get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        """Async twin of :meth:`_get_response`: the same steps, with sync code in a thread."""
        try:
            response: Any = None
            match = self.resolve_request(request)
            callback, callback_args, callback_kwargs = match.func, match.args, match.kwargs

            for middleware_method in self._view_middleware:  # type: ignore[union-attr]
                response = await middleware_method(
                    request, callback, callback_args, callback_kwargs
                )
                if response is not None:
                    break

            if response is None:
                try:
                    wrapped_callback, view_is_async = self._view_calls[callback]
                except (KeyError, TypeError):
                    wrapped_callback, view_is_async = self._view_to_call(callback)
                if not view_is_async:
                    wrapped_callback = sync_to_async(wrapped_callback, thread_sensitive=True)
                try:
                    if callback_args or callback_kwargs:
                        response = await wrapped_callback(
                            request, *callback_args, **callback_kwargs
                        )
                    else:
                        # A view with no URL arguments is called without
                        # unpacking two empty containers into new ones.
                        # PERF: asgi-hello (58,602 -> 57,668 instructions).
                        response = await wrapped_callback(request)
                except Exception as e:
                    response = await sync_to_async(
                        self.process_exception_by_middleware, thread_sensitive=True
                    )(e, request)
                    if response is None:
                        raise

            # As in _get_response: a response of a class known not to render
            # later is not checked again by a call. PERF: asgi-hello (59,199 ->
            # 58,602 instructions).
            renderable = self._renderable_classes.get(response.__class__)
            if (
                renderable is not False or callable(getattr(response, "render", None))
            ) and self._defers_rendering(response, callback):
                for middleware_method in self._template_response_middleware:  # type: ignore[union-attr]
                    response = await middleware_method(request, response)
                    if response is None or response.__class__ is CoroutineType:
                        self.check_response(
                            response, middleware_method, name=_qualname(middleware_method)
                        )
                try:
                    if iscoroutinefunction(response.render):
                        response = await response.render()
                    else:
                        response = await sync_to_async(response.render, thread_sensitive=True)()
                except Exception as e:
                    response = await sync_to_async(
                        self.process_exception_by_middleware, thread_sensitive=True
                    )(e, request)
                    if response is None:
                        raise
            return response  # type: ignore[no-any-return]
        except Exception as exc:
            # The core converts its own exceptions: one frame less than a
            # convert_exception_to_response wrapper. PERF: hello.
            return await sync_to_async(response_for_exception, thread_sensitive=False)(request, exc)

    # The parts of the core both modes share: each mode's code above is its awaits.

    def _view_to_call(self, callback: Callable[..., Any]) -> tuple[Callable[..., Any], bool]:
        """The view as it will be called (wrapped if asked for), and whether it is async.

        Remembered per view in ``_view_calls`` when nothing wraps views (a
        wrapper may give a new callable each time). PERF: hello - the handler
        then finds it with a dict look-up, not this call.
        """
        wrapped_callback = callback
        if self._wrap_view is not None:
            wrapped_callback = self._wrap_view(callback)
        traits = self._view_traits(wrapped_callback)
        entry = (wrapped_callback, traits[0])
        if self._wrap_view is None:
            try:
                self._view_calls[callback] = entry
            except TypeError:  # an unhashable callable object
                pass
        return entry

    def _defers_rendering(self, response: Any, callback: Any) -> bool:
        """Check the view returned a response; True if it renders later (``render()``)."""
        if response is None or response.__class__ is CoroutineType:
            self.check_response(response, callback)
        renderable = self._renderable_classes.get(response.__class__)
        if renderable is None:
            return self._is_renderable(response)
        return renderable or callable(getattr(response, "render", None))

    def _is_renderable(self, response: Any) -> bool:
        """Whether ``response`` defers rendering (has ``render()``), remembered per class.

        PERF: hello - a failed ``hasattr`` raises and catches internally; a
        dict hit on the response class does not.
        """
        cls = response.__class__
        renderable = self._renderable_classes.get(cls)
        if renderable is None:
            renderable = self._renderable_classes[cls] = callable(getattr(cls, "render", None))
        return renderable or callable(getattr(response, "render", None))

    def _view_traits(self, view: Callable[..., Any]) -> tuple[bool, dict[str, Any] | None]:
        """Whether ``view`` is a coroutine function, and its ``@body_limits``.

        Remembered per view. PERF: hello - ``inspect`` flag checks and a missed
        ``getattr`` cost more than the rest of the dispatch; views are few and
        long-lived.
        """
        cache = self._view_traits_cache
        try:
            return cache[view]
        except KeyError:
            traits = cache[view] = _traits_of(view)
            return traits
        except TypeError:  # an unhashable callable object
            return _traits_of(view)

    def make_view_atomic(self, view: Callable[..., Any]) -> Callable[..., Any]:
        """Kept for ported code that overrides it; scallion has no ORM transactions."""
        return view

    def process_exception_by_middleware(
        self, exception: Exception, request: HttpRequest
    ) -> HttpResponseBase | None:
        """Pass an exception to ``process_exception`` hooks, innermost first."""
        for middleware_method in self._exception_middleware:  # type: ignore[union-attr]
            response = middleware_method(request, exception)
            if response is not None:
                return response  # type: ignore[no-any-return]
        return None

    @staticmethod
    def check_response(response: Any, callback: Any, name: str | None = None) -> None:
        """Raise a ValueError naming the view or hook when it returned no response."""
        if response is not None and response.__class__ is not CoroutineType:
            return
        if not name:
            name = f"The view {_qualname(callback)}"
            if not (hasattr(callback, "__self__") or hasattr(callback, "__name__")):
                cls = type(callback)
                name = f"The view {cls.__module__}.{cls.__name__}.__call__"
        if response is None:
            raise ValueError(
                f"{name} didn't return an HttpResponse object. It returned None instead. "
                "Return a response (for example `return HttpResponse(...)`) on every path."
            )
        raise ValueError(
            f"{name} didn't return an HttpResponse object. It returned an unawaited "
            "coroutine instead. You may need to add an 'await' into your view."
        )


def _reset_urlconf() -> None:
    set_urlconf(None)


def _fast_callable(layer: Callable[..., Any]) -> Callable[..., Any]:
    """The cheapest way to call a sync middleware: its bound ``__call__`` for an instance.

    Calling an instance goes through the type's call slot and a method lookup on
    every request; the bound method is looked up once, here. PERF: middleware.
    """
    if isinstance(layer, FunctionType | MethodType):
        return layer
    bound = getattr(layer, "__call__", None)  # noqa: B004 - the bound method itself is wanted
    return bound if isinstance(bound, MethodType) else layer


def _runs_own_code_on_loop(instance: Any, called_async: bool) -> bool:
    """Whether a layer of an async chain runs code of its own on the event loop.

    Such code cannot block to wait for more of the request body. Not counted:
    scallion's own middleware (none reads the body on the loop), and
    ``MiddlewareMixin`` layers whose hooks are all sync (they run in a thread,
    as ``process_view`` hooks that are sync do).
    """
    cls = type(instance)
    if cls.__module__.startswith("scallion."):
        return False
    if any(
        iscoroutinefunction(getattr(instance, hook, None))
        for hook in (
            "process_request",
            "process_view",
            "process_template_response",
            "process_response",
        )
    ):
        return True
    if not called_async:
        return False
    return not (
        isinstance(instance, MiddlewareMixin)
        and cls.__call__ is MiddlewareMixin.__call__
        and cls.__acall__ is MiddlewareMixin.__acall__
    )


def _traits_of(view: Callable[..., Any]) -> tuple[bool, dict[str, Any] | None]:
    return iscoroutinefunction(view), getattr(view, "body_limits", None)


def _qualname(func: Any) -> str:
    module = getattr(func, "__module__", type(func).__module__)
    name = getattr(func, "__qualname__", None) or type(func).__qualname__
    owner = getattr(func, "__self__", None)
    if owner is not None and not isinstance(owner, type):
        module = type(owner).__module__
        # An async hook adapted for a sync chain (asgiref's AsyncToSync) has no
        # name of its own: the wrapped coroutine function has.
        method = getattr(func, "__name__", None) or getattr(
            getattr(func, "awaitable", None), "__name__", "__call__"
        )
        name = f"{type(owner).__qualname__}.{method}"
    return f"{module}.{name}"


def _chain_tracer(handler: BaseHandler, is_async: bool) -> Any:
    """The request-cycle tracer when DEBUG and TRACE_REQUESTS are on, else None."""
    if not (settings.DEBUG and settings.TRACE_REQUESTS):
        return None
    from scallion.core.trace.wrap import ChainTracer

    return ChainTracer(handler, is_async)


def _import_middleware(dotted_path: str) -> Any:
    if not isinstance(dotted_path, str):
        raise ImproperlyConfigured(
            f"settings.MIDDLEWARE contains {dotted_path!r}, which is not a dotted path. "
            "List each middleware as a string such as 'myapp.middleware.TimingMiddleware'."
        )
    try:
        middleware = import_string(dotted_path)
    except ImportError as err:
        raise ImproperlyConfigured(
            f"The middleware {dotted_path!r} listed in settings.MIDDLEWARE could not be "
            f"imported: {err}. Check the dotted path (module.ClassOrFactory)."
        ) from err
    if not callable(middleware):
        raise ImproperlyConfigured(
            f"The middleware {dotted_path!r} listed in settings.MIDDLEWARE is "
            f"{type(middleware).__name__} {middleware!r}, which is not callable. Point the "
            "entry at a middleware factory: a class whose __init__ takes get_response, or a "
            "function taking get_response and returning the middleware."
        )
    return middleware


def _factory_type_error(dotted_path: str, factory: Any, exc: TypeError) -> ImproperlyConfigured:
    """The error for a middleware factory that raised TypeError when built."""
    try:
        inspect.signature(factory).bind(None)
    except TypeError:
        return ImproperlyConfigured(
            f"The middleware {dotted_path!r} listed in settings.MIDDLEWARE cannot be called "
            f"with get_response ({exc}). A middleware factory takes exactly one argument, "
            "get_response: def __init__(self, get_response) for a class (or subclass "
            "scallion.utils.deprecation.MiddlewareMixin), def middleware_factory(get_response) "
            "for a function."
        )
    except ValueError:  # no signature to inspect (a builtin): report what it raised
        pass
    return ImproperlyConfigured(
        f"The middleware {dotted_path!r} listed in settings.MIDDLEWARE raised TypeError while "
        f"being built: {exc}. Fix its __init__ (or factory function); it is called once, at "
        "start-up, with get_response."
    )

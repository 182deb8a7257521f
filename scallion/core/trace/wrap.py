"""Build-time wrappers that record the trace; used only when tracing is on.

``BaseHandler.load_middleware`` creates a :class:`ChainTracer` only when
``DEBUG`` and ``TRACE_REQUESTS`` are both on, and passes each layer and the core
through it while building the chain; otherwise this module is not even
imported and the chain is built exactly as without it, so tracing costs nothing
when off. Every wrapper keeps the sync/async mode of
what it wraps, so the handler's mode adaptation is unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from scallion.core.trace.recorder import Step, Trace, _active, clip, ring

Handler = Callable[..., Any]

#: Hooks whose non-None result short-circuits the cycle (the rest of the onion is skipped).
_SHORT_CIRCUIT_HOOKS = {"process_request": "short-circuit", "process_view": "short-circuit"}


class ChainTracer:
    """Wraps the parts of one handler's chain so that each records a step."""

    def __init__(self, handler: Any, is_async: bool) -> None:
        self.is_async = is_async
        self._view_wrappers: dict[Any, Handler] = {}
        # Instance attributes shadow the class methods: the core calls these
        # through ``self``, so only a traced handler pays for the recording.
        handler.resolve_request = self._traced_resolve(handler.resolve_request)
        handler.make_view_atomic = self._traced_view_factory(handler.make_view_atomic)

    # Layers and hooks ---------------------------------------------------------

    def layer(self, name: str, layer: Any) -> Any:
        """A proxy of one middleware layer that records entering, leaving and each hook."""
        for attr, kind in (
            ("_process_request", "process_request"),
            ("_process_response", "process_response"),
        ):
            # MiddlewareMixin binds these once in __init__; rebinding the instance
            # attribute records them without touching the class.
            method = getattr(layer, attr, None)
            if method is not None and callable(method):
                setattr(layer, attr, self.hook(kind, name, method))
        return TracedLayer(self, name, layer)

    def core(self, get_response: Handler) -> Handler:
        """Record the innermost step: resolve, view hooks, the view, rendering."""
        return _around(get_response, "core", "URL resolution and view", _finish_layer)

    def hook(self, kind: str, owner: str, method: Handler) -> Handler:
        """Record one ``process_*`` hook call and whether it answered."""

        def finish(step: Step, result: Any) -> None:
            if result is not None and kind in _SHORT_CIRCUIT_HOOKS:
                step.outcome = _SHORT_CIRCUIT_HOOKS[kind]
            elif result is not None and kind == "process_exception":
                step.outcome = "caught"
            if result is not None and hasattr(result, "status_code"):
                step.detail["status"] = str(result.status_code)

        return _around(method, "hook", f"{_short(owner)}.{kind}", finish, hook=kind, owner=owner)

    # The core's parts -----------------------------------------------------------

    def _traced_resolve(self, resolve: Handler) -> Handler:
        def traced_resolve(request: Any) -> Any:
            try:
                trace = _active.get()
                if trace is None:
                    return resolve(request)
                with trace.span("resolve", request.path_info) as step:
                    match = resolve(request)
                    # path("") matches with an empty route: shown as '' rather than blank.
                    step.detail["route"] = clip(getattr(match, "route", "") or "''")
                    step.detail["view"] = clip(getattr(match, "_func_path", "") or "")
                    step.detail["url_name"] = clip(getattr(match, "url_name", "") or "")
                return match
            except BaseException as exc:
                _hide_wrapper_frame(exc)
                raise

        return traced_resolve

    def _traced_view_factory(self, make_view_atomic: Handler) -> Handler:
        def traced_make_view_atomic(view: Handler) -> Handler:
            view = make_view_atomic(view)
            # One wrapper per view, so the handler's async-view cache stays bounded.
            try:
                return self._view_wrappers[view]
            except KeyError:
                wrapper = self._view_wrappers[view] = _around(
                    view, "view", _qualname(view), _finish_view
                )
                return wrapper
            except TypeError:  # an unhashable view object
                return _around(view, "view", _qualname(view), _finish_view)

        return traced_make_view_atomic

    # The outermost layer ------------------------------------------------------

    def outermost(self, chain: Handler) -> Handler:
        """Start and store a trace per request; serve the trace pages; inject the panel."""
        from scallion.core.trace import pages

        def start(request: Any) -> Trace:
            return Trace(request.method or "", request.get_full_path())

        def end(trace: Trace, response: Any) -> None:
            trace.finish(
                getattr(response, "status_code", None), bool(getattr(response, "streaming", False))
            )
            _finish_layer(trace.root, response)
            ring.add(trace)
            pages.inject_panel(response, trace)

        if iscoroutinefunction(chain):

            async def traced_chain_async(request: Any) -> Any:
                if request.path_info.startswith(pages.PREFIX):
                    return pages.serve(request)
                trace = start(request)
                token = _active.set(trace)
                try:
                    response = await chain(request)
                finally:
                    _active.reset(token)
                end(trace, response)
                return response

            return traced_chain_async

        def traced_chain(request: Any) -> Any:
            if request.path_info.startswith(pages.PREFIX):
                return pages.serve(request)
            trace = start(request)
            token = _active.set(trace)
            try:
                response = chain(request)
            finally:
                _active.reset(token)
            end(trace, response)
            return response

        return traced_chain


class TracedLayer:
    """Stands in for a middleware instance in the chain: same call mode, traced hooks.

    The handler reads ``process_view``/``process_template_response``/
    ``process_exception`` off the instance when building its hook lists; the
    proxy exposes exactly the hooks the instance has, each recorded.
    """

    def __init__(self, tracer: ChainTracer, name: str, layer: Any) -> None:
        self._name = name
        self._layer = layer
        # Error messages about the layer (e.g. "returned None") name the real one.
        self.__qualname__ = getattr(layer, "__qualname__", None) or type(layer).__qualname__
        self.__module__ = getattr(layer, "__module__", None) or type(layer).__module__
        self._call = _around(layer, "middleware", name, _finish_layer)
        if iscoroutinefunction(layer):
            markcoroutinefunction(self)
        for kind in ("process_view", "process_template_response", "process_exception"):
            method = getattr(layer, kind, None)
            if method is not None:
                setattr(self, kind, tracer.hook(kind, name, method))

    def __call__(self, request: Any) -> Any:
        try:
            return self._call(request)
        except BaseException as exc:
            _hide_wrapper_frame(exc)
            raise

    def __repr__(self) -> str:
        return f"<TracedLayer {self._name} {self._layer!r}>"


def _around(
    func: Handler,
    kind: str,
    name: str,
    finish: Callable[[Step, Any], None],
    **detail: Any,
) -> Handler:
    """``func`` recorded as a step of ``kind``, in ``func``'s own sync/async mode."""
    if iscoroutinefunction(func):

        async def traced_async(*args: Any, **kwargs: Any) -> Any:
            try:
                trace = _active.get()
                if trace is None:
                    return await func(*args, **kwargs)
                with trace.span(kind, name, **detail) as step:
                    result = await func(*args, **kwargs)
                    finish(step, result)
                return result
            except BaseException as exc:
                _hide_wrapper_frame(exc)
                raise

        _copy_identity(traced_async, func)
        return markcoroutinefunction(traced_async)

    def traced(*args: Any, **kwargs: Any) -> Any:
        try:
            trace = _active.get()
            if trace is None:
                return func(*args, **kwargs)
            with trace.span(kind, name, **detail) as step:
                result = func(*args, **kwargs)
                finish(step, result)
            return result
        except BaseException as exc:
            _hide_wrapper_frame(exc)
            raise

    _copy_identity(traced, func)
    return traced


def _hide_wrapper_frame(exc: BaseException) -> None:
    """Drop the recording wrapper's own frame from the traceback of ``exc``.

    Called in the wrapper's ``except`` block, where the traceback starts at the
    wrapper's frame; the bare ``raise`` that follows keeps the shortened
    traceback, so logged tracebacks and the DEBUG 500 page read the same with
    tracing on as off.
    """
    tb = exc.__traceback__
    if tb is not None and tb.tb_next is not None:
        exc.__traceback__ = tb.tb_next


def _copy_identity(wrapper: Any, func: Any) -> None:
    """Keep the wrapped callable's names, so error messages still name the culprit."""
    try:
        functools.update_wrapper(wrapper, func, updated=())
    except (AttributeError, TypeError):
        pass
    # update_wrapper sets __wrapped__; keep attributes the core reads off views.
    for attr in ("body_limits", "csrf_exempt"):
        if hasattr(func, attr):
            setattr(wrapper, attr, getattr(func, attr))


def _finish_layer(step: Step, response: Any) -> None:
    status = getattr(response, "status_code", None)
    if status is not None:
        step.detail["status"] = str(status)
    if step.kind == "middleware" and not any(
        child.kind in ("middleware", "core") for child in step.children
    ):
        step.outcome = "short-circuit"
    if step.kind == "core" and not step.outcome:
        # The core turns the exceptions of its own steps into responses; when no
        # process_exception hook answered, the core is where the error was caught.
        raised = [child for child in step.children if child.outcome == "raised"]
        if raised and not any(child.outcome == "caught" for child in step.children):
            step.outcome = "caught"
            step.detail["converted_to"] = str(status)
            step.detail["exception"] = raised[-1].detail.get("exception", "")
    # An exception that escaped an inner step was turned into this response
    # by the handler at the inner step's boundary: mark that step as where it
    # was caught, so the picture shows where the error page came from.
    for child in step.children:
        if child.kind in ("middleware", "core") and child.outcome == "raised":
            child.outcome = "caught"
            child.detail["converted_to"] = str(status)


def _finish_view(step: Step, response: Any) -> None:
    step.outcome = "response"
    status = getattr(response, "status_code", None)
    if status is not None:
        step.detail["status"] = str(status)


def _short(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def _qualname(func: Any) -> str:
    module = getattr(func, "__module__", None) or type(func).__module__
    name = getattr(func, "__qualname__", None) or type(func).__qualname__
    return f"{module}.{name}"

"""The request-cycle trace: each request's path through the onion, recorded in DEBUG.

Turned on by ``DEBUG = True`` together with ``TRACE_REQUESTS = True``. The
handler then builds its chain with recording wrappers (see :mod:`.wrap`), keeps
the last requests in a ring (:data:`ring`), injects a panel into HTML
responses, and serves ``/__scallion__/requests/``. With either setting off,
nothing here is imported by the handler.

Code outside the handler adds steps through :func:`current_trace`::

    trace = current_trace()
    if trace is None:
        return render()
    with trace.span("template", name):
        return render()
"""

from scallion.core.trace.recorder import Step, Trace, TraceRing, current_trace, ring

__all__ = ["Step", "Trace", "TraceRing", "current_trace", "ring"]

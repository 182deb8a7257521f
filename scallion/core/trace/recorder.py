"""What one request's trace holds, and the ring of recent traces.

A :class:`Trace` is a tree of :class:`Step` objects: each middleware layer is a
step whose children are the hooks it ran and the next layer in; the innermost
step is the core (URL resolution, ``process_view`` hooks, the view, template
rendering and its context processors). The tree *is* the seed's onion, so the
pages draw it by walking it, with no reconstruction.

The active trace lives in a ``ContextVar``: asgiref copies the context into the
threads it runs sync code in, so steps recorded there land in the same tree.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from scallion.utils.log import escape_control_chars

#: How many finished traces the ring keeps (oldest dropped first).
RING_SIZE = 100
#: Longest text kept for a detail value: a trace must not grow with hostile input.
MAX_TEXT = 500

_active: ContextVar[Trace | None] = ContextVar("scallion_trace", default=None)
_ids = itertools.count(1)
#: A trace id: the recording process's id, then the request's number in that process.
TRACE_ID = re.compile(r"(?P<pid>[0-9]{1,10})-(?P<number>[0-9]{1,19})")


def trace_pid(trace_id: str) -> int | None:
    """The id of the process that recorded ``trace_id``, or None if it is not a trace id."""
    match = TRACE_ID.fullmatch(trace_id)
    return int(match["pid"]) if match else None


def current_trace() -> Trace | None:
    """The trace being recorded for the current request, or None.

    Code that wants to appear in the trace (a template backend, a context
    processor runner) calls this and records only when it is not None, so it
    costs one ``ContextVar.get`` when tracing is off.
    """
    return _active.get()


def clip(value: Any) -> str:
    """``str(value)`` bounded to :data:`MAX_TEXT` characters, one printable line, never raising."""
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception as exc:  # a broken __str__ must not break the request
        text = f"<{type(value).__name__}: str() raised {type(exc).__name__}>"
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "…"
    # Request data may hold control or bidi characters: shown as escapes, never raw.
    return escape_control_chars(text)


class Step:
    """One box of the onion: a layer, a hook, the resolver, the view, a template..."""

    __slots__ = ("children", "detail", "duration", "kind", "name", "outcome", "start")

    def __init__(self, kind: str, name: str, start: float) -> None:
        self.kind = kind
        self.name = clip(name)
        self.start = start
        self.duration = 0.0
        #: What happened here, when notable: ``"response"`` (this step produced
        #: the response), ``"short-circuit"``, ``"raised"``, ``"caught"``.
        self.outcome = ""
        self.detail: dict[str, str] = {}
        self.children: list[Step] = []

    @property
    def duration_ms(self) -> float:
        """Inclusive time: this step and every step inside it."""
        return self.duration * 1000.0

    @property
    def own_ms(self) -> float:
        """Own time: this step alone, without the steps recorded inside it."""
        inner = sum(child.duration for child in self.children)
        return max(self.duration - inner, 0.0) * 1000.0

    def find(self, kind: str) -> list[Step]:
        """Every step of ``kind`` in this subtree, in recording order."""
        found = [self] if self.kind == kind else []
        for child in self.children:
            found.extend(child.find(kind))
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "start_ms": round(self.start * 1000.0, 3),
            "duration_ms": round(self.duration_ms, 3),
            "own_ms": round(self.own_ms, 3),
            "outcome": self.outcome,
            "detail": dict(self.detail),
            "children": [child.as_dict() for child in self.children],
        }


class Trace:
    """The recorded path of one request through the cycle."""

    def __init__(self, method: str, path: str) -> None:
        # The process id makes ids unique across the worker processes of one server
        # (gunicorn -w 2): each keeps its own ring, and a link must not show another
        # process's request that happens to have the same number.
        self.id = f"{os.getpid()}-{next(_ids)}"
        self.method = clip(method)
        self.path = clip(path)
        self.started_at = time.time()
        self._t0 = time.perf_counter()
        self.status: int | None = None
        #: True when the response streams its body: the time then ends when the
        #: handler hands the response over, before the body is produced and sent.
        self.streaming = False
        self.root = Step("request", f"{self.method} {self.path}", 0.0)
        self._stack: list[Step] = [self.root]

    @property
    def duration_ms(self) -> float:
        return self.root.duration_ms

    def open(self, kind: str, name: str) -> Step:
        step = Step(kind, name, time.perf_counter() - self._t0)
        self._stack[-1].children.append(step)
        self._stack.append(step)
        return step

    def close(self, step: Step) -> None:
        step.duration = time.perf_counter() - self._t0 - step.start
        # Pop back to ``step`` even if an inner step was left open by an exception.
        while self._stack and self._stack[-1] is not step:
            self._stack.pop()
        if len(self._stack) > 1:
            self._stack.pop()

    @contextmanager
    def span(self, kind: str, name: str, **detail: Any) -> Iterator[Step]:
        """Record a step around a block; an exception escaping it is noted and re-raised."""
        step = self.open(kind, name)
        step.detail.update({key: clip(value) for key, value in detail.items()})
        try:
            yield step
        except BaseException as exc:
            step.outcome = "raised"
            step.detail["exception"] = clip(f"{type(exc).__name__}: {exc}")
            raise
        finally:
            self.close(step)

    def event(self, kind: str, name: str, duration_ms: float = 0.0, **detail: Any) -> Step:
        """Record a finished step (e.g. measured elsewhere) under the current one."""
        step = Step(kind, name, time.perf_counter() - self._t0 - duration_ms / 1000.0)
        step.duration = duration_ms / 1000.0
        step.detail.update({key: clip(value) for key, value in detail.items()})
        self._stack[-1].children.append(step)
        return step

    def finish(self, status: int | None, streaming: bool = False) -> None:
        self.status = status
        self.streaming = streaming
        self.root.duration = time.perf_counter() - self._t0
        self._stack = [self.root]

    def layers(self) -> list[str]:
        """The middleware layers entered, outermost first."""
        return [step.name for step in self.root.find("middleware")]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "started_at": self.started_at,
            "duration_ms": round(self.duration_ms, 3),
            "streaming": self.streaming,
            "steps": self.root.as_dict(),
        }


class TraceRing:
    """The last :data:`RING_SIZE` finished traces, shared by every handler in the process."""

    def __init__(self, size: int = RING_SIZE) -> None:
        self._traces: deque[Trace] = deque(maxlen=size)
        self._lock = threading.Lock()

    def add(self, trace: Trace) -> None:
        with self._lock:
            self._traces.append(trace)

    def recent(self) -> list[Trace]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._traces))

    def get(self, trace_id: str) -> Trace | None:
        with self._lock:
            for trace in self._traces:
                if trace.id == trace_id:
                    return trace
        return None

    def clear(self) -> None:
        with self._lock:
            self._traces.clear()


#: The process-wide ring the pages read.
ring = TraceRing()


@contextmanager
def activate(trace: Trace) -> Iterator[Trace]:
    """Make ``trace`` the current one for the duration of a request."""
    token = _active.set(trace)
    try:
        yield trace
    finally:
        _active.reset(token)

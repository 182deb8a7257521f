"""One worker thread per ASGI request for thread-sensitive sync code.

Under ASGI a sync view, a sync middleware and the ``request_started`` /
``request_finished`` receivers run through ``sync_to_async(thread_sensitive=True)``.
Without a context of their own, every request in the process shares one such
thread, so two slow sync views wait for each other. Django gives each request
its own thread (asgiref's ``ThreadSensitiveContext``) and shuts it down when the
request ends; scallion does the same but keeps the finished threads in a small
pool, so a busy sync application does not start and join a thread per request.

A request that never calls sync code costs a context variable look-up (and a
set, in a new task): no thread is made for it. The edge makes that look-up
itself (``current_key``) and calls ``enter`` only when it has something to do:
no key yet, or idle threads to hand over (``IDLE``); likewise ``leave`` only
while some request holds a thread (``HELD``).
"""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import Executor
from typing import Any

from asgiref.sync import SyncToAsync, ThreadSensitiveContext

#: Idle one-thread executors, handed to the next requests. Bounded: a burst of
#: concurrent sync requests leaves at most this many threads waiting.
IDLE: list[Executor] = []
_IDLE_MAX = 16

_CONTEXT: contextvars.ContextVar[Any] = SyncToAsync.thread_sensitive_context
_EXECUTORS: Any = SyncToAsync.context_to_thread_executor  # keyed by any weak-referable object

#: The key the current task's thread-sensitive calls are routed by, or the
#: default: ``current_key(None)``. The context variable's own ``get``, so that
#: the edge's check of a request that needs nothing runs no Python function.
#: PERF: asgi-hello (enter/leave called on every request: 61,490 -> 60,428
#: instructions).
current_key = _CONTEXT.get

#: The executors by key, as the plain dict under asgiref's weak mapping: empty
#: while no request holds a thread, when ``leave`` has nothing to do. The
#: mapping only ever mutates this dict, never replaces it.
HELD: dict[Any, Executor] = _EXECUTORS.data


class RequestThread(ThreadSensitiveContext):
    """The key a request's thread-sensitive calls are routed by (see ``enter``).

    asgiref's own context class, entered without its ``async with`` (two
    coroutines per request) and left without shutting its thread down. Its
    state lives on the class, so making one runs no Python ``__init__``.
    PERF: asgi-hello.
    """

    __init__ = object.__init__
    token = None
    _executor = None
    _old_executor = None
    _exited = False


def enter() -> RequestThread | None:
    """Give the current request a thread of its own for thread-sensitive calls.

    The key is set in the task's context and left there: an ASGI server runs
    each request in a task of its own, so the key goes with the task, and
    requests that one task serves one after the other (a test harness) share
    it, which is safe as they never overlap. Setting and resetting it for every
    request would cost more than the rest of this edge's bookkeeping. PERF: asgi-hello.

    None when an enclosing context already decides (a test that wraps requests
    in ``ThreadSensitiveContext``, or an ASGI app mounted inside another).
    """
    key = _CONTEXT.get(None)
    if key is None:
        key = RequestThread()
        _CONTEXT.set(key)
    elif key.__class__ is not RequestThread:
        return None
    if IDLE and key not in _EXECUTORS:
        _EXECUTORS[key] = IDLE.pop()
    return key  # type: ignore[no-any-return]


async def wait_idle(key: object) -> None:
    """Wait until the request's thread has finished what it was given.

    A sync view cancelled because its client left keeps running in its thread
    (a thread cannot be interrupted): the request's body and files are closed
    only after it returns, so it never reads a closed body. ``key`` is what
    ``current_key`` gave; an enclosing context's thread is not waited for.
    """
    executor = _EXECUTORS.get(key) if HELD and key.__class__ is RequestThread else None
    if executor is not None:
        await asyncio.wrap_future(executor.submit(_nothing))


def _nothing() -> None:
    return None


def leave(key: object) -> None:
    """Keep the request's thread, if it had one, for another request.

    ``key`` is what ``current_key`` gave: one of an enclosing context's (which
    owns its thread) is left alone.
    """
    if not HELD or key.__class__ is not RequestThread:
        return
    executor = _EXECUTORS.pop(key, None)
    if executor is None:
        return
    if len(IDLE) < _IDLE_MAX:
        IDLE.append(executor)
    else:
        executor.shutdown(wait=False)


__all__ = ["HELD", "IDLE", "RequestThread", "current_key", "enter", "leave", "wait_idle"]

"""Which thread a request's thread-sensitive sync code runs in, and what is kept after it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync, ThreadSensitiveContext, sync_to_async

from scallion.core.handlers import request_threads
from scallion.core.handlers.asgi import ASGIHandler
from tests.asgi.conftest import run
from tests.asgi.validator import http_scope, run_http


async def body_in_this_task(app: ASGIHandler, path: str) -> bytes:
    """One bodiless request served in the calling task (``run_http`` makes a task)."""
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.get_running_loop().create_future()  # a client that stays
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(http_scope(path), receive, send)
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_requests_one_task_serves_share_the_task_key_and_its_thread(app: ASGIHandler) -> None:
    async def scenario() -> tuple[list[bytes], object, object]:
        names = [await body_in_this_task(app, "/thread/") for _ in range(2)]
        first = request_threads.current_key(None)
        await body_in_this_task(app, "/athread/")  # answers at once: same key
        return names, first, request_threads.current_key(None)

    names, first, after = run(scenario())
    assert isinstance(first, request_threads.RequestThread)
    assert after is first
    assert names[0] == names[1]
    assert names[0].decode() != threading.main_thread().name


def test_a_request_that_runs_no_sync_code_gets_no_thread(app: ASGIHandler) -> None:
    async def scenario() -> tuple[bool, bytes]:
        result = await run_http(app, http_scope("/athread/"))
        key = request_threads.current_key(None)
        return key in SyncToAsync.context_to_thread_executor, result.body

    held, body = run(scenario())
    assert not held
    assert body.decode() == threading.main_thread().name


@pytest.fixture
def no_idle_threads() -> Iterator[None]:
    """Start with an empty pool (earlier tests leave threads in it), as a new process does."""
    kept = request_threads.IDLE[:]
    request_threads.IDLE.clear()
    yield
    request_threads.IDLE[:] = kept


def test_leave_leaves_an_enclosing_contexts_thread_alone() -> None:
    async def scenario() -> bool:
        async with ThreadSensitiveContext() as context:
            await sync_to_async(threading.current_thread)()
            request_threads.leave(context)
            return context in SyncToAsync.context_to_thread_executor

    assert run(scenario())


@pytest.mark.usefixtures("no_idle_threads")
def test_an_enclosing_thread_sensitive_context_keeps_its_own_thread(app: ASGIHandler) -> None:
    async def scenario() -> tuple[list[bytes], bool, str]:
        async with ThreadSensitiveContext() as context:
            names = [await body_in_this_task(app, "/thread/") for _ in range(2)]
            # Still the context's after the requests: not taken into the pool.
            held = context in SyncToAsync.context_to_thread_executor
            executor = SyncToAsync.context_to_thread_executor[context]
            thread = executor.submit(lambda: threading.current_thread().name).result()
        return names, held, thread

    names, held, thread = run(scenario())
    assert held
    assert names == [thread.encode(), thread.encode()]
    assert request_threads.IDLE == []

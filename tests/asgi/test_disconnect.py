"""A client that goes away while the view runs cancels it; sync work gets a thread per request."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.signals import request_finished
from scallion.http import HttpResponse
from scallion.test import override_settings
from scallion.urls import path
from scallion.views.decorators.csrf import csrf_exempt
from tests.asgi.conftest import run
from tests.asgi.validator import http_scope

EVENTS: list[str] = []
VIEW_STARTED = threading.Event()


async def slow_async(request: Any) -> HttpResponse:
    VIEW_STARTED.set()
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        EVENTS.append("async-cancelled")
        raise
    EVENTS.append("async-finished")
    return HttpResponse("late")


@csrf_exempt
def slow_sync(request: Any) -> HttpResponse:
    VIEW_STARTED.set()
    time.sleep(0.2)
    EVENTS.append(f"sync-read:{request.body.decode()}")
    return HttpResponse("late")


async def stubborn(request: Any) -> HttpResponse:
    """Catches the cancellation and answers anyway: nothing may still be sent."""
    VIEW_STARTED.set()
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        EVENTS.append("stubborn-caught")
    return HttpResponse("ignored")


async def quick(request: Any) -> HttpResponse:
    await asyncio.sleep(0)
    return HttpResponse("quick")


BARRIER = threading.Barrier(2)
THREADS: set[str] = set()


def rendezvous(request: Any) -> HttpResponse:
    THREADS.add(threading.current_thread().name)
    BARRIER.wait(timeout=2)
    return HttpResponse("met")


def thread_of(request: Any) -> HttpResponse:
    return HttpResponse(threading.current_thread().name)


urlpatterns = [
    path("slow-async/", slow_async),
    path("slow-sync/", slow_sync),
    path("stubborn/", stubborn),
    path("quick/", quick),
    path("rendezvous/", rendezvous),
    path("thread-of/", thread_of),
]


@pytest.fixture(autouse=True)
def own_urlconf() -> Iterator[None]:
    EVENTS.clear()
    VIEW_STARTED.clear()
    THREADS.clear()
    BARRIER.reset()
    with override_settings(ROOT_URLCONF="tests.asgi.test_disconnect"):
        yield


@pytest.fixture
def finished() -> Iterator[list[str]]:
    """The threads ``request_finished`` was sent in."""
    calls: list[str] = []

    def receiver(**kwargs: Any) -> None:
        calls.append(threading.current_thread().name)

    request_finished.connect(receiver)
    yield calls
    request_finished.disconnect(receiver)


class Client:
    """One connection: messages put in by the test, messages the app sent."""

    def __init__(self, app: ASGIHandler, scope: dict[str, Any]) -> None:
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sent: list[dict[str, Any]] = []
        self.receives = 0

        async def receive() -> dict[str, Any]:
            self.receives += 1
            return await self.inbox.get()

        async def send(message: dict[str, Any]) -> None:
            self.sent.append(message)

        self.task = asyncio.ensure_future(app(scope, receive, send))

    def put(self, message: dict[str, Any]) -> None:
        self.inbox.put_nowait(message)

    async def view_started(self) -> None:
        while not VIEW_STARTED.is_set():
            await asyncio.sleep(0.005)

    async def leave_once_the_view_runs(self, body: bytes = b"") -> None:
        """Send the whole body, wait until the view has started, then disconnect."""
        self.put({"type": "http.request", "body": body, "more_body": False})
        await self.view_started()
        self.put({"type": "http.disconnect"})
        await self.done()

    async def done(self) -> None:
        await asyncio.wait_for(self.task, 5)


def test_disconnect_cancels_a_waiting_async_view(app: ASGIHandler, finished: list[str]) -> None:
    async def scenario() -> Client:
        client = Client(app, http_scope("/slow-async/"))
        await client.leave_once_the_view_runs()
        return client

    client = run(scenario())
    assert client.sent == []
    assert EVENTS == ["async-cancelled"]
    assert len(finished) == 1
    assert finished[0] != threading.main_thread().name


def test_disconnect_before_any_body_message_sends_nothing(app: ASGIHandler) -> None:
    async def scenario() -> Client:
        client = Client(app, http_scope("/slow-async/"))
        client.put({"type": "http.disconnect"})
        await client.done()
        return client

    assert run(scenario()).sent == []
    assert EVENTS == ["async-cancelled"]


def test_cancelled_sync_view_runs_to_its_end_with_its_body(
    app: ASGIHandler, finished: list[str]
) -> None:
    scope = http_scope("/slow-sync/", method="POST", headers=[(b"content-length", b"4")])

    async def scenario() -> Client:
        client = Client(app, scope)
        await client.leave_once_the_view_runs(b"data")
        return client

    client = run(scenario())
    assert client.sent == []
    # The thread cannot be interrupted: it finished, and read the body intact,
    # before the request was closed and request_finished sent.
    assert EVENTS == ["sync-read:data"]
    assert len(finished) == 1


def test_a_view_that_swallows_the_cancellation_still_sends_nothing(app: ASGIHandler) -> None:
    async def scenario() -> tuple[Client, int]:
        client = Client(app, http_scope("/stubborn/"))
        await client.leave_once_the_view_runs()
        return client, client.task.cancelling()

    client, cancelling = run(scenario())
    assert client.sent == []
    assert EVENTS == ["stubborn-caught"]
    assert cancelling == 0  # the handler took its own cancellation back


def test_unexpected_message_after_the_body_is_raised(app: ASGIHandler) -> None:
    async def scenario() -> None:
        client = Client(app, http_scope("/slow-async/"))
        client.put({"type": "http.request", "body": b"", "more_body": False})
        client.put({"type": "http.not_a_real_message"})
        await client.done()

    with pytest.raises(AssertionError, match="Invalid ASGI message after request body"):
        run(scenario())
    assert EVENTS == ["async-cancelled"]


def test_a_connected_client_gets_the_response(app: ASGIHandler) -> None:
    async def scenario() -> Client:
        client = Client(app, http_scope("/quick/"))
        client.put({"type": "http.request", "body": b"", "more_body": False})
        await client.done()
        return client

    client = run(scenario())
    assert [m["type"] for m in client.sent] == ["http.response.start", "http.response.body"]
    assert client.sent[1]["body"] == b"quick"


def test_an_external_cancellation_is_not_swallowed(app: ASGIHandler) -> None:
    async def scenario() -> None:
        client = Client(app, http_scope("/slow-async/"))
        client.put({"type": "http.request", "body": b"", "more_body": False})
        await client.view_started()
        client.task.cancel()  # the server shutting down, say
        await client.done()

    with pytest.raises(asyncio.CancelledError):
        run(scenario())


def test_concurrent_sync_views_run_in_threads_of_their_own(app: ASGIHandler) -> None:
    async def scenario() -> list[Client]:
        clients = [Client(app, http_scope("/rendezvous/")) for _ in range(2)]
        for client in clients:
            client.put({"type": "http.request", "body": b"", "more_body": False})
        for client in clients:
            await client.done()
        return clients

    clients = run(scenario())
    # Sharing one thread, the second view could not reach the barrier: 500s.
    assert [c.sent[0]["status"] for c in clients] == [200, 200]
    assert len(THREADS) == 2


def test_one_after_the_other_sync_requests_reuse_a_thread(app: ASGIHandler) -> None:
    async def one() -> bytes:
        client = Client(app, http_scope("/thread-of/"))
        client.put({"type": "http.request", "body": b"", "more_body": False})
        await client.done()
        return bytes(client.sent[1]["body"])

    async def scenario() -> list[bytes]:
        return [await one() for _ in range(3)]

    names = run(scenario())
    assert len(set(names)) == 1
    assert names[0].decode() != threading.main_thread().name

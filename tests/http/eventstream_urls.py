"""Views streaming server-sent events, endless ones included, for the SSE tests.

``CLOSED`` records each stream whose ``finally`` ran, so tests can check that a
client leaving stops the view's iterator.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scallion.http import EventStreamResponse, HttpRequest
from scallion.http.eventstream import last_event_id
from scallion.urls import path

CLOSED: list[str] = []
CLOSED_EVENT = threading.Event()


def _closed(name: str) -> None:
    CLOSED.append(name)
    CLOSED_EVENT.set()


def sync_forever(request: HttpRequest) -> EventStreamResponse:
    start = int(last_event_id(request) or 0)

    def events() -> Iterator[Any]:
        try:
            number = start
            while True:
                number += 1
                yield {"id": str(number), "event": "tick", "data": {"n": number}}
                time.sleep(float(request.GET.get("pause", "0.01")))
        finally:
            _closed("sync")

    return EventStreamResponse(events(), heartbeat=float(request.GET.get("heartbeat", "5")))


def async_forever(request: HttpRequest) -> EventStreamResponse:
    start = int(last_event_id(request) or 0)

    async def events() -> AsyncIterator[Any]:
        try:
            number = start
            while True:
                number += 1
                yield {"id": str(number), "event": "tick", "data": {"n": number}}
                await asyncio.sleep(float(request.GET.get("pause", "0.01")))
        finally:
            _closed("async")

    return EventStreamResponse(events(), heartbeat=float(request.GET.get("heartbeat", "5")))


def async_silent(request: HttpRequest) -> EventStreamResponse:
    async def events() -> AsyncIterator[Any]:
        try:
            yield "hello"
            await asyncio.sleep(3600)
            yield "never"
        finally:
            _closed("async-silent")

    return EventStreamResponse(events(), heartbeat=0.05)


def sync_silent(request: HttpRequest) -> EventStreamResponse:
    def events() -> Iterator[Any]:
        try:
            yield "hello"
            time.sleep(0.3)
            yield "after a pause"
        finally:
            _closed("sync-silent")

    return EventStreamResponse(events(), heartbeat=0.05, retry=2500)


def finite(request: HttpRequest) -> EventStreamResponse:
    return EventStreamResponse(iter(["one", "two\nlines", {"event": "done", "data": ""}]))


urlpatterns = [
    path("sync/", sync_forever),
    path("async/", async_forever),
    path("async-silent/", async_silent),
    path("sync-silent/", sync_silent),
    path("finite/", finite),
]

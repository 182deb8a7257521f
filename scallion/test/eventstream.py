"""Reading a ``text/event-stream`` in tests, endless streams included.

``response.iter_events()`` (``Client``) and ``response.aiter_events()``
(``AsyncClient``) parse the body as it arrives and stop after ``limit`` events,
closing the stream, so the view's iterator stops and its ``finally`` runs::

    response = client.get("/live/")
    first, second = response.iter_events(limit=2)
    assert second.json() == {"count": 2}

``timeout`` (seconds) bounds the wait for each event; it is checked whenever
the stream yields bytes (heartbeats included), so it needs a heartbeat shorter
than itself to fire on a silent stream. The parser (:class:`EventStreamParser`)
works on any byte chunks: it reads httpx streams in the server tests too.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event, as the browser's ``EventSource`` would see it."""

    data: str = ""
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data)


class EventStreamParser:
    """The event-stream grammar of the HTML standard, fed byte chunks."""

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []
        self._event = ""
        self._retry: int | None = None
        self._id_changed = False
        self.last_event_id: str | None = None
        self._first = True
        #: Comment lines seen (heartbeats), for tests that check them.
        self.comments: list[str] = []

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        self._buffer += chunk
        events: list[ServerSentEvent] = []
        while True:
            line, found = self._take_line()
            if not found:
                return events
            event = self._line(line)
            if event is not None:
                events.append(event)

    def _take_line(self) -> tuple[str, bool]:
        buffer = self._buffer
        cr, lf = buffer.find(b"\r"), buffer.find(b"\n")
        if cr < 0 and lf < 0:
            return "", False
        if cr >= 0 and (lf < 0 or cr < lf):
            if cr == len(buffer) - 1:
                return "", False  # a CR at the end may be the start of CRLF
            end, skip = cr, 2 if buffer[cr + 1 : cr + 2] == b"\n" else 1
        else:
            end, skip = lf, 1
        raw, self._buffer = buffer[:end], buffer[end + skip :]
        text = raw.decode("utf-8", "replace")
        if self._first:
            text = text.removeprefix("\ufeff")
            self._first = False
        return text, True

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            self.comments.append(line[1:].lstrip(" "))
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self.last_event_id = value
            self._id_changed = True
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event, retry = self._data, self._event, self._retry
        self._data, self._event, self._retry = [], "", None
        text = "\n".join(data)
        if not text:
            return None  # as EventSource: an event with empty data is not dispatched
        return ServerSentEvent(
            data=text,
            event=event or "message",
            id=self.last_event_id,
            retry=retry,
        )


def iter_events(
    chunks: Iterable[bytes], limit: int | None = None, timeout: float | None = None
) -> Iterator[ServerSentEvent]:
    """Events parsed from ``chunks``; closes ``chunks`` after ``limit`` events or at the end."""
    parser = EventStreamParser()
    count = 0
    iterator = iter(chunks)
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        if limit == 0:
            return
        for chunk in iterator:
            for event in parser.feed(chunk):
                yield event
                count += 1
                if limit is not None and count >= limit:
                    return
                deadline = None if timeout is None else time.monotonic() + timeout
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"No server-sent event within {timeout} s.")
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


async def aiter_events(
    chunks: Any, limit: int | None = None, timeout: float | None = None
) -> AsyncIterator[ServerSentEvent]:
    """The async twin of :func:`iter_events`, for async byte iterators."""
    parser = EventStreamParser()
    count = 0
    iterator = aiter(chunks)
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        if limit == 0:
            return
        async for chunk in iterator:
            for event in parser.feed(chunk):
                yield event
                count += 1
                if limit is not None and count >= limit:
                    return
                deadline = None if timeout is None else time.monotonic() + timeout
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"No server-sent event within {timeout} s.")
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()


def response_chunks(response: Any) -> Iterable[bytes]:
    """A test response's body as sync chunks (an async body runs on a private loop)."""
    content = response.streaming_content
    if hasattr(content, "__aiter__"):
        from scallion.http.eventstream import drive_async_iterator

        return drive_async_iterator(content)
    return content  # type: ignore[no-any-return]


def response_events(
    response: Any, limit: int | None = None, timeout: float | None = None
) -> Iterator[ServerSentEvent]:
    """``response.iter_events()`` of ``Client``: the events of a streaming response."""
    try:
        yield from iter_events(response_chunks(response), limit, timeout)
    finally:
        response.close()  # as a server does: the view's iterator is closed


async def aresponse_events(
    response: Any, limit: int | None = None, timeout: float | None = None
) -> AsyncIterator[ServerSentEvent]:
    """``response.aiter_events()`` of ``AsyncClient``."""
    content = response.streaming_content
    if not hasattr(content, "__aiter__"):
        content = _in_threads(content)
    try:
        async for event in aiter_events(content, limit, timeout):
            yield event
    finally:
        response.close()


async def _in_threads(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    from asgiref.sync import sync_to_async

    iterator = iter(chunks)

    def next_chunk() -> bytes | None:
        return next(iterator, None)

    try:
        while (chunk := await sync_to_async(next_chunk, thread_sensitive=False)()) is not None:
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            await sync_to_async(close, thread_sensitive=False)()


__all__ = [
    "EventStreamParser",
    "ServerSentEvent",
    "aiter_events",
    "aresponse_events",
    "iter_events",
    "response_chunks",
    "response_events",
]

"""Server-Sent Events: ``EventStreamResponse`` streams events to a browser's ``EventSource``.

A view returns ``EventStreamResponse(events)`` where ``events`` is a sync or
async iterator (a generator, typically) of events. An event is a string (its
data) or a dict with ``data`` (a string, or anything else, sent as JSON),
``event`` (the name ``addEventListener`` listens for), ``id`` (what the browser
sends back as ``Last-Event-ID`` when it reconnects), ``retry`` (milliseconds
before a reconnection) and ``comment``. Each event goes out as soon as it is
produced; a comment line (a heartbeat) goes out when a whole ``heartbeat`` period
passes with nothing sent (so after one to two periods of silence), which keeps
proxies from closing an idle stream and lets the server notice a client that left.

When the client leaves, the iterator is stopped and closed, so its ``finally``
runs: at once for an async iterator under ASGI; for a sync iterator, after its
current ``next()`` returns (a sync iterator cannot be interrupted). Under
ASGI an async iterator runs on the event loop; a sync one runs in a thread of
its own for the life of the stream, under ASGI and WSGI alike (under WSGI each
stream also holds one of the server's threads: size the pool for it).
"""

from __future__ import annotations

import asyncio
import json
import queue
import re
import threading
from collections.abc import AsyncIterable, AsyncIterator, Generator, Iterable, Iterator, Mapping
from typing import Any

from scallion.http.request import HttpRequest
from scallion.http.response import StreamingHttpResponse

#: Seconds without an event after which a heartbeat comment is sent.
DEFAULT_HEARTBEAT = 15.0
HEARTBEAT = b": heartbeat\n\n"
#: How many encoded events a source may run ahead of a slow client.
SYNC_BUFFER = 16
ASYNC_BUFFER = 64
#: The longest ``Last-Event-ID`` :func:`last_event_id` accepts.
MAX_LAST_EVENT_ID = 1024

_FIELDS = frozenset({"data", "event", "id", "retry", "comment"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def encode_event(event: str | Mapping[str, Any]) -> bytes:
    """The wire form of one event (UTF-8, ending with a blank line).

    Raises ``TypeError`` or ``ValueError`` naming the field for an event that
    cannot be sent as it is (a newline in ``event`` or ``id`` would forge fields).
    """
    if isinstance(event, str):
        fields: Mapping[str, Any] = {"data": event}
    elif isinstance(event, Mapping):
        fields = event
        unknown = set(fields) - _FIELDS
        if unknown:
            raise ValueError(
                f"Unknown server-sent event field(s) {sorted(unknown)}; an event dict has "
                "data, event, id, retry and comment."
            )
    else:
        raise TypeError(
            f"A server-sent event is a str or a dict with data/event/id/retry/comment, not "
            f"{type(event).__name__}."
        )
    lines: list[str] = []
    comment = fields.get("comment")
    if comment is not None:
        lines.extend(": " + line for line in _LINE_BREAK.split(str(comment)))
    for name in ("event", "id"):
        value = fields.get(name)
        if value is None:
            continue
        text = str(value)
        if _LINE_BREAK.search(text) or (name == "id" and "\0" in text):
            raise ValueError(
                f"The server-sent event field {name!r} cannot contain a line break"
                f"{' or NUL' if name == 'id' else ''}: {text!r}."
            )
        lines.append(f"{name}: {text}")
    retry = fields.get("retry")
    if retry is not None:
        if isinstance(retry, bool) or not isinstance(retry, int) or retry < 0:
            raise ValueError(f"The 'retry' field is a whole number of milliseconds, not {retry!r}.")
        lines.append(f"retry: {retry}")
    if "data" in fields:
        data = fields["data"]
        if not isinstance(data, str):
            from scallion.core.serializers.json import ScallionJSONEncoder

            data = json.dumps(data, cls=ScallionJSONEncoder)
        lines.extend("data: " + line for line in _LINE_BREAK.split(data))
    if not lines:
        raise ValueError(
            "A server-sent event needs at least one of data, event, id, retry, comment."
        )
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def last_event_id(request: HttpRequest) -> str | None:
    """The ``Last-Event-ID`` a reconnecting ``EventSource`` sent, or None.

    A value longer than :data:`MAX_LAST_EVENT_ID` or holding control
    characters is treated as absent: the view resumes from the start.
    """
    value = request.headers.get("Last-Event-ID")
    if value is None or len(value) > MAX_LAST_EVENT_ID or not value.isprintable():
        return None
    return value


class EventStreamResponse(StreamingHttpResponse):
    """A ``text/event-stream`` response sending each event as its iterator yields it.

    ``heartbeat``: the period, in seconds, of the heartbeat check (None: no heartbeats).
    ``retry``: milliseconds the browser waits before reconnecting, sent first.
    The response is never buffered: ``Cache-Control: no-cache`` and
    ``X-Accel-Buffering: no`` (for nginx) are set, and scallion's middleware
    passes streaming bodies on chunk by chunk (``GZipMiddleware`` flushes each).
    """

    def __init__(
        self,
        events: Iterable[Any] | AsyncIterable[Any],
        *,
        heartbeat: float | None = DEFAULT_HEARTBEAT,
        retry: int | None = None,
        status: int | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> None:
        if heartbeat is not None and heartbeat <= 0:
            raise ValueError(f"heartbeat is a number of seconds > 0 (or None), not {heartbeat!r}.")
        first = [encode_event({"retry": retry})] if retry is not None else []
        encoded: Iterator[bytes] | AsyncIterator[bytes]
        if isinstance(events, AsyncIterable):
            encoded = _encode_async(events, heartbeat, first)
        elif isinstance(events, Iterable) and not isinstance(events, str | bytes | Mapping):
            encoded = _encode_sync(events, heartbeat, first)
        else:
            raise TypeError(
                "EventStreamResponse takes an iterator of events (a generator, sync or async), "
                f"not {type(events).__name__}."
            )
        super().__init__(encoded, content_type="text/event-stream", status=status, headers=headers)
        self.headers.setdefault("Cache-Control", "no-cache")
        self.headers.setdefault("X-Accel-Buffering", "no")

    def _warns_for_sync_iterator(self) -> bool:
        # A sync event source is documented to cost a thread under ASGI.
        return False

    def __iter__(self) -> Iterator[bytes]:
        if not self.is_async:
            return super().__iter__()
        # Under WSGI an async source streams on a private event loop, event by event
        # (StreamingHttpResponse would buffer it whole: an endless stream never ends).
        chunks = drive_async_iterator(self.streaming_content)  # type: ignore[arg-type]
        self.add_resource_closer(chunks.close)
        return chunks


def drive_async_iterator(iterator: AsyncIterator[bytes]) -> Generator[bytes, None, None]:
    """Iterate an async iterator from sync code, one item per run of a private loop."""
    loop = asyncio.new_event_loop()

    async def next_item() -> bytes:
        return await anext(iterator)

    try:
        while True:
            try:
                item = loop.run_until_complete(next_item())
            except StopAsyncIteration:
                return
            yield item
    finally:
        try:
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None:
                loop.run_until_complete(aclose())
        finally:
            loop.close()


async def _encode_async(
    events: AsyncIterable[Any], heartbeat: float | None, first: list[bytes]
) -> AsyncIterator[bytes]:
    for chunk in first:
        yield chunk
    iterator = aiter(events)
    if heartbeat is None:
        try:
            async for event in iterator:
                yield encode_event(event)
        finally:
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None:
                await aclose()
        return
    # One task reads the source into a queue; the stream takes whatever is ready
    # (several events at once when the client is slower than the source), and a
    # timer adds a heartbeat when a whole period passed without one.
    # PERF: realtime sse - no task or timeout per event.
    loop = asyncio.get_running_loop()
    ready: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(maxsize=ASYNC_BUFFER)
    producer = asyncio.ensure_future(_produce(iterator, ready))
    timer = _Heartbeat(loop, ready, heartbeat)
    try:
        while True:
            kind, value = await ready.get()
            timer.active = True
            if kind == "chunk":
                chunks = [value]
                while not ready.empty():
                    kind, value = ready.get_nowait()
                    if kind != "chunk":
                        break
                    chunks.append(value)
                yield b"".join(chunks) if len(chunks) > 1 else chunks[0]
                if kind == "chunk":
                    continue
            if kind == "heartbeat":
                yield HEARTBEAT
            elif kind == "error":
                raise value
            elif kind == "end":
                return
    finally:
        timer.cancel()
        if not producer.done():
            # The client left while the source was waiting: stop it where it waits.
            producer.cancel()
        await asyncio.gather(producer, return_exceptions=True)
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()


async def _produce(iterator: AsyncIterator[Any], ready: asyncio.Queue[tuple[str, Any]]) -> None:
    try:
        async for event in iterator:
            await ready.put(("chunk", encode_event(event)))
    except Exception as exc:
        await ready.put(("error", exc))
        return
    await ready.put(("end", None))


class _Heartbeat:
    """Every ``period`` seconds: queue a heartbeat unless something went out meanwhile."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, ready: asyncio.Queue[tuple[str, Any]], period: float
    ) -> None:
        self.loop, self.ready, self.period = loop, ready, period
        self.active = False
        self.handle = loop.call_later(period, self.tick)

    def tick(self) -> None:
        if not self.active and self.ready.empty():
            self.ready.put_nowait(("heartbeat", None))
        self.active = False
        self.handle = self.loop.call_later(self.period, self.tick)

    def cancel(self) -> None:
        self.handle.cancel()


def _encode_sync(
    events: Iterable[Any], heartbeat: float | None, first: list[bytes]
) -> Iterator[bytes]:
    yield from first
    if heartbeat is None:
        iterator = iter(events)
        try:
            for event in iterator:
                yield encode_event(event)
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        return
    producer = _SyncProducer(events)
    try:
        while True:
            try:
                kind, value = producer.items.get(timeout=heartbeat)
            except queue.Empty:
                yield HEARTBEAT
                continue
            if kind == "chunk":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        producer.stop.set()


class _SyncProducer:
    """Runs a sync event iterator in its own thread, so silence can be filled with heartbeats."""

    def __init__(self, events: Iterable[Any]) -> None:
        self.items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=SYNC_BUFFER)
        self.stop = threading.Event()
        self._events = events
        threading.Thread(target=self._run, name="scallion-eventstream", daemon=True).start()

    def _put(self, item: tuple[str, Any]) -> bool:
        while not self.stop.is_set():
            try:
                self.items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        iterator = iter(self._events)
        try:
            for event in iterator:
                if self.stop.is_set() or not self._put(("chunk", encode_event(event))):
                    return
            self._put(("end", None))
        except Exception as exc:
            self._put(("error", exc))
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()


__all__ = ["EventStreamResponse", "drive_async_iterator", "encode_event", "last_event_id"]

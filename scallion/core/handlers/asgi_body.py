"""The ASGI request body: ``receive`` messages read as a blocking file, on demand.

WSGI hands the view a file to read; ASGI hands the application a channel of
``http.request`` messages. ``ASGIBodyStream`` bridges the two without reading
the whole body before the view runs (Django buffers it all, however large):

* before the onion runs, the handler *prefetches* bodies up to one bound
  (``DATA_UPLOAD_MAX_MEMORY_SIZE``), so that ordinary forms and JSON are
  already in memory when sync or async code reads ``request.body``/``POST``;
* a larger body stays in the channel. Sync code (which runs in a worker
  thread under ASGI) pulls it chunk by chunk as it reads, so multipart uploads
  are parsed as they arrive and a body over the limit is refused (413) having
  read at most limit + one chunk. Async code cannot block, so it calls
  ``await request.aload_body()`` first (see ``docs/asgi.md``);
* ``http.disconnect`` while reading raises ``UnreadablePostError`` and marks the
  stream ``disconnected``; the handler then sends nothing;
* a body that ends (``more_body`` false) before its Content-Length raises
  ``UnreadablePostError`` (a 400) when the reader reaches its end, as WSGI's
  ``LimitedStream`` does, rather than handing the view a truncated body; bytes
  past the Content-Length are not part of the body and are dropped.

The same object watches for the disconnect once the body is consumed, which
backs ``request.is_disconnected()`` and stops streaming responses.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable, MutableMapping
from typing import IO, Any

from scallion.http.request import UnreadablePostError

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]


class BodyNotLoaded(RuntimeError):
    """Async code read a body that is still in the ASGI channel."""


class ASGIBodyStream:
    """A read-only, blocking file over an ASGI ``receive`` channel."""

    __slots__ = (
        "_disconnect_event",
        "_loop",
        "_pending",
        "_receive",
        "_spool",
        "_watcher",
        "abort_error",
        "cancel_on_disconnect",
        "disconnected",
        "expected",
        "more_body",
        "received",
    )

    def __init__(self, receive: Receive, more_body: bool, expected: int | None = None) -> None:
        self._receive = receive
        self._pending = bytearray()
        self._spool: IO[bytes] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._disconnect_event: asyncio.Event | None = None
        #: More ``http.request`` messages are expected.
        self.more_body = more_body
        self.disconnected = False
        self.received = 0
        #: The body's declared length (Content-Length), if it has one.
        self.expected = expected
        #: The task running the view, cancelled by the watcher when the client
        #: goes away (or sends a message that has no place after the body).
        self.cancel_on_disconnect: asyncio.Task[Any] | None = None
        #: Why the watcher cancelled that task: an unexpected message's error,
        #: raised by the handler in place of the response (None: a disconnect).
        self.abort_error: BaseException | None = None

    # Async side (the event loop's thread) ----------------------------------

    async def _fill(self) -> None:
        """Receive one message into the buffer."""
        message = await self._receive()
        kind = message["type"]
        if kind == "http.request":
            chunk = message.get("body", b"")
            expected = self.expected
            if chunk:
                if expected is not None and self.received + len(chunk) > expected:
                    # Bytes past the Content-Length are not part of this body
                    # (WSGI's LimitedStream never reads them either).
                    chunk = chunk[: expected - self.received]
                self._pending += chunk
                self.received += len(chunk)
            self.more_body = bool(message.get("more_body", False)) and not self._complete()
        elif kind == "http.disconnect":
            self._mark_disconnected()
            raise UnreadablePostError("The client disconnected while sending the request body.")

    def _complete(self) -> bool:
        """True once the whole declared length has arrived."""
        return self.expected is not None and self.received >= self.expected

    def _mark_disconnected(self) -> None:
        self.more_body = False
        self.disconnected = True
        if self._disconnect_event is not None:
            self._disconnect_event.set()
        self._cancel_view()

    def _cancel_view(self) -> None:
        task = self.cancel_on_disconnect
        if task is not None:
            self.cancel_on_disconnect = None
            task.cancel()

    async def prefetch(self, bound: int) -> None:
        """Buffer the body while it stays within ``bound`` bytes (the common case: all of it)."""
        self._loop = asyncio.get_running_loop()
        while self.more_body and len(self._pending) <= bound:
            await self._fill()

    async def load(self, limit: int | None, spool_max_size: int) -> None:
        """Read the rest of the body into a temporary file (in memory up to ``spool_max_size``).

        ``limit`` bounds the whole body (``RequestDataTooBig`` past it), checked as
        chunks arrive.
        """
        from scallion.core.exceptions import RequestDataTooBig

        if self._spool is not None or not self.more_body:
            return
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=spool_max_size)  # noqa: SIM115
        try:
            while True:
                if limit is not None and self.received > limit:
                    raise RequestDataTooBig(
                        "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
                    )
                spool.write(self._pending)
                self._pending.clear()
                if not self.more_body:
                    break
                await self._fill()
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        self._spool = spool

    async def _watch(self) -> None:
        """Wait for ``http.disconnect``, discarding any body nobody will read.

        Any other message has no place once the body is sent: it is a server
        bug, raised (as an ``AssertionError``, as Django does) in the view's
        place when a view is running, so it is not silently ignored.
        """
        while not self.disconnected:
            message = await self._receive()
            kind = message["type"]
            if kind == "http.disconnect":
                self._mark_disconnected()
            elif kind == "http.request":
                self.more_body = bool(message.get("more_body", False)) and not self._complete()
            else:
                error = AssertionError(f"Invalid ASGI message after request body: {kind}")
                if self.cancel_on_disconnect is None:
                    raise error
                self.abort_error = error
                self._cancel_view()
                return

    def watch(self) -> None:
        """Start watching for the disconnect (no-op if watching, or already gone)."""
        if self._watcher is None and not self.disconnected:
            self._watcher = asyncio.get_running_loop().create_task(self._watch())

    def _ensure_watcher(self) -> asyncio.Event:
        if self._disconnect_event is None:
            self._disconnect_event = asyncio.Event()
            if self.disconnected:
                self._disconnect_event.set()
        self.watch()
        return self._disconnect_event

    async def is_disconnected(self) -> bool:
        """True once the client has gone away.

        While unread body remains in the channel this answers False (looking
        further would mean consuming the body).
        """
        if self.disconnected:
            return True
        if self.more_body:
            return False
        self._ensure_watcher()
        # Let the watcher take a message the server already has for us.
        for _ in range(3):
            await asyncio.sleep(0)
        return self.disconnected

    async def wait_for_disconnect(self) -> None:
        """Return when the client disconnects (drains unread body meanwhile)."""
        await self._ensure_watcher().wait()

    async def stop_watching(self) -> None:
        self.cancel_on_disconnect = None
        watcher = self._watcher
        if watcher is not None and not watcher.done():
            watcher.cancel()
            try:
                await watcher
            except asyncio.CancelledError:
                pass
        elif watcher is not None and not watcher.cancelled():
            watcher.exception()  # retrieved: an error after the response was sent is moot
        self._watcher = None

    # Sync side (any thread) -------------------------------------------------

    def _check_complete(self) -> None:
        """At the end of the body: refuse one that stopped short of its Content-Length."""
        expected = self.expected
        if expected is not None and self.received < expected and not self.more_body:
            raise UnreadablePostError(
                f"The request body ended {expected - self.received} bytes before its "
                "Content-Length."
            )

    def _fill_blocking(self) -> None:
        """Fetch one more message from a worker thread; refuse on the loop's thread."""
        if self._watcher is not None:
            raise UnreadablePostError("The request body was discarded after the response began.")
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise BodyNotLoaded(
                "The request body is larger than the prefetch bound (DATA_UPLOAD_MAX_MEMORY_SIZE) "
                "and is still in the ASGI channel, which code on the event loop cannot wait for "
                "while reading request.body/POST/FILES/read(). In async code (an async view, or "
                "an async middleware before it calls get_response), call "
                "`await request.aload_body()` before reading it. Sync code (a sync view or "
                "middleware, which runs in a worker thread) streams it instead."
            )
        loop = self._loop
        if loop is None:
            raise BodyNotLoaded("The request body stream was never attached to an event loop.")
        asyncio.run_coroutine_threadsafe(self._fill(), loop).result()

    def read(self, size: int | None = -1) -> bytes:
        if size is None:
            size = -1
        if self._spool is not None:
            data = self._spool.read(size)
            if size < 0 or len(data) < size:
                self._check_complete()
            return data
        pending = self._pending
        if size < 0:
            while self.more_body:
                self._fill_blocking()
            self._check_complete()
            data = bytes(pending)
            pending.clear()
            return data
        while len(pending) < size and self.more_body:
            self._fill_blocking()
        if len(pending) < size:
            self._check_complete()
        data = bytes(pending[:size])
        del pending[:size]
        return data

    def readline(self, size: int | None = -1) -> bytes:
        limit = -1 if size is None else size
        if self._spool is not None:
            line = self._spool.readline(limit)
            if not line.endswith(b"\n") and not 0 <= limit <= len(line):
                self._check_complete()
            return line
        pending = self._pending
        while True:
            end = pending.find(b"\n")
            if end >= 0:
                end += 1
                break
            if 0 <= limit <= len(pending):
                end = len(pending)
                break
            if not self.more_body:
                self._check_complete()
                end = len(pending)
                break
            self._fill_blocking()
        if 0 <= limit < end:
            end = limit
        data = bytes(pending[:end])
        del pending[:end]
        return data

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
        self._pending.clear()


__all__ = ["ASGIBodyStream", "BodyNotLoaded"]

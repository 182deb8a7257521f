"""``LimitedStream``: the request body as the server hands it, never read past its end.

WSGI servers may block forever reading past Content-Length on a keep-alive
connection, and a client may send less than it declared. This wrapper reads at
most ``limit`` bytes, and when the underlying stream ends early it raises
``UnreadablePostError`` (a 400) instead of handing the view a truncated body.

Whatever the server's input stream raises while the body is read (gunicorn's
``InvalidChunkSize`` for a bad chunked body, which is not an ``OSError``, a
reset connection, a ``ValueError`` from a closed file) is a fault of the
client's request, not of the application: it becomes ``UnreadablePostError``
too, so the client gets a 400 and nothing is logged as a server error.
"""

from __future__ import annotations

from typing import IO

from scallion.http.request import UnreadablePostError


def parse_content_length(value: str | bytes | None) -> int:
    """A Content-Length header as the body's size: 0 when absent, invalid or negative.

    Both edges read a body by this rule, as Django's WSGI handler does: a
    value that is not a number declares no body (servers that check framing
    refuse such a request before it gets here).
    """
    try:
        length = int(value or 0)
    except (ValueError, TypeError):
        return 0
    return length if length > 0 else 0


class LimitedStream:
    """A read-only stream of at most ``limit`` bytes of ``stream``.

    ``limit=None`` reads to EOF (chunked input with ``wsgi.input_terminated``).
    """

    __slots__ = ("_remaining", "_stream", "_strict")

    def __init__(self, stream: IO[bytes], limit: int | None, strict: bool = True) -> None:
        self._stream = stream
        self._remaining = limit
        self._strict = strict and limit is not None

    def _short(self) -> UnreadablePostError:
        return UnreadablePostError(
            f"The request body ended {self._remaining} bytes before its Content-Length."
        )

    def _server_read(self, size: int) -> bytes:
        try:
            return self._stream.read(size)
        except UnreadablePostError:
            raise
        except Exception as exc:
            raise _unreadable(exc) from exc

    def _server_readline(self, size: int) -> bytes:
        try:
            return self._stream.readline(size)
        except UnreadablePostError:
            raise
        except Exception as exc:
            raise _unreadable(exc) from exc

    def read(self, size: int | None = -1) -> bytes:
        remaining = self._remaining
        if remaining is None:
            return self._server_read(-1 if size is None else size)
        if remaining <= 0:
            return b""
        if size is None or size < 0 or size > remaining:
            size = remaining
        data = self._server_read(size)
        if 0 < len(data) < size:
            # Some servers hand back what has arrived so far: keep reading, so a
            # short read is an error only when the stream really ended.
            parts = [data]
            missing = size - len(data)
            while missing and (more := self._server_read(missing)):
                parts.append(more)
                missing -= len(more)
            data = b"".join(parts)
        self._remaining = remaining - len(data)
        if len(data) < size and self._strict:
            raise self._short()
        return data

    def readline(self, size: int | None = -1) -> bytes:
        remaining = self._remaining
        if remaining is None:
            return self._server_readline(-1 if size is None else size)
        if remaining <= 0:
            return b""
        if size is None or size < 0 or size > remaining:
            size = remaining
        line = self._server_readline(size)
        self._remaining = remaining - len(line)
        if not line and self._strict:
            raise self._short()
        return line

    def close(self) -> None:
        """The server owns the underlying stream; nothing to release here."""


def _unreadable(exc: Exception) -> UnreadablePostError:
    detail = str(exc)[:200] or type(exc).__name__
    return UnreadablePostError(
        f"The request body could not be read ({type(exc).__name__}: {detail})."
    )

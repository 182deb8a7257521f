"""``LimitedStream``: the request body as the server hands it, never read past its end.

WSGI servers may block forever reading past Content-Length on a keep-alive
connection, and a client may send less than it declared. This wrapper reads at
most ``limit`` bytes, and when the underlying stream ends early it raises
``UnreadablePostError`` (a 400) instead of handing the view a truncated body.
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

    def read(self, size: int | None = -1) -> bytes:
        remaining = self._remaining
        if remaining is None:
            return self._stream.read(-1 if size is None else size)
        if remaining <= 0:
            return b""
        if size is None or size < 0 or size > remaining:
            size = remaining
        data = self._stream.read(size)
        if 0 < len(data) < size:
            # Some servers hand back what has arrived so far: keep reading, so a
            # short read is an error only when the stream really ended.
            parts = [data]
            missing = size - len(data)
            while missing and (more := self._stream.read(missing)):
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
            return self._stream.readline(-1 if size is None else size)
        if remaining <= 0:
            return b""
        if size is None or size < 0 or size > remaining:
            size = remaining
        line = self._stream.readline(size)
        self._remaining = remaining - len(line)
        if not line and self._strict:
            raise self._short()
        return line

    def close(self) -> None:
        """The server owns the underlying stream; nothing to release here."""

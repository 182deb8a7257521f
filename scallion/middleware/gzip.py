"""``GZipMiddleware``: gzip responses for clients that accept it.

Skipped when the body is under 200 bytes, already has a Content-Encoding, or
would not shrink. Streaming responses (sync or async) are compressed chunk by
chunk, flushing after each one so that a long-lived stream still arrives in
pieces, and lose their Content-Length.

Security: compressing a response that reflects attacker-chosen text next to a
secret (a CSRF token) exposes the secret to BREACH. Scallion, like Django,
masks CSRF tokens per response and pads the gzip header with up to 100 random
bytes ("Heal the Breach"), which blunts the length oracle; see docs/security.md.
"""

from __future__ import annotations

import gzip
import io
import re
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator

from scallion.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from scallion.utils.cache import patch_vary_headers
from scallion.utils.deprecation import MiddlewareMixin

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESS_LENGTH = 200


def _random_filename(max_random_bytes: int) -> str:
    # The gzip FNAME field is never read by clients; a random length in it
    # makes the compressed size of two identical bodies differ.
    return "a" * secrets.randbelow(max_random_bytes) if max_random_bytes else ""


def compress_string(data: bytes, *, max_random_bytes: int = 0) -> bytes:
    """``data`` gzipped (level 6, no timestamp), padded by up to ``max_random_bytes``."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename=_random_filename(max_random_bytes),
        mode="wb",
        compresslevel=6,
        fileobj=buffer,
        mtime=0,
    ) as zfile:
        zfile.write(data)
    return buffer.getvalue()


class _ChunkCompressor:
    """One gzip stream fed piece by piece; ``feed`` returns what is ready to send."""

    def __init__(self, max_random_bytes: int) -> None:
        self.buffer = io.BytesIO()
        self.zfile = gzip.GzipFile(
            filename=_random_filename(max_random_bytes),
            mode="wb",
            compresslevel=6,
            fileobj=self.buffer,
            mtime=0,
        )

    def _drain(self) -> bytes:
        data = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return data

    def feed(self, chunk: bytes) -> bytes:
        self.zfile.write(chunk)
        self.zfile.flush()
        return self._drain()

    def finish(self) -> bytes:
        self.zfile.close()
        return self._drain()


def compress_sequence(sequence: Iterable[bytes], *, max_random_bytes: int = 0) -> Iterator[bytes]:
    """Gzip an iterable of byte strings lazily, yielding compressed pieces."""
    compressor = _ChunkCompressor(max_random_bytes)
    yield compressor.feed(b"")  # the header, at once
    iterator = iter(sequence)
    try:
        for chunk in iterator:
            data = compressor.feed(chunk)
            if data:
                yield data
    finally:
        # Closed early (the client went away): close the stream it compresses.
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
    yield compressor.finish()


async def acompress_sequence(
    sequence: AsyncIterable[bytes], *, max_random_bytes: int = 0
) -> AsyncIterator[bytes]:
    """The async twin of :func:`compress_sequence`."""
    compressor = _ChunkCompressor(max_random_bytes)
    yield compressor.feed(b"")
    iterator = aiter(sequence)
    try:
        async for chunk in iterator:
            data = compressor.feed(chunk)
            if data:
                yield data
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()
    yield compressor.finish()


class GZipMiddleware(MiddlewareMixin):
    """Compress responses; place it above any middleware that reads or edits the body."""

    max_random_bytes = 100

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.streaming and len(response.content) < MIN_COMPRESS_LENGTH:  # type: ignore[attr-defined]
            return response
        if "Content-Encoding" in response.headers:
            return response
        # The body depends on Accept-Encoding from here on, compressed or not.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response

        if isinstance(response, StreamingHttpResponse):
            if response.is_async:
                response.streaming_content = acompress_sequence(
                    response.streaming_content,  # type: ignore[arg-type]
                    max_random_bytes=self.max_random_bytes,
                )
            else:
                response.streaming_content = compress_sequence(
                    response.streaming_content,  # type: ignore[arg-type]
                    max_random_bytes=self.max_random_bytes,
                )
            response.headers.pop("Content-Length", None)
        elif response.streaming:
            return response  # an unknown streaming class: leave it alone
        else:
            content: bytes = response.content  # type: ignore[attr-defined]
            compressed = compress_string(content, max_random_bytes=self.max_random_bytes)
            if len(compressed) >= len(content):
                return response
            response.content = compressed  # type: ignore[attr-defined]
            response.headers["Content-Length"] = str(len(compressed))

        # The ETag named the uncompressed bytes: only weakly equal now.
        etag = response.headers.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


__all__ = ["GZipMiddleware", "acompress_sequence", "compress_sequence", "compress_string"]

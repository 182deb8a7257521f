"""``FileResponse``: stream a file, with the headers a browser needs, and byte ranges.

The file is read in ``block_size`` chunks (or handed whole to the server's
``wsgi.file_wrapper``, through ``file_to_stream``). Range requests are answered
by :meth:`FileResponse.apply_range`, which the handler calls once the response
has left the middleware (see :mod:`scallion.http.ranges`).
"""

from __future__ import annotations

import io
import mimetypes
import os
import secrets
from collections.abc import Iterator
from typing import Any

from scallion.http.ranges import (
    RangeNotSatisfiable,
    content_range,
    if_range_passes,
    parse_range_header,
)
from scallion.http.request import HttpRequest
from scallion.http.response import StreamingHttpResponse
from scallion.utils.http import content_disposition_header

# mimetypes reports compression as an "encoding"; a download of x.tar.gz is a
# gzip file, not a tar file to be decompressed on the fly by the browser.
_ENCODING_CONTENT_TYPES = {
    "br": "application/x-brotli",
    "bzip2": "application/x-bzip",
    "compress": "application/x-compress",
    "gzip": "application/gzip",
    "xz": "application/x-xz",
}


class FileResponse(StreamingHttpResponse):
    """A streaming response for a file-like object (opened in binary mode).

    Content-Type is guessed from the file name when not given, Content-Length is
    set when the file is seekable, and ``as_attachment``/``filename`` control the
    Content-Disposition header. The file is closed when the response is.
    """

    block_size = 4096 * 16
    file_to_stream: Any = None
    ranged = True

    def __init__(
        self, *args: Any, as_attachment: bool = False, filename: str = "", **kwargs: Any
    ) -> None:
        self.as_attachment = as_attachment
        self.filename = filename
        self._no_explicit_content_type = kwargs.get("content_type") is None
        self._file: Any = None
        self._file_offset = 0
        self._file_size: int | None = None
        super().__init__(*args, **kwargs)

    def _set_streaming_content(self, value: object) -> None:
        if not hasattr(value, "read"):
            self.file_to_stream = None
            self._file = None
            super()._set_streaming_content(value)
            return
        filelike: Any = value
        self.file_to_stream = self._file = filelike
        if hasattr(filelike, "close"):
            self.add_resource_closer(filelike.close)
        block_size = self.block_size
        super()._set_streaming_content(iter(lambda: filelike.read(block_size), b""))
        self.set_headers(filelike)

    def _warns_for_sync_iterator(self) -> bool:
        """A file's blocks are read in a thread under any server: no warning for them."""
        return self._file is None

    def set_headers(self, filelike: Any) -> None:
        """Set Content-Length, Content-Type and Content-Disposition from the file."""
        name = getattr(filelike, "name", "")
        name = name if isinstance(name, str) else ""
        self._measure(filelike, name)
        if self._file_size is not None:
            self.headers["Content-Length"] = self._file_size
        filename = os.path.basename(self.filename or name)
        if self._no_explicit_content_type:
            content_type = None
            if filename:
                content_type, encoding = mimetypes.guess_type(filename)
                content_type = _ENCODING_CONTENT_TYPES.get(encoding or "", content_type)
            self.headers["Content-Type"] = content_type or "application/octet-stream"
        disposition = content_disposition_header(self.as_attachment, filename)
        if disposition:
            self.headers["Content-Disposition"] = disposition

    def _measure(self, filelike: Any, name: str) -> None:
        """Find how many bytes remain from the current position, when that is knowable."""
        seekable = hasattr(filelike, "seek") and (
            not hasattr(filelike, "seekable") or filelike.seekable()
        )
        if not seekable and not hasattr(filelike, "tell"):
            return
        try:
            if seekable:
                # seek() answers the new position: an object without tell() is
                # measured as well (seek by 0 from where it is, then to the end).
                position = filelike.tell() if hasattr(filelike, "tell") else None
                if position is None:
                    position = filelike.seek(0, io.SEEK_CUR)
                end = filelike.seek(0, io.SEEK_END)
                filelike.seek(position)
                if isinstance(position, int) and isinstance(end, int):
                    self._file_offset = position
                    self._file_size = end - position
            elif hasattr(filelike, "getbuffer"):
                self._file_size = len(filelike.getbuffer()) - filelike.tell()
            elif name and os.path.exists(name):
                self._file_size = os.path.getsize(name) - filelike.tell()
        except OSError:
            # A pipe or socket pretending to be a file: stream it without a length.
            self._file_size = None

    # Range requests ------------------------------------------------------

    @property
    def supports_ranges(self) -> bool:
        """True when parts of the file can be served: seekable, sized, not re-encoded."""
        return (
            self._file is not None
            and self._file_size is not None
            and hasattr(self._file, "seek")
            and "Content-Encoding" not in self.headers
            and (not hasattr(self._file, "seekable") or bool(self._file.seekable()))
        )

    def apply_range(self, request: HttpRequest) -> None:
        """Honour the request's ``Range`` header: 206 for one or more ranges, 416 if none fit.

        Only a GET answered 200 is ranged; otherwise, or when ``If-Range`` no
        longer matches, or when the range set is hostile, the whole file is sent.
        Advertises ``Accept-Ranges: bytes`` whenever ranges are possible.
        """
        if not self.supports_ranges or self.status_code != 200:
            return
        self.headers["Accept-Ranges"] = "bytes"
        header = request.META.get("HTTP_RANGE")
        if not header or request.method != "GET":
            return
        if_range = request.META.get("HTTP_IF_RANGE")
        if if_range is not None and not if_range_passes(
            str(if_range), self.get("ETag"), self.get("Last-Modified")
        ):
            return
        size = self._file_size
        assert size is not None
        try:
            ranges = parse_range_header(str(header), size)
        except RangeNotSatisfiable:
            self._answer_not_satisfiable(size)
            return
        if ranges is None:
            return
        self.file_to_stream = None  # the server's file_wrapper would send it all
        self.status_code = 206
        if len(ranges) == 1:
            first, last = ranges[0]
            self.headers["Content-Range"] = content_range(first, last, size)
            self.headers["Content-Length"] = last - first + 1
            self._replace_content(self._read_range(self._file, first, last))
        else:
            self._serve_multipart(ranges, size)

    def _answer_not_satisfiable(self, size: int) -> None:
        self.status_code = 416
        self.file_to_stream = None
        self.headers["Content-Range"] = f"bytes */{size}"
        self.headers["Content-Length"] = 0
        self._replace_content(iter(()))

    def _serve_multipart(self, ranges: list[tuple[int, int]], size: int) -> None:
        boundary = secrets.token_hex(16)
        part_type = self.get("Content-Type") or "application/octet-stream"
        heads = [
            (
                f"--{boundary}\r\nContent-Type: {part_type}\r\n"
                f"Content-Range: {content_range(first, last, size)}\r\n\r\n"
            ).encode("latin-1")
            for first, last in ranges
        ]
        tail = f"--{boundary}--\r\n".encode("latin-1")
        length = len(tail) + sum(
            len(head) + (last - first + 1) + 2
            for head, (first, last) in zip(heads, ranges, strict=True)
        )
        self.headers["Content-Type"] = f"multipart/byteranges; boundary={boundary}"
        self.headers["Content-Length"] = length

        filelike = self._file

        def parts() -> Iterator[bytes]:
            for head, (first, last) in zip(heads, ranges, strict=True):
                yield head
                yield from self._read_range(filelike, first, last)
                yield b"\r\n"
            yield tail

        self._replace_content(parts())

    def _read_range(self, filelike: Any, first: int, last: int) -> Iterator[bytes]:
        # The file is passed in, not read from self: wrapping streaming_content
        # later (the test client, a middleware) must not detach it.
        filelike.seek(self._file_offset + first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = filelike.read(min(self.block_size, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk

    def _replace_content(self, iterator: Iterator[bytes]) -> None:
        # The file stays registered for closing; only what is streamed changes.
        StreamingHttpResponse._set_streaming_content(self, iterator)


__all__ = ["FileResponse"]

"""Helpers for the request-body tests: requests over a body, multipart encoding."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import IO, Any

from scallion.core.handlers.limitedstream import LimitedStream
from scallion.http.request import HttpRequest

BOUNDARY = "----scallionBoundary7MA4YWxk"


class BodyRequest(HttpRequest):
    """A request over ``body`` as an interface edge builds it: POST/FILES unparsed."""

    def __init__(
        self,
        body: bytes = b"",
        content_type: str = f"multipart/form-data; boundary={BOUNDARY}",
        method: str = "POST",
        content_length: int | str | None = -1,
        stream: IO[bytes] | None = None,
    ) -> None:
        super().__init__()
        del self._post, self._files
        self.method = method
        if content_length == -1:
            content_length = len(body)
        self.META = {"CONTENT_TYPE": content_type, "REQUEST_METHOD": method}
        if content_length is not None:
            self.META["CONTENT_LENGTH"] = str(content_length)
        raw = stream if stream is not None else BytesIO(body)
        limit = int(content_length) if isinstance(content_length, int) else None
        self._stream: Any = LimitedStream(raw, limit)


def field(name: str, value: str | bytes, *headers: str) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return part([f'Content-Disposition: form-data; name="{name}"', *headers], data)


def file(
    name: str,
    filename: str,
    content: bytes,
    content_type: str = "application/octet-stream",
    *headers: str,
) -> bytes:
    return part(
        [
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"',
            f"Content-Type: {content_type}",
            *headers,
        ],
        content,
    )


def part(headers: Iterable[str], content: bytes) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers).encode()
    return b"--" + BOUNDARY.encode() + b"\r\n" + head + b"\r\n" + content + b"\r\n"


def multipart_body(*parts: bytes, boundary: str = BOUNDARY) -> bytes:
    return b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"

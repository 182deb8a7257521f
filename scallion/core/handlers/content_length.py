"""The ``Content-Length`` header the edges add to a response whose size they know.

Body sizes repeat (the same page, the same JSON shape), and formatting the
number costs more than finding it, so each size's header is built once, in
the two forms the edges send: a ``str`` pair for WSGI's ``start_response``, a
lower-cased ``bytes`` pair for ASGI's ``http.response.start``. One table serves
both; it is bounded, so that varied sizes cannot grow it for ever.
PERF: hello, asgi-hello.
"""

from __future__ import annotations

__all__ = ["CONTENT_LENGTH_HEADERS", "content_length_headers"]

LengthHeaders = tuple[tuple[str, str], tuple[bytes, bytes]]

#: Body size -> (the WSGI pair, the ASGI pair). Look a size up here first; build
#: a missing one with :func:`content_length_headers`.
CONTENT_LENGTH_HEADERS: dict[int, LengthHeaders] = {}
_MAX_SIZES = 4096


def content_length_headers(length: int) -> LengthHeaders:
    """The WSGI and ASGI ``Content-Length`` pairs of ``length``, kept while room remains."""
    text = str(length)
    headers = (("Content-Length", text), (b"content-length", text.encode("ascii")))
    if len(CONTENT_LENGTH_HEADERS) < _MAX_SIZES:
        CONTENT_LENGTH_HEADERS[length] = headers
    return headers

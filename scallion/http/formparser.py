"""``request.POST`` and ``request.FILES``: which parser a form body goes to.

``HttpRequest`` calls :func:`parse_form` the first time ``POST`` or ``FILES`` is
read (or when a PUT/PATCH view calls ``request.parse_form_body()``). The parser
is handed what it reads, not the request: ``META`` (the Content-Type and
Content-Length), the body as a stream and as a whole, the encoding set on the
request, the limits (``request.body_limit``, so that a view's ``@body_limits``
apply) and the upload handlers. It therefore knows nothing of either edge, and
the request module imports it, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from scallion.core.exceptions import BadRequest
from scallion.core.files.uploadhandler import FileUploadHandler
from scallion.http.charsets import declared_charset, is_utf8, known_charset
from scallion.http.multipartparser import MultiPartParser, MultiPartParserError
from scallion.http.querydict import QueryDict
from scallion.utils.datastructures import MultiValueDict
from scallion.utils.http import parse_header_parameters

__all__ = ["BodyReader", "form_encoding", "parse_form"]

URLENCODED = "application/x-www-form-urlencoded"
FORM_CONTENT_TYPES = frozenset({"multipart/form-data", URLENCODED})


class BodyReader(Protocol):
    """A body read as a stream (``request`` itself is one)."""

    def read(self, size: int = -1) -> bytes: ...


def form_media_type(header: str) -> tuple[str, dict[str, str]]:
    """A Content-Type's media type (lower-cased) and parameters; a 400 if unparsable."""
    try:
        return parse_header_parameters(header)
    except ValueError as err:
        raise MultiPartParserError(f"Invalid Content-Type header. {err}") from None


def form_encoding(encoding: str | None, params: Mapping[str, str]) -> str | None:
    """The encoding a form body is decoded with: ``encoding`` (set on the request), else
    the Content-Type's ``charset`` if Python knows it, else None (the default charset).

    A charset that is not a text encoding (``rot13``, ``zlib``) is a 400, even
    when the request sets its own. Otherwise this is the charset
    ``request.encoding`` reports (``known_charset``, from the same parse of the
    header), so the two agree. PERF: upload.
    """
    charset = declared_charset(params.get("charset"))
    return encoding if encoding is not None else charset


def _require_utf8(encoding: str | None) -> None:
    """A urlencoded body is UTF-8 (RFC 1866, the WHATWG URL standard); anything else is a 400.

    Django 6 refuses any other charset the same way.
    """
    if encoding is not None and not is_utf8(encoding):
        raise BadRequest(
            "HTTP requests with the 'application/x-www-form-urlencoded' content type must "
            "be UTF-8 encoded."
        )


def parse_form(
    meta: Mapping[str, Any],
    stream: BodyReader | None,
    *,
    read_body: Callable[[], bytes],
    encoding: str | None,
    limits: Callable[[str], int | None],
    upload_handlers: Callable[[], Sequence[FileUploadHandler]],
    multipart_parser_class: Callable[[], type[MultiPartParser]] = lambda: MultiPartParser,
) -> tuple[QueryDict, MultiValueDict[str, Any]]:
    """Parse a form body: ``(data, files)``.

    ``stream`` is where a multipart body is streamed from, None when the body was
    already read as a stream (there is nothing left to parse); ``read_body``
    returns the whole body (read once, bounded by ``DATA_UPLOAD_MAX_MEMORY_SIZE``),
    for a urlencoded one. ``encoding`` is the one set on the request, if any.
    ``multipart_parser_class`` gives the class a multipart body is parsed with
    (``request.multipart_parser_class``). Bodies of other media types give
    empty results, as in Django.
    """
    content_type = meta.get("CONTENT_TYPE")
    if content_type == URLENCODED and stream is not None:
        # PERF: form. The header browsers send, exactly: nothing to parse, and no
        # charset parameter, so the encoding is the one set on the request, if any.
        _require_utf8(encoding)
        return (
            QueryDict(
                read_body(),
                encoding=encoding,
                max_num_fields=limits("DATA_UPLOAD_MAX_NUMBER_FIELDS"),
            ),
            MultiValueDict(),
        )
    media_type, params = form_media_type(str(content_type or ""))
    if media_type not in FORM_CONTENT_TYPES or stream is None:
        # Nothing is decoded: the empty form only carries ``request.encoding``.
        return QueryDict(encoding=encoding or known_charset(params)), MultiValueDict()
    body_encoding = form_encoding(encoding, params)
    if media_type == "multipart/form-data":
        parser_class = multipart_parser_class()
        if parser_class.__init__ is MultiPartParser.__init__:
            parser = parser_class(
                meta,
                stream,
                upload_handlers(),
                body_encoding,
                limits=limits,
                content_params=params,
            )
        else:
            # A constructor of its own takes Django's four arguments; the
            # limits are then the settings' (no per-view @body_limits).
            parser = parser_class(meta, stream, upload_handlers(), body_encoding)
        data, files = parser.parse()
        return data, files
    _require_utf8(body_encoding)
    # read_body() enforces DATA_UPLOAD_MAX_MEMORY_SIZE before reading past it.
    data = QueryDict(
        read_body(),
        encoding=body_encoding,
        max_num_fields=limits("DATA_UPLOAD_MAX_NUMBER_FIELDS"),
    )
    return data, MultiValueDict()

"""``request.POST`` and ``request.FILES``: which parser a form body goes to.

``HttpRequest`` calls :func:`parse_form` the first time ``POST`` or ``FILES`` is
read (or when a PUT/PATCH view calls ``request.parse_form_body()``). Limits come
from ``request.body_limit`` so that a view's ``@body_limits`` decorator applies.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

from scallion.core.exceptions import BadRequest
from scallion.http.charsets import declared_charset, is_utf8
from scallion.http.multipartparser import (
    MultiPartParser,
    MultiPartParserError,
    parse_header_parameters,
)
from scallion.http.request import QueryDict
from scallion.utils.datastructures import MultiValueDict

if TYPE_CHECKING:
    from scallion.http.request import HttpRequest

__all__ = ["parse_form"]

URLENCODED = "application/x-www-form-urlencoded"
FORM_CONTENT_TYPES = frozenset({"multipart/form-data", URLENCODED})


def form_content_type(request: HttpRequest) -> str:
    """The request's media type, lower-cased and without parameters."""
    try:
        media_type, _ = parse_header_parameters(str(request.META.get("CONTENT_TYPE", "")))
    except ValueError as err:
        raise MultiPartParserError(f"Invalid Content-Type header: {err}") from None
    return media_type


def _encoding(request: HttpRequest, params: dict[str, str]) -> str | None:
    """``request.encoding``, from the parameters already parsed here.

    An encoding set on the request wins; otherwise the ``charset`` parameter, if
    Python knows it as a text encoding (the request's own property decides the
    same way, from its own parse of the header); a codec that is not one
    (``rot13``, ``zlib``) is a 400. PERF: upload.
    """
    charset = declared_charset(params.get("charset"))
    if request._encoding is not None:
        return request._encoding
    return charset


def _require_utf8(encoding: str | None) -> None:
    """A urlencoded body is UTF-8 (RFC 1866, the WHATWG URL standard); anything else is a 400.

    Django 6 refuses any other charset the same way.
    """
    if encoding is not None and not is_utf8(encoding):
        raise BadRequest(
            "HTTP requests with the 'application/x-www-form-urlencoded' content type must "
            "be UTF-8 encoded."
        )


def parse_form(request: HttpRequest) -> tuple[QueryDict, MultiValueDict[str, Any]]:
    """Parse the body of ``request`` as a form: ``(data, files)``.

    Bodies of other media types give empty results, as in Django; so does a body
    whose stream was already read directly (there is nothing left to parse).
    """
    content_type = request.META.get("CONTENT_TYPE")
    if content_type == URLENCODED and (not request._read_started or hasattr(request, "_body")):
        # PERF: form. The header browsers send, exactly: nothing to parse, and no
        # charset parameter, so the encoding is the one set on the request, if any.
        _require_utf8(request._encoding)
        return (
            QueryDict(
                request.body,
                encoding=request._encoding,
                max_num_fields=request.body_limit("DATA_UPLOAD_MAX_NUMBER_FIELDS"),
            ),
            MultiValueDict(),
        )
    try:
        media_type, params = parse_header_parameters(str(content_type or ""))
    except ValueError as err:
        raise MultiPartParserError(f"Invalid Content-Type header: {err}") from None
    has_body = hasattr(request, "_body")
    if media_type not in FORM_CONTENT_TYPES or (request._read_started and not has_body):
        return QueryDict(encoding=request.encoding), MultiValueDict()
    if media_type == "multipart/form-data":
        source: Any = BytesIO(request._body) if has_body else request
        parser = MultiPartParser(
            request.META,
            source,
            request.upload_handlers,
            _encoding(request, params),
            limits=request.body_limit,
            content_params=params,
        )
        data, files = parser.parse()
        return data, files
    _require_utf8(_encoding(request, params))
    # request.body enforces DATA_UPLOAD_MAX_MEMORY_SIZE before reading past it.
    data = QueryDict(
        request.body,
        encoding=request.encoding,
        max_num_fields=request.body_limit("DATA_UPLOAD_MAX_NUMBER_FIELDS"),
    )
    return data, MultiValueDict()

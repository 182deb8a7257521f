"""``ServerRequest``: what both interface edges' requests share.

A server hands scallion a request in one of two shapes: a WSGI environ or an
ASGI scope with a ``receive`` channel. ``WSGIRequest`` and ``ASGIRequest`` turn
that shape into ``META``, ``path_info``, the raw query string and a body
stream; everything this class derives from those (the content type and its
parameters, the encoding, ``GET``, ``COOKIES``, the joined path and the method)
is written once, here, and behaves the same whichever edge built the request.
It reads no environ, scope or socket itself.
"""

from __future__ import annotations

import html

from scallion.core.exceptions import BadRequest, RequestDataTooBig
from scallion.http.charsets import known_charset
from scallion.http.cookie import parse_cookie
from scallion.http.querydict import QueryDict
from scallion.http.request import HttpRequest
from scallion.http.response import HttpResponse, HttpResponseBadRequest
from scallion.utils.functional import cached_property
from scallion.utils.http import parse_header_parameters

__all__ = [
    "REFUSED_WHILE_BUILT",
    "ServerRequest",
    "bad_request_response",
    "join_path",
    "parse_content_type",
    "text_from_latin1",
]


class ServerRequest(HttpRequest):
    """A request an interface edge built; subclasses supply ``META``, the body
    stream and ``_raw_query_string``, and set ``path``, ``path_info`` and
    ``method`` through :meth:`_set_path_and_method`."""

    def _set_path_and_method(self, path: str, path_info: str, method: str) -> None:
        """The three attributes every request needs before the onion runs; the
        method upper-cased (servers pass it as the client sent it)."""
        self.path = path
        self.path_info = path_info
        self.method = method if method.isupper() else method.upper()

    def _raw_query_string(self) -> str | bytes:
        """The query string as the edge received it (``GET`` decodes it)."""
        raise NotImplementedError("ServerRequest subclasses give their raw query string.")

    @cached_property
    def GET(self) -> QueryDict:
        return QueryDict(self._raw_query_string(), encoding=self._encoding)

    @cached_property
    def COOKIES(self) -> dict[str, str]:
        raw = self.META.get("HTTP_COOKIE", "")
        return parse_cookie(text_from_latin1(raw)) if raw else {}

    @cached_property
    def _content_type_and_params(self) -> tuple[str, dict[str, str]]:
        return parse_content_type(self.META.get("CONTENT_TYPE", ""))

    @property
    def content_type(self) -> str:
        return self._content_type_and_params[0]

    @content_type.setter
    def content_type(self, value: str) -> None:
        self.__dict__["_content_type_and_params"] = (value, self.content_params or {})

    @property
    def content_params(self) -> dict[str, str]:
        return self._content_type_and_params[1]

    @content_params.setter
    def content_params(self, value: dict[str, str]) -> None:
        self.__dict__["_content_type_and_params"] = (self.content_type, value)

    @property
    def encoding(self) -> str | None:
        """The Content-Type's ``charset`` when Python knows it (else None: the default
        charset), unless one was set on the request.

        The form parser applies the same rule (``known_charset``) to the same
        parse of the header, so a form body is decoded with the charset this
        property reports (an RFC 2231 ``charset*=`` wins over ``charset=``).
        """
        if self._encoding is None and self.META.get("CONTENT_TYPE"):
            self._encoding = known_charset(self.content_params)
        return self._encoding

    @encoding.setter
    def encoding(self, val: str) -> None:
        HttpRequest.encoding.fset(self, val)  # type: ignore[attr-defined]


def join_path(script_name: str, path_info: str) -> str:
    """``path_info`` under the mount point ``script_name`` (if any), the slash between
    them not doubled (``/app`` or ``/app/`` with ``/x`` -> ``/app/x``)."""
    if not script_name:
        return path_info
    return f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"


def text_from_latin1(value: str) -> str:
    """A header value as sent: servers give its bytes as latin-1 text; clients send UTF-8.

    Invalid UTF-8 becomes U+FFFD; text that is not latin-1 (so not from a
    server) is kept as it is.
    """
    if value.isascii():
        return value
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        return value
    return raw.decode("utf-8", "replace")


def parse_content_type(header: str) -> tuple[str, dict[str, str]]:
    """``request.content_type`` and ``content_params`` from a Content-Type header.

    A value too long or with an unknown RFC 2231 charset is the client's mistake:
    BadRequest (a 400 naming it), not a ValueError that would become a 500.
    """
    try:
        return parse_header_parameters(header)
    except ValueError as err:
        raise BadRequest(f"Invalid Content-Type header. {err}") from None


#: What a request refused while it is built raises: ``BadRequest`` (400), or
#: ``RequestDataTooBig`` (413) from a request class that reads its body then.
REFUSED_WHILE_BUILT = (BadRequest, RequestDataTooBig)


def bad_request_response(exc: BadRequest | RequestDataTooBig) -> HttpResponse:
    """The answer to a request that could not even be built: 400 (a path that is
    not UTF-8), or 413 for a body over the limits (a request class that reads
    the body as it is built).

    It is answered before any middleware runs: there is no request to hand them.
    The reason is escaped: it may quote what the client sent.
    """
    reason = html.escape(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return HttpResponse(
            f"<h1>Request Entity Too Large (413)</h1><p>{reason}</p>",
            status=413,
            reason="Request Entity Too Large",
        )
    return HttpResponseBadRequest(f"<h1>Bad Request (400)</h1><p>{reason}</p>")

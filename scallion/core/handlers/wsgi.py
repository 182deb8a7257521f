"""The WSGI edge (seed steps 1 and 10): environ in, ``start_response`` out.

``WSGIHandler`` is created once per process: it configures logging and builds the
middleware chain (``BaseHandler.load_middleware``). Per request it builds a
``WSGIRequest`` (which parses nothing yet), runs the chain, and hands the status,
headers and body iterable to the server. Everything between is shared with the
ASGI edge.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from io import BytesIO
from typing import IO, Any

from scallion.conf import settings
from scallion.core import signals
from scallion.core.exceptions import BadRequest
from scallion.core.handlers import base
from scallion.core.handlers.limitedstream import LimitedStream, parse_content_length
from scallion.http import HttpRequest, HttpResponseBadRequest, QueryDict, parse_cookie
from scallion.http.charsets import is_text_encoding
from scallion.http.response import (
    NO_BODY_STATUSES,
    SENDS_AS_LIST,
    HttpResponseBase,
    sends_as_list,
)
from scallion.urls import set_script_prefix
from scallion.urls.base import _script_prefix
from scallion.utils.functional import cached_property

StartResponse = Callable[..., Any]


def _wsgi_text_lenient(value: str) -> str:
    if value.isascii():
        return value
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:  # not a WSGI string (PEP 3333 strings are latin-1): keep it
        return value
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


class WSGIRequest(HttpRequest):
    """An ``HttpRequest`` over a WSGI environ; ``META`` is the environ itself."""

    def __init__(self, environ: dict[str, Any], script_name: str | None = None) -> None:
        if script_name is None:
            script_name = get_script_name(environ)
        path_info = environ.get("PATH_INFO", "")
        if not path_info:
            path_info = environ["PATH_INFO"] = "/"
        elif not path_info.isascii():  # PERF: hello - an ASCII path needs no re-decoding
            try:
                path_info = path_info.encode("latin-1").decode("utf-8")
            except UnicodeEncodeError:
                # Characters above U+00FF cannot come from a PEP 3333 server
                # (environ strings are latin-1 decoded bytes): a broken caller.
                raise BadRequest(
                    "The request path holds characters outside latin-1, which a WSGI "
                    "environ cannot carry (PEP 3333)."
                ) from None
            except UnicodeDecodeError:
                raise BadRequest(
                    "The request path is not valid UTF-8 once percent-decoded."
                ) from None
            environ["PATH_INFO"] = path_info
        self.environ = environ
        self.path_info = path_info
        # Keep a leading slash on path_info and join it to SCRIPT_NAME without
        # doubling it (``/app`` + ``/x`` -> ``/app/x``).
        self.path = (
            f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"
            if script_name
            else path_info
        )
        self.META = environ
        if script_name or "SCRIPT_NAME" in environ:
            environ["SCRIPT_NAME"] = script_name  # decoded, or FORCE_SCRIPT_NAME
        method = environ["REQUEST_METHOD"]
        self.method = method if method.isupper() else method.upper()

    @cached_property
    def _content_type_and_params(self) -> tuple[str, dict[str, str]]:
        from scallion.http.request import parse_content_type

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
        if self._encoding is None:
            charset = self.content_params.get("charset") if self.META.get("CONTENT_TYPE") else None
            if charset and not is_text_encoding(charset):
                charset = None  # unknown, or a codec such as rot13: not a charset
            self._encoding = charset
        return self._encoding

    @encoding.setter
    def encoding(self, val: str) -> None:
        HttpRequest.encoding.fset(self, val)  # type: ignore[attr-defined]

    @cached_property
    def _stream(self) -> IO[bytes]:
        """The body stream, wrapped only when someone reads it. PERF: hello."""
        environ = self.environ
        declared = environ.get("CONTENT_LENGTH")
        if not declared and environ.get("wsgi.input_terminated"):
            # No length (a chunked body): the server marks where the body ends.
            return LimitedStream(environ["wsgi.input"], None)  # type: ignore[return-value]
        content_length = parse_content_length(declared)
        if not content_length:
            return BytesIO()
        return LimitedStream(environ["wsgi.input"], content_length)  # type: ignore[return-value]

    def _get_scheme(self) -> str:
        return str(self.environ.get("wsgi.url_scheme", "http"))

    @cached_property
    def GET(self) -> QueryDict:
        raw_query_string = self.environ.get("QUERY_STRING", "")
        if not raw_query_string:
            return QueryDict(encoding=self._encoding)
        if raw_query_string.isascii():
            # Nothing to re-decode (percent-escapes are decoded by the parser). PERF: json.
            return QueryDict(raw_query_string, encoding=self._encoding)
        try:
            raw = raw_query_string.encode("latin-1")
        except UnicodeEncodeError:
            raise BadRequest(
                "The query string holds characters outside latin-1, which a WSGI environ "
                "cannot carry (PEP 3333)."
            ) from None
        return QueryDict(raw, encoding=self._encoding)

    @cached_property
    def COOKIES(self) -> dict[str, str]:
        raw = self.environ.get("HTTP_COOKIE", "")
        return parse_cookie(_wsgi_text_lenient(raw)) if raw else {}


class WSGIHandler(base.BaseHandler):
    """The WSGI application: one instance per process, the chain built once."""

    request_class = WSGIRequest
    #: Whether ``request_class.close`` is HttpRequest's (it only closes uploaded
    #: files); see ``sends_as_list``. Recomputed for a subclass's request class.
    _plain_request_close = True
    #: The middleware chain, when ``get_response`` is BaseHandler's and the edge
    #: may run the chain itself; None makes the edge call ``get_response``.
    _plain_chain: base.Handler | None = None

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware()
        self._plain_request_close = self.request_class.close is HttpRequest.close

    def _bind_hot_path(self) -> None:
        super()._bind_hot_path()
        plain = type(self).get_response is base.BaseHandler.get_response
        self._plain_chain = self._middleware_chain if plain else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        # get_script_name(), inlined. PERF: hello.
        script_name = settings.FORCE_SCRIPT_NAME
        if script_name is None:
            script_name = environ.get("SCRIPT_NAME", "")
            if script_name and not script_name.isascii():
                script_name = _wsgi_text_lenient(script_name)
        if script_name or _script_prefix.get() != "/":
            # Most apps are mounted at "/", the default prefix: nothing to set.
            set_script_prefix(script_name)
        if signals.request_started._receivers:
            signals.request_started.send(sender=self.__class__, environ=environ)
        request: HttpRequest | None
        try:
            request = self.request_class(environ, script_name)
        except BadRequest as exc:
            request = None
            response: HttpResponseBase = unbuildable_request_response(exc)
        else:
            chain = self._plain_chain
            if chain is not None:
                # get_response(), inlined when no subclass overrides it. PERF: hello.
                response = self._finish_response(request, chain(request))
            else:
                response = self.get_response(request)

        if response._reason_phrase is None:
            # PERF: hello - the status line of a standard code is built once.
            status = _STATUS_LINES.get(response.status_code) or _status_line(response)
        else:
            status = f"{response.status_code} {response._reason_phrase}"
        headers = response.header_items()
        cls = response.__class__
        body_is_list = SENDS_AS_LIST.get(cls)
        if body_is_list is None:
            body_is_list = sends_as_list(cls)
        if body_is_list:
            container: list[bytes] = response._container  # type: ignore[attr-defined]
            if (
                "content-length" not in response.headers._store
                and response.status_code not in NO_BODY_STATUSES
            ):
                # The body's size is known: say it, so the server need not fall
                # back to chunked encoding (as the ASGI edge does).
                length = len(container[0]) if len(container) == 1 else sum(map(len, container))
                headers.append(_CONTENT_LENGTHS.get(length) or _content_length(length))
            start_response(status, headers)
            if (
                not response._resource_closers
                and not signals.request_finished._receivers
                and not getattr(request, "_files", None)  # no uploaded file to close
                and self._plain_request_close
            ):
                # Closing would only mark it closed: the server gets the list
                # (empty for HEAD). PERF: hello.
                response.closed = True
                return container if environ["REQUEST_METHOD"] != "HEAD" else []
        else:
            start_response(status, headers)
        response._handler_class = self.__class__  # the sender of request_finished
        if environ["REQUEST_METHOD"] == "HEAD":
            return _HeadBody(response)
        file_to_stream = response.file_to_stream
        if file_to_stream is not None and environ.get("wsgi.file_wrapper"):
            # The server can send the file with sendfile(); closing it must
            # still close the response (and send request_finished).
            file_to_stream.close = response.close
            block_size = getattr(response, "block_size", 8192)
            return environ["wsgi.file_wrapper"](file_to_stream, block_size)  # type: ignore[no-any-return]
        return response  # type: ignore[return-value]


def unbuildable_request_response(exc: BadRequest) -> HttpResponseBase:
    """The 400 for a request that could not even be built (a path that is not UTF-8).

    It is answered before any middleware runs: there is no request to hand them.
    """
    return HttpResponseBadRequest(f"<h1>Bad Request (400)</h1><p>{html.escape(str(exc))}</p>")


_STATUS_LINES: dict[int, str] = {}

# Body sizes repeat (the same page, the same JSON shape): the header pair is
# built once per size. Bounded, so that varied sizes cannot grow it for ever.
_CONTENT_LENGTHS: dict[int, tuple[str, str]] = {}
_CONTENT_LENGTHS_MAX = 4096


def _content_length(length: int) -> tuple[str, str]:
    header = ("Content-Length", str(length))
    if len(_CONTENT_LENGTHS) < _CONTENT_LENGTHS_MAX:
        _CONTENT_LENGTHS[length] = header
    return header


def _status_line(response: HttpResponseBase) -> str:
    line = _STATUS_LINES[response.status_code] = f"{response.status_code} {response.reason_phrase}"
    return line


class _HeadBody:
    """The body of a HEAD response: empty, but closing still closes the response."""

    __slots__ = ("_response",)

    def __init__(self, response: HttpResponseBase) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        return iter(())

    def close(self) -> None:
        self._response.close()


def get_script_name(environ: dict[str, Any]) -> str:
    """The URL prefix the application is mounted at (``FORCE_SCRIPT_NAME`` wins)."""
    if settings.FORCE_SCRIPT_NAME is not None:
        return str(settings.FORCE_SCRIPT_NAME)
    script_name = environ.get("SCRIPT_NAME", "")
    return _wsgi_text_lenient(script_name) if script_name else ""


def get_path_info(environ: dict[str, Any]) -> str:
    """``PATH_INFO`` decoded as UTF-8 (undoing PEP 3333's latin-1), or ``/``.

    A path that does not decode is returned as it is: building the request
    answers it with a 400 (``WSGIRequest``).
    """
    path_info = environ.get("PATH_INFO", "/")
    if not path_info.isascii():
        try:
            path_info = path_info.encode("latin-1").decode("utf-8")
        except UnicodeError:
            pass
    return path_info or "/"

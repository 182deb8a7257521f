"""The WSGI edge: environ in, ``start_response`` out.

``WSGIHandler`` is created once per process: it configures logging and builds the
middleware chain (``BaseHandler.load_middleware``). Per request it builds a
``WSGIRequest`` (which parses nothing yet), runs the chain, and hands the status,
headers and body iterable to the server. Everything between is shared with the
ASGI edge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from io import BytesIO
from typing import IO, Any

from scallion.conf import settings, settings_cache
from scallion.core import signals
from scallion.core.exceptions import BadRequest
from scallion.core.handlers import base
from scallion.core.handlers.content_length import CONTENT_LENGTH_HEADERS, content_length_headers
from scallion.core.handlers.limitedstream import LimitedStream, parse_content_length
from scallion.http import HttpRequest
from scallion.http.response import (
    NO_BODY_STATUSES,
    SENDS_AS_LIST,
    HttpResponseBase,
    sends_as_list,
)
from scallion.http.serverrequest import (
    REFUSED_WHILE_BUILT,
    ServerRequest,
    bad_request_response,
    join_path,
    text_from_latin1,
)
from scallion.urls import set_script_prefix
from scallion.urls.script_prefix import _script_prefix
from scallion.utils.functional import cached_property

StartResponse = Callable[..., Any]


class WSGIRequest(ServerRequest):
    """A request over a WSGI environ; ``META`` is the environ itself."""

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
        self.META = environ
        environ["SCRIPT_NAME"] = script_name  # decoded, or FORCE_SCRIPT_NAME; "" at the root
        # Keep a leading slash on path_info and join it to SCRIPT_NAME without
        # doubling it (``/app`` + ``/x`` -> ``/app/x``); mounted at the root,
        # the path is path_info (PERF: hello - no call).
        self._set_path_and_method(
            join_path(script_name, path_info) if script_name else path_info,
            path_info,
            environ["REQUEST_METHOD"],
        )

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

    def _raw_query_string(self) -> str | bytes:
        raw_query_string: str = self.environ.get("QUERY_STRING", "")
        if raw_query_string.isascii():
            # Nothing to re-decode (percent-escapes are decoded by the parser). PERF: json.
            return raw_query_string
        try:
            return raw_query_string.encode("latin-1")
        except UnicodeEncodeError:
            raise BadRequest(
                "The query string holds characters outside latin-1, which a WSGI environ "
                "cannot carry (PEP 3333)."
            ) from None


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
        script_name = settings_cache.FORCE_SCRIPT_NAME
        if script_name is None:
            script_name = environ.get("SCRIPT_NAME", "")
            if (
                (script_name and not script_name.isascii())
                or "SCRIPT_URL" in environ
                or "REDIRECT_URL" in environ
            ):
                script_name = get_script_name(environ)
        if script_name or _script_prefix.get() != "/":
            # Most apps are mounted at "/", the default prefix: nothing to set.
            set_script_prefix(script_name)
        if signals.request_started.listened:
            signals.request_started.send(sender=self.__class__, environ=environ)
        request: HttpRequest | None
        try:
            request = self.request_class(environ, script_name)
        except REFUSED_WHILE_BUILT as exc:
            request = None
            response: HttpResponseBase = bad_request_response(exc)
        else:
            chain = self._plain_chain
            if chain is not None:
                # get_response(), inlined when no subclass overrides it. PERF: hello.
                response = self._finish_response(request, chain(request))
            else:
                response = self.get_response(request)

        status_code = response.status_code
        if response._reason_phrase is None:
            # PERF: hello - the status line of a standard code is built once.
            status = _STATUS_LINES.get(status_code) or _status_line(response)
        else:
            status = f"{status_code} {response._reason_phrase}"
        headers = response.header_items()
        cls = response.__class__
        body_is_list = SENDS_AS_LIST.get(cls)
        if body_is_list is None:
            body_is_list = sends_as_list(cls)
        if body_is_list:
            container: list[bytes] = response._container  # type: ignore[attr-defined]
            if (
                "content-length" not in response.headers._store
                and status_code not in NO_BODY_STATUSES
            ):
                # The body's size is known: say it, so the server need not fall
                # back to chunked encoding (as the ASGI edge does).
                length = len(container[0]) if len(container) == 1 else sum(map(len, container))
                headers.append(
                    (CONTENT_LENGTH_HEADERS.get(length) or content_length_headers(length))[0]
                )
            start_response(status, headers)
            if (
                not response._resource_closers
                and not signals.request_finished.listened
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


_STATUS_LINES: dict[int, str] = {}


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
    """The URL prefix the application is mounted at (``FORCE_SCRIPT_NAME`` wins).

    Behind Apache's ``mod_rewrite``, ``SCRIPT_NAME`` names the rewritten target;
    the URL the client asked for is in ``SCRIPT_URL`` (or ``REDIRECT_URL``), and
    the mount point is that URL without ``PATH_INFO`` at its end. The server
    squashed repeated slashes in ``PATH_INFO``, so they are squashed in that URL
    too before it is cut.
    """
    if settings.FORCE_SCRIPT_NAME is not None:
        return str(settings.FORCE_SCRIPT_NAME)
    asked_for = environ.get("SCRIPT_URL") or environ.get("REDIRECT_URL")
    if asked_for:
        script_name = _REPEATED_SLASHES.sub("/", asked_for).removesuffix(
            environ.get("PATH_INFO", "")
        )
    else:
        script_name = environ.get("SCRIPT_NAME", "")
    return text_from_latin1(script_name) if script_name else ""


_REPEATED_SLASHES = re.compile("/{2,}")


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

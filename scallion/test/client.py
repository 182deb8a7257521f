"""The test client: drive the real handler in-process, middleware included.

``RequestFactory`` builds requests (WSGI environs) for calling views directly;
``Client`` sends them through a ``ClientHandler`` (the real onion), keeps cookies
between requests, can follow redirects, and records the templates and contexts
rendered, as Django's does.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import sys
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from contextlib import contextmanager
from copy import copy
from functools import partial
from http import HTTPStatus
from http.cookies import SimpleCookie
from io import BytesIO
from typing import Any
from urllib.parse import unquote_to_bytes, urljoin, urlparse, urlsplit

from scallion.conf import settings
from scallion.core.exceptions import BadRequest
from scallion.core.handlers.base import BaseHandler
from scallion.core.handlers.wsgi import WSGIRequest
from scallion.core.serializers.json import ScallionJSONEncoder
from scallion.core.signals import got_request_exception, request_started
from scallion.http import HttpHeaders, HttpRequest, QueryDict
from scallion.http.response import NO_BODY_STATUSES
from scallion.http.serverrequest import bad_request_response
from scallion.test import eventstream
from scallion.test.signals import template_rendered
from scallion.test.utils import ContextList
from scallion.urls import resolve
from scallion.utils.encoding import force_bytes
from scallion.utils.http import urlencode

BOUNDARY = "BoUnDaRyStRiNg"
MULTIPART_CONTENT = f"multipart/form-data; boundary={BOUNDARY}"
CONTENT_TYPE_RE_JSON = ("application/json", "+json")
#: The charset of a Content-Type value (``text/plain; charset=latin-1``), as Django has it.
CONTENT_TYPE_RE = re.compile(r".*; charset=([\w-]+);?")


class RedirectCycleError(Exception):
    """The test client was asked to follow a redirect loop."""

    def __init__(self, message: str, last_response: Any) -> None:
        super().__init__(message)
        self.last_response = last_response
        self.redirect_chain = last_response.redirect_chain


class FakePayload(BytesIO):
    """A request body for the test client's ``wsgi.input``, as Django's.

    Bytes (or text, encoded as UTF-8) may be written to it until it is first
    read; ``len()`` is what was written, the value for ``CONTENT_LENGTH``.
    Reading ends there.
    """

    def __init__(self, initial_bytes: bytes | str | None = None) -> None:
        super().__init__()
        self.read_started = False
        self._len = 0
        if initial_bytes is not None:
            self.write(initial_bytes)

    def __len__(self) -> int:
        return self._len

    def write(self, b: Any) -> int:
        if self.read_started:
            raise ValueError("Unable to write a payload after it's been read")
        data = force_bytes(b)  # text as UTF-8, anything else by its str() (bytes(5) is 5 NULs)
        self.seek(0, os.SEEK_END)
        written = super().write(data)
        self.seek(0)  # reading starts at the beginning
        self._len += written
        return written

    def read(self, size: int | None = -1, /) -> bytes:
        self.read_started = True
        if size is not None and size > self._len - self.tell():
            # A server's input would block or fail there: a reader that asks for
            # more than the request declared has a bug (as Django's FakePayload).
            raise AssertionError(
                "Cannot read more than the available bytes from the HTTP incoming data."
            )
        return super().read(size)

    def readline(self, size: int | None = -1, /) -> bytes:
        self.read_started = True
        return super().readline(size)

    def readinto(self, buffer: Any, /) -> int:
        self.read_started = True
        return super().readinto(buffer)


def encode_multipart(boundary: str, data: Mapping[str, Any]) -> bytes:
    """Encode ``data`` (fields and file objects) as a multipart/form-data body."""
    lines: list[bytes] = []

    def to_bytes(s: Any) -> bytes:
        return s if isinstance(s, bytes) else str(s).encode(settings.DEFAULT_CHARSET)

    for key, value in data.items():
        if value is None:
            raise TypeError(
                f"Cannot encode None for key '{key}' as POST data. Did you mean to pass an "
                "empty string or omit the value?"
            )
        if _is_file(value):
            lines.extend(encode_file(boundary, key, value))
        elif not isinstance(value, str | bytes) and isinstance(value, Iterable):
            for item in value:
                if _is_file(item):
                    lines.extend(encode_file(boundary, key, item))
                else:
                    lines.extend(
                        to_bytes(val)
                        for val in [
                            f"--{boundary}",
                            f'Content-Disposition: form-data; name="{key}"',
                            "",
                            item,
                        ]
                    )
        else:
            lines.extend(
                to_bytes(val)
                for val in [
                    f"--{boundary}",
                    f'Content-Disposition: form-data; name="{key}"',
                    "",
                    value,
                ]
            )
    lines.extend([to_bytes(f"--{boundary}--"), b""])
    return b"\r\n".join(lines)


def _is_file(thing: Any) -> bool:
    return hasattr(thing, "read") and callable(thing.read)


def encode_file(boundary: str, key: str, file: Any) -> list[bytes]:
    # A file's name may be no text at all (an int for tempfile.TemporaryFile): the
    # part is then named after its field, as Django's client does, so it stays a file.
    name = getattr(file, "name", None)
    filename = os.path.basename(name) if isinstance(name, str) else ""
    content_type = getattr(file, "content_type", None)
    if content_type is None and filename:
        content_type = mimetypes.guess_type(filename)[0]
    content_type = content_type or "application/octet-stream"
    filename = filename or key
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read()
    if isinstance(content, str):
        content = content.encode()
    filename_part = f'; filename="{filename}"' if filename else '; filename=""'
    return [
        f"--{boundary}".encode(),
        f'Content-Disposition: form-data; name="{key}"{filename_part}'.encode(),
        f"Content-Type: {content_type}".encode(),
        b"",
        content,
    ]


class ClientHandler(BaseHandler):
    """A handler that runs requests in-process and keeps what tests inspect."""

    def __init__(self, enforce_csrf_checks: bool = True) -> None:
        self.enforce_csrf_checks = enforce_csrf_checks
        super().__init__()

    def __call__(self, environ: dict[str, Any]) -> Any:
        if self._middleware_chain is None:
            self.load_middleware()
        request_started.send(sender=self.__class__, environ=environ)
        try:
            request = WSGIRequest(environ)
        except BadRequest as exc:
            bad: Any = bad_request_response(exc)
            bad.close()
            bad.wsgi_request = None
            return bad
        # The CSRF middleware checks this flag; the client skips CSRF by default,
        # as Django's does, so tests that want it pass enforce_csrf_checks=True.
        request._dont_enforce_csrf_checks = not self.enforce_csrf_checks  # type: ignore[attr-defined]
        response: Any = conditional_content_removal(request, self.get_response(request))
        if response.streaming:
            wrap = aclosing_iterator_wrapper if response.is_async else closing_iterator_wrapper
            response.streaming_content = wrap(response.streaming_content, response.close)
        else:
            # Emulate the server closing the response, which sends request_finished.
            response.close()
        response.wsgi_request = request
        return response


def conditional_content_removal(request: Any, response: Any) -> Any:
    """Drop the body the way a server would: for HEAD, and for 1xx, 204 and 304.

    The handler leaves it to the WSGI/ASGI edge, so the in-process clients,
    which skip the edge, do it here (as Django's do).
    """
    if request.method == "HEAD" or response.status_code in NO_BODY_STATUSES:
        if response.streaming:
            response.streaming_content = []
        else:
            response.content = b""
    return response


async def aclosing_iterator_wrapper(
    iterable: AsyncIterable[bytes], close: Any
) -> AsyncIterator[bytes]:
    try:
        async for chunk in iterable:
            yield chunk
    finally:
        aclose = getattr(iterable, "aclose", None)
        if aclose is not None:
            await aclose()  # a test that stops reading stops the view's iterator
        close()


def closing_iterator_wrapper(iterable: Iterable[bytes], close: Any) -> Iterable[bytes]:
    try:
        yield from iterable
    finally:
        close()


def store_rendered_templates(
    store: dict[str, Any], signal: Any, sender: Any, context: Any, **kwargs: Any
) -> None:
    """Receiver of ``template_rendered``: keep each template and a copy of its context."""
    store.setdefault("templates", []).append(sender)
    store.setdefault("context", []).append(copy(context))


def response_context(data: dict[str, Any]) -> Any:
    """``response.context``: None when no template was rendered (as in Django), the
    context when one was, else the list of contexts."""
    contexts = data.get("context")
    if contexts is None:
        return None
    if len(contexts) == 1:
        return contexts[0]
    return ContextList(contexts)


class RequestFactory:
    """Build WSGI requests for tests (Django's API: get/post/put/... return a request)."""

    def __init__(
        self,
        *,
        json_encoder: type[json.JSONEncoder] = ScallionJSONEncoder,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
        **defaults: Any,
    ) -> None:
        self.json_encoder = json_encoder
        self.defaults = defaults
        self.cookies: SimpleCookie = SimpleCookie()
        self.errors = BytesIO()
        if headers:
            self.defaults.update(HttpHeaders.to_wsgi_names(headers))
        if query_params:
            self.defaults["QUERY_STRING"] = urlencode(query_params, doseq=True)

    def _base_environ(self, **request: Any) -> dict[str, Any]:
        return {
            "HTTP_COOKIE": "; ".join(
                sorted(f"{m.key}={m.coded_value}" for m in self.cookies.values())
            ),
            "PATH_INFO": "/",
            "REMOTE_ADDR": "127.0.0.1",
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": FakePayload(b""),
            "wsgi.errors": self.errors,
            "wsgi.multiprocess": True,
            "wsgi.multithread": False,
            "wsgi.run_once": False,
            **self.defaults,
            **request,
        }

    def request(self, **request: Any) -> HttpRequest:
        """A request built from the given environ keys."""
        return WSGIRequest(self._base_environ(**request))

    def _body_bytes(self, data: Any, content_type: str | None) -> bytes:
        """The body ``generic()`` sends: bytes as given, text in DEFAULT_CHARSET,
        anything else encoded for its content type."""
        if isinstance(data, bytes):
            return data
        if isinstance(data, str):
            return data.encode(settings.DEFAULT_CHARSET)
        return self._encode_data(data, content_type or "")

    def _encode_data(self, data: Any, content_type: str) -> bytes:
        if content_type == MULTIPART_CONTENT:
            return encode_multipart(BOUNDARY, data)
        match = content_type.split(";")[0].strip()
        declared = CONTENT_TYPE_RE.match(content_type)
        charset = declared[1] if declared else settings.DEFAULT_CHARSET
        if isinstance(data, bytes):
            return data
        if isinstance(data, str):
            return data.encode(charset)
        if match == "application/x-www-form-urlencoded" and isinstance(data, Mapping):
            return urlencode(data, doseq=True).encode(charset)
        return str(data).encode(charset)

    def _encode_json(self, data: Any, content_type: str) -> Any:
        should_encode = content_type.split(";")[0].strip().endswith(CONTENT_TYPE_RE_JSON) and (
            isinstance(data, dict | list | tuple)
        )
        return json.dumps(data, cls=self.json_encoder) if should_encode else data

    def _get_path(self, parsed: Any) -> str:
        """The environ's PATH_INFO: the path percent-decoded, its ``;params`` kept."""
        path = parsed.path
        if parsed.params:
            path += ";" + parsed.params
        return unquote_to_bytes(path).decode("latin-1")

    def get(
        self,
        path: str,
        data: Any = None,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        if query_params and data:
            raise ValueError("query_params and data arguments are mutually exclusive.")
        query_params = data or query_params
        query_params = {} if query_params is None else query_params
        return self.generic(
            "GET", path, secure=secure, headers=headers, query_params=query_params, **extra
        )

    def post(
        self,
        path: str,
        data: Any = None,
        content_type: str = MULTIPART_CONTENT,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        data = self._encode_json({} if data is None else data, content_type)
        post_data = self._encode_data(data, content_type)
        return self.generic(
            "POST",
            path,
            post_data,
            content_type,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def head(
        self,
        path: str,
        data: Any = None,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        if query_params and data:
            raise ValueError("query_params and data arguments are mutually exclusive.")
        query_params = data or query_params or {}
        return self.generic(
            "HEAD", path, secure=secure, headers=headers, query_params=query_params, **extra
        )

    def trace(
        self,
        path: str,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        return self.generic(
            "TRACE", path, secure=secure, headers=headers, query_params=query_params, **extra
        )

    def options(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        return self.generic(
            "OPTIONS",
            path,
            data,
            content_type,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def put(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        data = self._encode_json(data, content_type)
        return self.generic(
            "PUT",
            path,
            data,
            content_type,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def patch(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        data = self._encode_json(data, content_type)
        return self.generic(
            "PATCH",
            path,
            data,
            content_type,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def delete(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        data = self._encode_json(data, content_type)
        return self.generic(
            "DELETE",
            path,
            data,
            content_type,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def generic(
        self,
        method: str,
        path: str,
        data: Any = "",
        content_type: str | None = "application/octet-stream",
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> HttpRequest:
        """Build a request with any method, body and headers."""
        parsed = urlparse(str(path))
        data = self._body_bytes(data, content_type)
        r: dict[str, Any] = {
            "PATH_INFO": self._get_path(parsed),
            "REQUEST_METHOD": method,
            "SERVER_PORT": "443" if secure else "80",
            "wsgi.url_scheme": "https" if secure else "http",
        }
        if data:
            r.update(
                {
                    "CONTENT_LENGTH": str(len(data)),
                    "CONTENT_TYPE": content_type,
                    "wsgi.input": FakePayload(data),
                }
            )
        if headers:
            extra.update(HttpHeaders.to_wsgi_names(headers))
        if query_params:
            extra["QUERY_STRING"] = urlencode(query_params, doseq=True)
        r.update(extra)
        if not r.get("QUERY_STRING"):
            query_string = parsed[4].encode().decode("iso-8859-1")
            r["QUERY_STRING"] = query_string
        return self.request(**r)


#: The statuses a client follows when asked to (``follow=True``).
REDIRECT_STATUSES = frozenset(
    {
        HTTPStatus.MOVED_PERMANENTLY,
        HTTPStatus.FOUND,
        HTTPStatus.SEE_OTHER,
        HTTPStatus.TEMPORARY_REDIRECT,
        HTTPStatus.PERMANENT_REDIRECT,
    }
)
#: The redirects after which the method and body are sent again (not turned into a GET).
_METHOD_KEEPING_REDIRECTS = frozenset(
    {HTTPStatus.TEMPORARY_REDIRECT, HTTPStatus.PERMANENT_REDIRECT}
)


#: The request methods' named arguments; the other keywords are extra environ keys.
_REQUEST_ARGUMENTS = frozenset({"data", "content_type", "secure", "headers", "query_params"})


class ClientMixin:
    """What ``Client`` and ``AsyncClient`` share: all but sending a request.

    Each client has its own ``request()`` (through the WSGI or the ASGI onion) and
    ``_send()`` (which awaits or not); the request methods, redirect following,
    exception re-raising, template recording, cookies and the session are here,
    written once. ``_path_key`` and ``_method_key`` name where the request dict a
    response keeps (``response.request``) holds its path and method.

    A request method returns what ``_send`` returns: a response for ``Client``,
    an awaitable of one for ``AsyncClient`` (``await client.get("/")``).
    """

    _path_key = "PATH_INFO"
    _method_key = "REQUEST_METHOD"
    #: The response attribute holding the request the handler built.
    _handler_request_attr = "wsgi_request"

    #: The handler class each client sends its requests through.
    handler_class: type[Any]
    cookies: SimpleCookie

    def __init__(
        self,
        enforce_csrf_checks: bool = False,
        raise_request_exception: bool = True,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
        **defaults: Any,
    ) -> None:
        super().__init__(  # type: ignore[call-arg]
            headers=headers, query_params=query_params, **defaults
        )
        self.handler = self.handler_class(enforce_csrf_checks)
        self.raise_request_exception = raise_request_exception
        self.exc_info: Any = None
        self.extra: dict[str, Any] | None = None
        self.headers: Mapping[str, str] | None = None

    def store_exc_info(self, **kwargs: Any) -> None:
        self.exc_info = sys.exc_info()

    def check_exception(self, response: Any) -> None:
        """Re-raise an exception the view raised, so the test sees the traceback; with
        ``raise_request_exception=False``, ``response.exc_info`` holds it."""
        response.exc_info = self.exc_info
        if self.exc_info:
            _, exc_value, _ = self.exc_info
            self.exc_info = None
            if self.raise_request_exception:
                raise exc_value

    def _parse_json(self, response: Any, **extra: Any) -> Any:
        if not hasattr(response, "_json"):
            content_type = response.get("Content-Type", "")
            if not content_type.split(";")[0].strip().endswith(CONTENT_TYPE_RE_JSON):
                raise ValueError(f'Content-Type header is "{content_type}", not "application/json"')
            response._json = json.loads(response.content.decode(response.charset), **extra)
        return response._json

    @property
    def session(self) -> Any:
        """The session of the cookie this client holds (a new one if none)."""
        from scallion.utils.module_loading import import_string

        engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
        cookie = self.cookies.get(settings.SESSION_COOKIE_NAME)
        session = engine(cookie.value) if cookie else engine()
        # Saving updates this client's cookie too: with signed-cookie sessions the
        # cookie IS the data, so a test's session.save() must reach the next request.
        store_save = session.save

        def save(*args: Any, **kwargs: Any) -> None:
            store_save(*args, **kwargs)
            self._set_session_cookie(session)

        session.save = save
        if not cookie:
            session.save()
        return session

    def _set_session_cookie(self, session: Any) -> None:
        name = settings.SESSION_COOKIE_NAME
        self.cookies[name] = session.session_key
        self.cookies[name].update(
            {
                "max-age": None,
                "path": "/",
                "domain": settings.SESSION_COOKIE_DOMAIN,
                "secure": settings.SESSION_COOKIE_SECURE or None,
                "expires": None,
            }
        )

    @contextmanager
    def _recording(self, request: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """While a request runs: the templates it renders, and the exception it raises."""
        data: dict[str, Any] = {}
        on_template_render = partial(store_rendered_templates, data)
        signal_uid = f"template-render-{id(request)}"
        template_rendered.connect(on_template_render, dispatch_uid=signal_uid)
        exception_uid = f"request-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=exception_uid)
        try:
            yield data
        finally:
            template_rendered.disconnect(dispatch_uid=signal_uid)
            got_request_exception.disconnect(dispatch_uid=exception_uid)

    def _finish(self, response: Any, request: dict[str, Any], data: dict[str, Any]) -> Any:
        """Give ``response`` what tests inspect, and keep the cookies it sets."""
        self.check_exception(response)
        response.client = self
        response.request = request
        response.templates = data.get("templates", [])
        response.context = response_context(data)
        response.json = partial(self._parse_json, response)
        path = request[self._path_key]
        urlconf = getattr(getattr(response, self._handler_request_attr), "urlconf", None)
        response.resolver_match = _LazyResolverMatch(lambda: resolve(path, urlconf=urlconf))
        if response.cookies:
            self.cookies.update(response.cookies)
            # A cookie set to expire in the past is deleted by a browser.
            for key, morsel in response.cookies.items():
                if morsel["max-age"] == 0 or morsel["max-age"] == "0":
                    self.cookies.pop(key, None)
        return response

    def _redirects(
        self,
        response: Any,
        data: Any = "",
        content_type: str | None = "",
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Generator[Callable[[], Any], Any, Any]:
        """Follow redirects the way a browser does, detecting loops.

        Each request to make is yielded as a call; the client (sync or async)
        makes it and sends the response back in. The generator's return value
        is the last response, with ``redirect_chain``.
        """
        response.redirect_chain = []
        while response.status_code in REDIRECT_STATUSES:
            response_url = response.url
            redirect_chain = response.redirect_chain
            redirect_chain.append((response_url, response.status_code))
            url = urlsplit(response_url)
            if url.scheme:
                extra["wsgi.url_scheme"] = url.scheme
            if url.hostname:
                extra["SERVER_NAME"] = url.hostname
                extra["HTTP_HOST"] = url.hostname
            if url.port:
                extra["SERVER_PORT"] = str(url.port)
            path = url.path
            if not path and url.netloc:
                path = "/"  # RFC 3986 6.2.3: an empty path is "/"
            if not path.startswith("/"):
                path = urljoin(response.request[self._path_key], path)
            if response.status_code in _METHOD_KEEPING_REDIRECTS:
                # 307/308: the same method, data and query parameters again; a
                # body-carrying method keeps the redirect's query string.
                method = response.request[self._method_key].lower()
                if method not in ("get", "head"):
                    extra["QUERY_STRING"] = url.query
            else:
                method, data, content_type, query_params = "get", QueryDict(url.query), None, None
            send_again: dict[str, Any] = {"query_params": query_params}
            if content_type is not None and method not in ("get", "head"):
                send_again["content_type"] = content_type
            response = yield partial(
                getattr(self, method),
                path,
                data=data,
                follow=False,
                headers=headers,
                **send_again,
                **extra,
            )
            response.redirect_chain = redirect_chain
            if redirect_chain[-1] in redirect_chain[:-1]:
                raise RedirectCycleError("Redirect loop detected.", last_response=response)
            if len(redirect_chain) > 20:
                raise RedirectCycleError("Too many redirects.", last_response=response)
        return response

    def _send(
        self, method: str, path: str, follow: bool, redirect: dict[str, Any], **kwargs: Any
    ) -> Any:
        """Build and send the request with the factory's ``method``, then follow redirects."""
        raise NotImplementedError  # each client: sync or async

    def _remember_request(self, kwargs: dict[str, Any]) -> None:
        """Keep the last request's headers and extra environ keys (``client.headers``,
        ``client.extra``), which ``assertRedirects`` sends again to fetch the target."""
        self.headers = kwargs.get("headers")
        self.extra = {k: v for k, v in kwargs.items() if k not in _REQUEST_ARGUMENTS}

    # The request methods: the factory's, plus ``follow``.

    def get(
        self,
        path: str,
        data: Any = None,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        redirect = {"data": data, "headers": headers, "query_params": query_params, **extra}
        return self._send(
            "get",
            path,
            follow,
            redirect,
            data=data,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def head(
        self,
        path: str,
        data: Any = None,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        redirect = {"data": data, "headers": headers, "query_params": query_params, **extra}
        return self._send(
            "head",
            path,
            follow,
            redirect,
            data=data,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def trace(
        self,
        path: str,
        data: Any = "",
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        redirect = {"data": data, "headers": headers, "query_params": query_params, **extra}
        return self._send(
            "trace",
            path,
            follow,
            redirect,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def _send_with_body(
        self,
        method: str,
        path: str,
        data: Any,
        content_type: str,
        follow: bool,
        secure: bool,
        headers: Mapping[str, str] | None,
        query_params: Any,
        extra: dict[str, Any],
    ) -> Any:
        redirect = {
            "data": data,
            "content_type": content_type,
            "headers": headers,
            "query_params": query_params,
            **extra,
        }
        return self._send(
            method,
            path,
            follow,
            redirect,
            data=data,
            content_type=content_type,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    def post(
        self,
        path: str,
        data: Any = None,
        content_type: str = MULTIPART_CONTENT,
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        return self._send_with_body(
            "post", path, data, content_type, follow, secure, headers, query_params, extra
        )

    def put(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        return self._send_with_body(
            "put", path, data, content_type, follow, secure, headers, query_params, extra
        )

    def patch(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        return self._send_with_body(
            "patch", path, data, content_type, follow, secure, headers, query_params, extra
        )

    def delete(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        return self._send_with_body(
            "delete", path, data, content_type, follow, secure, headers, query_params, extra
        )

    def options(
        self,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        follow: bool = False,
        secure: bool = False,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        return self._send_with_body(
            "options", path, data, content_type, follow, secure, headers, query_params, extra
        )


class Client(ClientMixin, RequestFactory):  # type: ignore[misc]
    """A browser stand-in: sends requests through the real handler, keeps cookies.

    ``response`` objects gain ``client``, ``request``, ``wsgi_request``,
    ``templates``, ``context``, ``resolver_match``, ``json()`` and, when
    following redirects, ``redirect_chain``.
    """

    handler_class = ClientHandler

    def request(self, **request: Any) -> Any:
        """Send the request through the handler and return the response."""
        environ = self._base_environ(**request)
        with self._recording(request) as data:
            response = self.handler(environ)
        self._finish(response, request, data)
        if response.streaming:
            response.iter_events = partial(eventstream.response_events, response)
        return response

    def _send(
        self, method: str, path: str, follow: bool, redirect: dict[str, Any], **kwargs: Any
    ) -> Any:
        self._remember_request(kwargs)
        response = getattr(RequestFactory, method)(self, path, **kwargs)
        if not follow:
            return response
        redirects = self._redirects(response, **redirect)
        try:
            send = next(redirects)
            while True:
                send = redirects.send(send())
        except StopIteration as done:
            return done.value


class _LazyResolverMatch:
    """Resolves only when a test looks at ``response.resolver_match``."""

    def __init__(self, func: Any) -> None:
        self._func = func
        self._value: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._value is None:
            self._value = self._func()
        return getattr(self._value, name)

"""The async test tools: ``AsyncRequestFactory`` builds ASGI requests, ``AsyncClient`` sends them.

``AsyncClient`` runs requests through the ASGI edge's own steps
(``AsyncClientHandler``, an ``ASGIHandler``: the request built from a scope, the
body read from an ASGI channel, the async onion) and returns the response object
itself, with the attributes ``Client`` adds (``client``, ``request``,
``asgi_request``, ``templates``, ``context``, ``json()``, ``redirect_chain``).
Every request method returns an awaitable: ``response = await client.get("/")``.

Keyword arguments that look like WSGI environ keys (``HTTP_X_TOKEN="..."``,
``CONTENT_TYPE``, ``REMOTE_ADDR``, ``QUERY_STRING``) are translated into the
scope, so tests written for ``Client`` carry over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from functools import partial
from typing import Any
from urllib.parse import urlparse

from asgiref.sync import sync_to_async

from scallion.core.handlers.asgi import (
    ASGIHandler,
    ASGIRequest,
    declared_length,
    get_script_prefix,
    prefetch_bound,
)
from scallion.core.handlers.asgi_body import ASGIBodyStream
from scallion.core.handlers.base import BaseHandler
from scallion.core.handlers.limitedstream import LimitedStream
from scallion.core.signals import request_started
from scallion.http.serverrequest import REFUSED_WHILE_BUILT, bad_request_response
from scallion.test import eventstream
from scallion.test.client import (
    ClientMixin,
    FakePayload,
    RequestFactory,
    aclosing_iterator_wrapper,
    closing_iterator_wrapper,
    conditional_content_removal,
)
from scallion.urls import set_script_prefix
from scallion.utils.http import urlencode

Scope = dict[str, Any]


class AsyncClientHandler(ASGIHandler):
    """Runs a request through the ASGI edge in-process, and returns the response object.

    The steps are ``ASGIHandler``'s: its request class, the script prefix,
    ``request_started`` (sent from a thread), the body read from an ASGI channel
    of ``http.request`` messages (prefetched up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``;
    a larger upload loaded first when async code could read it), and the 400 for
    a request that cannot be built. Only sending differs: the response goes to
    the test whole, as Django's ``AsyncClient`` returns it. The chain is built at
    the first request, so that the settings a test overrides apply.
    """

    def __init__(self, enforce_csrf_checks: bool = True) -> None:
        self.enforce_csrf_checks = enforce_csrf_checks
        # Not ASGIHandler.__init__, which builds the chain at once.
        BaseHandler.__init__(self)

    async def __call__(self, scope: Scope) -> Any:  # type: ignore[override]
        if self._middleware_chain is None:
            self.load_middleware(is_async=True)
        body_file = scope.pop("_body_file", None)
        receive = _body_channel(body_file.read() if body_file is not None else b"")
        script_name = get_script_prefix(scope)
        set_script_prefix(script_name or "/")
        if request_started.has_listeners():
            await sync_to_async(request_started.send, thread_sensitive=True)(
                sender=self.__class__, scope=scope
            )
        body = ASGIBodyStream(receive, True, declared_length(scope))
        await body.prefetch(prefetch_bound())
        try:
            if self.request_class.__init__ is ASGIRequest.__init__:
                request = self.request_class(scope, body, script_name, receive)
            else:
                # A subclass written for Django's ASGIRequest(scope, body_file).
                request = self.request_class(scope, body)
        except REFUSED_WHILE_BUILT as exc:
            # As the ASGI edge does: refused before any middleware runs.
            refused: Any = bad_request_response(exc)
            refused.asgi_request = None
            refused.close()
            return refused
        if body.more_body:
            await self._load_large_upload(request)
        request._dont_enforce_csrf_checks = not self.enforce_csrf_checks  # type: ignore[attr-defined]
        response: Any = conditional_content_removal(request, await self.get_response_async(request))
        response._handler_class = self.__class__
        if response.streaming:
            wrap = aclosing_iterator_wrapper if response.is_async else closing_iterator_wrapper
            response.streaming_content = wrap(response.streaming_content, response.close)
        else:
            response.close()
        response.asgi_request = request
        return response


#: The size of the ``http.request`` messages the test channel hands out (as a
#: server would pass on a large body: in pieces).
_CHANNEL_CHUNK = 2**16


def _body_channel(payload: bytes) -> Any:
    """An ASGI ``receive`` that hands out ``payload`` as ``http.request`` messages.

    Once the body is out, the client stays connected: a later ``receive()``
    (a view asking ``is_disconnected()``) waits, as on a live connection.
    """
    chunks = [payload[i : i + _CHANNEL_CHUNK] for i in range(0, len(payload), _CHANNEL_CHUNK)]
    pending = chunks or [b""]

    async def receive() -> dict[str, Any]:
        if pending:
            chunk = pending.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
        await asyncio.Event().wait()  # never set: the test client does not go away
        raise AssertionError("unreachable")

    return receive


def _header_from_environ_key(key: str) -> bytes | None:
    if key.startswith("HTTP_"):
        return key[5:].replace("_", "-").lower().encode("latin-1")
    if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        return key.replace("_", "-").lower().encode("latin-1")
    return None


def _set_header(headers: list[tuple[bytes, bytes]], name: bytes, value: Any) -> None:
    """Set header ``name``: a later value replaces an earlier one (the host!)."""
    headers[:] = [(n, v) for n, v in headers if n != name]
    headers.append((name, str(value).encode("latin-1")))


class AsyncRequestFactory(RequestFactory):
    """Build ``ASGIRequest`` objects for tests (Django's API, ASGI scopes)."""

    def _base_scope(self, **request: Any) -> Scope:
        scope: Scope = {
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "type": "http",
            "http_version": "1.1",
            "client": ["127.0.0.1", 0],
            "server": ("testserver", 80),
            "scheme": "http",
            "method": "GET",
            "headers": [],
            "path": "/",
            "raw_path": b"/",
            "root_path": "",
            "query_string": b"",
        }
        headers: list[tuple[bytes, bytes]] = [(b"host", b"testserver")]
        if self.cookies:
            cookie = "; ".join(sorted(f"{m.key}={m.coded_value}" for m in self.cookies.values()))
            headers.append((b"cookie", cookie.encode("latin-1")))
        for source in (self.defaults, request):
            for key, value in source.items():
                self._apply(scope, headers, key, value)
        scope["headers"] = headers + scope["headers"]
        script_name = request.get("SCRIPT_NAME", self.defaults.get("SCRIPT_NAME"))
        if script_name:
            # A WSGI-style SCRIPT_NAME is the mount point; an ASGI path includes it.
            mount = str(script_name).rstrip("/")
            scope["path"] = mount + scope["path"]
            scope["raw_path"] = mount.encode("utf-8") + scope["raw_path"]
        return scope

    @staticmethod
    def _apply(scope: Scope, headers: list[tuple[bytes, bytes]], key: str, value: Any) -> None:
        name = _header_from_environ_key(key)
        if name is not None:
            _set_header(headers, name, value)
        elif key == "QUERY_STRING":
            scope["query_string"] = str(value).encode("latin-1")
        elif key == "REMOTE_ADDR":
            scope["client"] = [str(value), scope["client"][1]]
        elif key == "SERVER_NAME":
            scope["server"] = (str(value), scope["server"][1])
        elif key == "SERVER_PORT":
            scope["server"] = (scope["server"][0], int(value))
        elif key == "SCRIPT_NAME":
            scope["root_path"] = str(value)
        elif key == "wsgi.url_scheme":
            scope["scheme"] = str(value)
        elif key == "REQUEST_METHOD":
            scope["method"] = str(value)
        elif key.islower():
            scope[key] = value
        else:
            # Any other name is a header, as in Django's factory (Authorization=...).
            _set_header(headers, key.lower().replace("_", "-").encode("latin-1"), value)

    def request(self, **request: Any) -> Any:
        """A request built from the given scope keys (and environ-style header keys)."""
        body_file = request.pop("_body_file", None) or FakePayload(b"")
        if isinstance(body_file, FakePayload):
            # Read as a server's body is, never past its length (FakePayload refuses).
            body_file = LimitedStream(body_file, len(body_file))
        return ASGIRequest(self._base_scope(**request), body_file)

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
    ) -> Any:
        parsed = urlparse(str(path))
        data = self._body_bytes(data, content_type)
        path_text = parsed.path + (";" + parsed.params if parsed.params else "")
        raw_path = path_text.encode("utf-8") if path_text else b"/"
        from urllib.parse import unquote_to_bytes

        s: Scope = {
            "method": method,
            "path": unquote_to_bytes(raw_path).decode("utf-8", "replace") or "/",
            "raw_path": raw_path,
            "server": ("testserver", 443 if secure else 80),
            "scheme": "https" if secure else "http",
        }
        if data:
            s["CONTENT_LENGTH"] = str(len(data))
            s["CONTENT_TYPE"] = content_type
            s["_body_file"] = FakePayload(data)
        if query_params:
            s["QUERY_STRING"] = urlencode(query_params, doseq=True)
        elif "QUERY_STRING" in extra:
            s["QUERY_STRING"] = extra.pop("QUERY_STRING")
        else:
            s["QUERY_STRING"] = parsed.query
        if headers:
            for name, value in headers.items():
                s["HTTP_" + name.upper().replace("-", "_")] = value
        s.update(extra)
        return self.request(**s)


class AsyncClient(ClientMixin, AsyncRequestFactory):  # type: ignore[misc]
    """A browser stand-in for async tests: ``await client.get(...)`` through the async onion."""

    _path_key = "path"
    _method_key = "method"
    _handler_request_attr = "asgi_request"

    handler_class = AsyncClientHandler

    async def request(self, **request: Any) -> Any:  # type: ignore[override]
        """Send the request through the async onion and return the response."""
        body_file = request.pop("_body_file", None)
        scope = self._base_scope(**request)
        if body_file is not None:
            scope["_body_file"] = body_file
        with self._recording(request) as data:
            response = await self.handler(dict(scope))
        self._finish(response, scope, data)
        if response.streaming:
            response.aiter_events = partial(eventstream.aresponse_events, response)
        return response

    async def _send(
        self, method: str, path: str, follow: bool, redirect: dict[str, Any], **kwargs: Any
    ) -> Any:
        self._remember_request(kwargs)
        response = await getattr(AsyncRequestFactory, method)(self, path, **kwargs)
        if not follow:
            return response
        redirects = self._redirects(response, **redirect)
        try:
            send = next(redirects)
            while True:
                send = redirects.send(await send())
        except StopIteration as done:
            return done.value


__all__ = ["AsyncClient", "AsyncClientHandler", "AsyncRequestFactory"]

"""The async test tools: ``AsyncRequestFactory`` builds ASGI requests, ``AsyncClient`` sends them.

``AsyncClient`` runs requests through the same onion the ASGI edge builds
(``load_middleware(is_async=True)``) and returns the response object itself, with
the attributes ``Client`` adds (``client``, ``request``, ``asgi_request``,
``templates``, ``context``, ``json()``, ``redirect_chain``). Every request method
is a coroutine: ``response = await client.get("/")``.

Keyword arguments that look like WSGI environ keys (``HTTP_X_TOKEN="..."``,
``CONTENT_TYPE``, ``REMOTE_ADDR``, ``QUERY_STRING``) are translated into the
scope, so tests written for ``Client`` carry over.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from functools import partial
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlparse, urlsplit

from scallion.conf import settings
from scallion.core.exceptions import BadRequest
from scallion.core.handlers.asgi import ASGIRequest
from scallion.core.handlers.base import BaseHandler
from scallion.core.signals import got_request_exception, request_started
from scallion.http import HttpResponseBadRequest, QueryDict
from scallion.test import eventstream
from scallion.test.client import (
    MULTIPART_CONTENT,
    Client,
    FakePayload,
    RedirectCycleError,
    RequestFactory,
    _LazyResolverMatch,
    conditional_content_removal,
    response_context,
    store_rendered_templates,
)
from scallion.test.signals import template_rendered
from scallion.urls import resolve, set_script_prefix
from scallion.utils.http import urlencode

Scope = dict[str, Any]


class AsyncClientHandler(BaseHandler):
    """Runs an ASGI request through the async onion, in-process."""

    def __init__(self, enforce_csrf_checks: bool = True) -> None:
        self.enforce_csrf_checks = enforce_csrf_checks
        super().__init__()

    async def __call__(self, scope: Scope) -> Any:
        if self._middleware_chain is None:
            self.load_middleware(is_async=True)
        body_file = scope.pop("_body_file", None) or FakePayload(b"")
        set_script_prefix(scope.get("root_path", "") or "/")
        if request_started._receivers:
            request_started.send(sender=self.__class__, scope=scope)
        try:
            request = ASGIRequest(scope, body_file)
        except BadRequest as exc:
            # As the ASGI edge does: refused before any middleware runs.
            refused: Any = HttpResponseBadRequest(f"<h1>Bad Request (400)</h1><p>{exc}</p>")
            refused.asgi_request = None
            refused.close()
            return refused
        request._dont_enforce_csrf_checks = not self.enforce_csrf_checks  # type: ignore[attr-defined]
        response: Any = conditional_content_removal(request, await self.get_response_async(request))
        if response.streaming:
            if response.is_async:
                response.streaming_content = _aclosing_wrapper(
                    response.streaming_content, response.close
                )
            else:
                response.streaming_content = _closing_wrapper(
                    response.streaming_content, response.close
                )
        else:
            response.close()
        response.asgi_request = request
        return response


def _closing_wrapper(iterable: Any, close: Any) -> Any:
    try:
        yield from iterable
    finally:
        close()


async def _aclosing_wrapper(iterable: Any, close: Any) -> Any:
    try:
        async for chunk in iterable:
            yield chunk
    finally:
        close()


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
        if isinstance(data, str):
            data = data.encode(settings.DEFAULT_CHARSET)
        elif not isinstance(data, bytes):
            data = self._encode_data(data, content_type or "")
        raw_path = parsed.path.encode("utf-8") if parsed.path else b"/"
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


class AsyncClient(AsyncRequestFactory):
    """A browser stand-in for async tests: ``await client.get(...)`` through the async onion."""

    def __init__(
        self,
        enforce_csrf_checks: bool = False,
        raise_request_exception: bool = True,
        *,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
        **defaults: Any,
    ) -> None:
        super().__init__(headers=headers, query_params=query_params, **defaults)
        self.handler = AsyncClientHandler(enforce_csrf_checks)
        self.raise_request_exception = raise_request_exception
        self.exc_info: Any = None

    def store_exc_info(self, **kwargs: Any) -> None:
        self.exc_info = sys.exc_info()

    def check_exception(self, response: Any) -> None:
        """As the sync client's (one code for both)."""
        Client.check_exception(self, response)  # type: ignore[arg-type]

    def _parse_json(self, response: Any, **extra: Any) -> Any:
        return Client._parse_json(self, response, **extra)  # type: ignore[arg-type]

    async def request(self, **request: Any) -> Any:  # type: ignore[override]
        """Send the request through the async onion and return the response."""
        body_file = request.pop("_body_file", None)
        scope = self._base_scope(**request)
        if body_file is not None:
            scope["_body_file"] = body_file
        data: dict[str, Any] = {}
        on_template_render = partial(store_rendered_templates, data)
        signal_uid = f"template-render-{id(request)}"
        template_rendered.connect(on_template_render, dispatch_uid=signal_uid)
        exception_uid = f"request-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=exception_uid)
        try:
            response = await self.handler(dict(scope))
        finally:
            template_rendered.disconnect(dispatch_uid=signal_uid)
            got_request_exception.disconnect(dispatch_uid=exception_uid)
        self.check_exception(response)
        response.client = self
        response.request = scope
        response.templates = data.get("templates", [])
        response.context = response_context(data)
        response.json = partial(self._parse_json, response)
        if response.streaming:
            response.aiter_events = partial(eventstream.aresponse_events, response)
        urlconf = getattr(response.asgi_request, "urlconf", None)
        response.resolver_match = _LazyResolverMatch(
            lambda: resolve(scope["path"], urlconf=urlconf)
        )
        if response.cookies:
            self.cookies.update(response.cookies)
            for key, morsel in response.cookies.items():
                if morsel["max-age"] == 0 or morsel["max-age"] == "0":
                    self.cookies.pop(key, None)
        return response

    async def _ahandle_redirects(
        self,
        response: Any,
        data: Any = "",
        content_type: str | None = "",
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> Any:
        """Follow redirects as a browser does, detecting loops (as ``Client`` does)."""
        response.redirect_chain = []
        redirect_codes = (301, 302, 303, 307, 308)
        while response.status_code in redirect_codes:
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
            if not path.startswith("/"):
                path = urljoin(response.request["path"], path)
            method = "get"
            if response.status_code in (HTTPStatus.TEMPORARY_REDIRECT, 308):
                original = response.request["method"].lower()
                if original not in ("get", "head"):
                    extra["QUERY_STRING"] = url.query
                    method = original
                else:
                    data, content_type = QueryDict(url.query), None
            else:
                data, content_type = QueryDict(url.query), None
            if content_type is not None and method not in ("get", "head"):
                extra["content_type"] = content_type
            response = await getattr(self, method)(
                path, data=data, follow=False, headers=headers, **extra
            )
            extra.pop("content_type", None)
            response.redirect_chain = redirect_chain
            if redirect_chain[-1] in redirect_chain[:-1]:
                raise RedirectCycleError("Redirect loop detected.", last_response=response)
            if len(redirect_chain) > 20:
                raise RedirectCycleError("Too many redirects.", last_response=response)
        return response

    async def _send(
        self, method: str, path: str, follow: bool, redirect_kwargs: dict[str, Any], **kwargs: Any
    ) -> Any:
        response = await getattr(super(), method)(path, **kwargs)
        if follow:
            response = await self._ahandle_redirects(response, **redirect_kwargs)
        return response

    async def get(  # type: ignore[override]
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
        redirect = {"data": data, "headers": headers, **extra}
        return await self._send(
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

    async def head(  # type: ignore[override]
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
        redirect = {"data": data, "headers": headers, **extra}
        return await self._send(
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

    async def trace(  # type: ignore[override]
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
        redirect = {"data": data, "headers": headers, **extra}
        return await self._send(
            "trace",
            path,
            follow,
            redirect,
            secure=secure,
            headers=headers,
            query_params=query_params,
            **extra,
        )

    async def _send_with_body(
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
        redirect = {"data": data, "content_type": content_type, "headers": headers, **extra}
        return await self._send(
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

    async def post(  # type: ignore[override]
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
        return await self._send_with_body(
            "post", path, data, content_type, follow, secure, headers, query_params, extra
        )

    async def put(  # type: ignore[override]
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
        return await self._send_with_body(
            "put", path, data, content_type, follow, secure, headers, query_params, extra
        )

    async def patch(  # type: ignore[override]
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
        return await self._send_with_body(
            "patch", path, data, content_type, follow, secure, headers, query_params, extra
        )

    async def delete(  # type: ignore[override]
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
        return await self._send_with_body(
            "delete", path, data, content_type, follow, secure, headers, query_params, extra
        )

    async def options(  # type: ignore[override]
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
        return await self._send_with_body(
            "options", path, data, content_type, follow, secure, headers, query_params, extra
        )


__all__ = ["AsyncClient", "AsyncClientHandler", "AsyncRequestFactory"]

"""Requests through the real WSGI or ASGI edge, for the tests that must hold on both.

The ``edge`` fixture (``tests/conftest.py``) runs a test once per edge, with the
ids ``wsgi`` and ``asgi``; its value is an :class:`Edge`, a ``str`` (``"wsgi"`` or
``"asgi"``) that also sends requests:

* ``edge.get(path)`` / ``edge.post(...)`` / ``edge.request(...)``: one request
  through ``WSGIHandler`` under ``wsgiref.validate``, or ``ASGIHandler`` under the
  strict ASGI harness (``tests/asgi/validator.py``), with a handler built for the
  request inside the settings in force (a configuration error is raised by the
  handler, as at start-up); the answer is an :class:`EdgeResponse`.
* ``open_edge(edge)``: one handler, called as ``(url, method, headers)`` for
  ``(status, headers, body)``.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from wsgiref.validate import validator

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.handlers.wsgi import WSGIHandler
from tests.asgi.validator import http_scope, run_http

Answer = tuple[int, dict[str, str], bytes]


def wsgi_request(
    app: Any, url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> Answer:
    bits = urlsplit(url)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": bits.path,
        "QUERY_STRING": bits.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    started: list[Any] = []
    result = app(
        environ, lambda status, response_headers, *exc: started.append((status, response_headers))
    )
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, response_headers = started[0]
    return int(status.split()[0]), _fold(response_headers), body


def _fold(pairs: Any) -> dict[str, str]:
    folded: dict[str, str] = {}
    for name, value in pairs:
        name = name.decode("latin-1") if isinstance(name, bytes) else name
        value = value.decode("latin-1") if isinstance(value, bytes) else value
        key = name.lower()
        folded[key] = f"{folded[key]}, {value}" if key in folded else value
    return folded


async def _asgi(app: Any, url: str, method: str, headers: dict[str, str] | None) -> Answer:
    bits = urlsplit(url)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": bits.path,
        "raw_path": bits.path.encode(),
        "query_string": bits.query.encode(),
        "root_path": "",
        # A Host given replaces the default one, as HTTP_HOST does on the WSGI side.
        "headers": (
            [] if "host" in {k.lower() for k in headers or {}} else [(b"host", b"testserver")]
        )
        + [(k.lower().encode(), v.encode("latin-1")) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 51000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], _fold(start["headers"]), body


def asgi_request(
    app: Any, url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> Answer:
    return asyncio.run(_asgi(app, url, method, headers))


def open_edge(edge: str) -> Callable[..., Answer]:
    """A fresh handler of ``edge`` (``"wsgi"`` or ``"asgi"``), called as ``(url, method, headers)``.

    Build it inside the ``override_settings`` the test needs: the handler loads
    ``MIDDLEWARE`` and the URLconf when it is made.
    """
    from scallion.core.handlers.asgi import ASGIHandler
    from scallion.core.handlers.wsgi import WSGIHandler

    if edge == "wsgi":
        wsgi_app = WSGIHandler()
        return lambda url, method="GET", headers=None: wsgi_request(wsgi_app, url, method, headers)
    if edge == "asgi":
        asgi_app = ASGIHandler()
        return lambda url, method="GET", headers=None: asgi_request(asgi_app, url, method, headers)
    raise ValueError(f"edge must be 'wsgi' or 'asgi', not {edge!r}")


@dataclass
class EdgeResponse:
    """What a client of the server sees: the status, the headers and the body."""

    status_code: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    content: bytes = b""

    def get(self, name: str, default: str | None = None) -> str | None:
        wanted = name.lower()
        values = [value for key, value in self.headers if key.lower() == wanted]
        return ", ".join(values) if values else default

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None


class Edge(str):
    """An edge's name (``"wsgi"`` or ``"asgi"``) that sends requests through it."""

    def __new__(cls, name: str) -> Edge:
        if name not in ("wsgi", "asgi"):
            raise ValueError(f"unknown edge {name!r}: 'wsgi' or 'asgi'")
        return super().__new__(cls, name)

    @property
    def name(self) -> str:
        return str(self)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> EdgeResponse:
        return self.request("GET", path, headers=headers)

    def post(
        self,
        path: str,
        body: bytes = b"",
        content_type: str = "application/octet-stream",
        headers: Mapping[str, str] | None = None,
    ) -> EdgeResponse:
        return self.request("POST", path, body, content_type=content_type, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EdgeResponse:
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        if body:
            all_headers["Content-Length"] = str(len(body))
        if self.name == "wsgi":
            return _through_wsgi(method, path, body, all_headers)
        return asyncio.run(_through_asgi(method, path, body, all_headers))


def _through_wsgi(method: str, path: str, body: bytes, headers: dict[str, str]) -> EdgeResponse:
    bits = urlsplit(path)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": bits.path,
        "QUERY_STRING": bits.query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], *exc: Any) -> Any:
        started.append((status, response_headers))
        return lambda data: None

    app = validator(WSGIHandler())
    result = app(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        result.close()  # wsgiref.validate insists the server closes what it got
    status, response_headers = started[-1]
    return EdgeResponse(int(status.split()[0]), list(response_headers), content)


async def _through_asgi(
    method: str, path: str, body: bytes, headers: dict[str, str]
) -> EdgeResponse:
    bits = urlsplit(path)
    scope = http_scope(
        path=bits.path,
        method=method,
        query_string=bits.query.encode("latin-1"),
        headers=[(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
    )
    result = await run_http(ASGIHandler(), scope, body)
    assert result.status is not None
    decoded = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in result.headers]
    return EdgeResponse(result.status, decoded, result.body)

"""One request through a real edge: ``WSGIHandler`` under ``wsgiref.validate``, or
``ASGIHandler`` under the strict ASGI harness (``tests/asgi/validator.py``).

The ``edge`` fixture (``tests/conftest.py``) runs a test once per edge, with the
ids ``wsgi`` and ``asgi``. A handler is built for each request, inside whatever
settings the test has in force, so a test that overrides ``MIDDLEWARE`` gets the
chain it asked for, and a configuration error is raised by the handler, as at
start-up.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from wsgiref.validate import validator

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.handlers.wsgi import WSGIHandler
from tests.asgi.validator import http_scope, run_http


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


class Edge:
    """Sends requests through one edge; ``name`` is ``"wsgi"`` or ``"asgi"``."""

    def __init__(self, name: str) -> None:
        if name not in ("wsgi", "asgi"):
            raise ValueError(f"unknown edge {name!r}: 'wsgi' or 'asgi'")
        self.name = name

    def __repr__(self) -> str:
        return f"<Edge {self.name}>"

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

"""One GET through the real WSGI or ASGI edge: ``(status, headers, body)``."""

from __future__ import annotations

import asyncio
import io
from typing import Any
from urllib.parse import urlsplit

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
        "headers": [(b"host", b"testserver")]
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

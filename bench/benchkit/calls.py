"""Calling a WSGI or ASGI app the way a server would, minus the socket.

Every request gets a fresh environ (or scope), the whole body is read and
``close()`` is called, so that a framework cannot win by skipping work a server
would make it do. The harness overhead is the same for every framework and is
what the raw "floor" app measures.
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Callable
from typing import Any

from benchkit.scenarios import HOST, Scenario

COMMON_HEADERS = (
    ("User-Agent", "scallion-bench/1.0"),
    ("Accept", "*/*"),
    ("Accept-Encoding", "gzip, deflate"),
)


def environ_factory(scenario: Scenario) -> Callable[[], dict[str, Any]]:
    """A function returning a fresh WSGI environ (and body stream) per call."""
    base: dict[str, Any] = {
        "REQUEST_METHOD": scenario.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scenario.path,
        "QUERY_STRING": scenario.query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in COMMON_HEADERS + scenario.extra_headers:
        base["HTTP_" + name.upper().replace("-", "_")] = value
    if scenario.content_type:
        base["CONTENT_TYPE"] = scenario.content_type
    if scenario.body or scenario.method == "POST":
        base["CONTENT_LENGTH"] = str(len(scenario.body))
    body = scenario.body
    copy = base.copy
    stream = io.BytesIO

    def make() -> dict[str, Any]:
        environ = copy()
        environ["wsgi.input"] = stream(body)
        return environ

    return make


def call_wsgi(app: Any, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request, with the status, headers and whole body returned."""
    captured: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured[:] = [status, headers]
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    if not captured:
        raise AssertionError("the app returned without calling start_response")
    return int(captured[0].split(" ", 1)[0]), list(captured[1]), body


def time_wsgi(app: Any, make_environ: Callable[[], dict[str, Any]], n: int) -> int:
    """Run ``n`` requests; returns the total body size so the work is not dead."""

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        return None

    total = 0
    join = b"".join
    for _ in range(n):
        result = app(make_environ(), start_response)
        total += len(join(result))
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return total


def scope_factory(scenario: Scenario) -> Callable[[], dict[str, Any]]:
    headers = [(b"host", HOST.encode())]
    for name, value in COMMON_HEADERS + scenario.extra_headers:
        headers.append((name.lower().encode(), value.encode()))
    if scenario.content_type:
        headers.append((b"content-type", scenario.content_type.encode()))
    if scenario.body or scenario.method == "POST":
        headers.append((b"content-length", str(len(scenario.body)).encode()))
    base: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": scenario.method,
        "scheme": "http",
        "path": scenario.path,
        "raw_path": scenario.path.encode(),
        "query_string": scenario.query.encode(),
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": (HOST, 80),
    }

    def make() -> dict[str, Any]:
        scope = base.copy()
        scope["headers"] = list(headers)
        return scope

    return make


async def call_asgi(
    app: Any, scope: dict[str, Any], body: bytes
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request; ``receive`` hands over the body once, then waits like a live client."""
    sent = False
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        # A client that stays connected: frameworks that listen for a disconnect
        # while the view runs (Django) must not see one.
        await asyncio.get_running_loop().create_future()
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(scope, receive, send)
    start = next((m for m in messages if m["type"] == "http.response.start"), None)
    if start is None:
        raise AssertionError(f"the app sent no http.response.start: {messages!r}")
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", [])]
    chunks = [m.get("body", b"") for m in messages if m["type"] == "http.response.body"]
    return int(start["status"]), headers, b"".join(chunks)


async def time_asgi(app: Any, make_scope: Callable[[], dict[str, Any]], body: bytes, n: int) -> int:
    total = 0
    get_loop = asyncio.get_running_loop
    for _ in range(n):
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await get_loop().create_future()
            raise AssertionError("unreachable")

        async def send(message: dict[str, Any]) -> None:
            nonlocal total
            if message["type"] == "http.response.body":
                total += len(message.get("body", b""))

        await app(make_scope(), receive, send)
    return total

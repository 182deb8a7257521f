"""A strict ASGI harness: drives an application and rejects any out-of-spec message.

``run_http`` plays the server for one HTTP request: it hands out the body as
``http.request`` messages, can disconnect at a chosen moment, and checks every
message the application sends against the ASGI HTTP spec (message order, keys,
value types, lower-case header names, nothing after the final body, no two
``receive()`` calls pending at once). ``run_lifespan`` and ``run_websocket`` do
the same for their protocols. Any violation raises ``ASGIViolation``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


class ASGIViolation(AssertionError):
    """The application sent something the ASGI spec does not allow."""


def http_scope(
    path: str = "/",
    method: str = "GET",
    headers: Iterable[tuple[bytes, bytes]] = (),
    query_string: bytes = b"",
    root_path: str = "",
    raw_path: bytes | None = None,
    scheme: str = "http",
    http_version: str = "1.1",
    client: tuple[str, int] | None = ("127.0.0.1", 51000),
    server: tuple[str, int | None] | None = ("testserver", 80),
) -> dict[str, Any]:
    """An ``http`` scope as a spec 2.4 server builds it (path includes root_path)."""
    header_list = [(b"host", b"testserver"), *headers]
    for name, value in header_list:
        if not (isinstance(name, bytes) and isinstance(value, bytes)):
            raise TypeError("scope headers are bytes pairs")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": http_version,
        "method": method,
        "scheme": scheme,
        "path": root_path + path,
        "raw_path": raw_path if raw_path is not None else (root_path + path).encode("utf-8"),
        "query_string": query_string,
        "root_path": root_path,
        "headers": header_list,
        "client": client,
        "server": server,
        "state": {},
    }


@dataclass
class HTTPResult:
    status: int | None = None
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    chunks: list[bytes] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    disconnected: bool = False

    def header(self, name: str) -> str | None:
        values = self.header_list(name)
        return values[0] if values else None

    def header_list(self, name: str) -> list[str]:
        raw = name.lower().encode("latin-1")
        return [v.decode("latin-1") for n, v in self.headers if n == raw]


_START_KEYS = {"type", "status", "headers", "trailers"}
_BODY_KEYS = {"type", "body", "more_body"}


def _check_headers(headers: Any) -> list[tuple[bytes, bytes]]:
    checked = []
    try:
        items = list(headers)
    except TypeError:
        raise ASGIViolation(f"headers must be an iterable of pairs, got {headers!r}") from None
    for item in items:
        if len(item) != 2:
            raise ASGIViolation(f"header {item!r} is not a [name, value] pair")
        name, value = item
        if type(name) is not bytes or type(value) is not bytes:
            raise ASGIViolation(f"header {item!r}: name and value must be bytes")
        if name != name.lower():
            raise ASGIViolation(f"header name {name!r} must be lower-cased")
        if name.startswith(b":"):
            raise ASGIViolation(f"pseudo header {name!r} is not allowed")
        if b"\n" in value or b"\r" in value:
            raise ASGIViolation(f"header value {value!r} contains a newline")
        checked.append((name, value))
    return checked


async def run_http(
    app: Callable[..., Any],
    scope: dict[str, Any],
    body: bytes | Iterable[bytes] = b"",
    *,
    disconnect_after_chunks: int | None = None,
    disconnect_during_body: bool = False,
    timeout: float = 10.0,
) -> HTTPResult:
    """Run one HTTP request through ``app`` as a strict server would."""
    chunks = [body] if isinstance(body, bytes) else list(body)
    if not chunks:
        chunks = [b""]
    result = HTTPResult()
    state = "start"
    disconnect = asyncio.Event()
    sent_body_index = 0
    pending_receives = 0

    if disconnect_after_chunks == 0:
        disconnect.set()

    async def receive() -> dict[str, Any]:
        nonlocal sent_body_index, pending_receives
        pending_receives += 1
        try:
            if pending_receives > 1:
                raise ASGIViolation("receive() called while another receive() is pending")
            if sent_body_index < len(chunks):
                if disconnect_during_body and sent_body_index == len(chunks) - 1:
                    sent_body_index = len(chunks)
                    result.disconnected = True
                    return {"type": "http.disconnect"}
                chunk = chunks[sent_body_index]
                sent_body_index += 1
                more = sent_body_index < len(chunks)
                return {"type": "http.request", "body": chunk, "more_body": more}
            await disconnect.wait()
            result.disconnected = True
            return {"type": "http.disconnect"}
        finally:
            pending_receives -= 1

    async def send(message: dict[str, Any]) -> None:
        nonlocal state
        if not isinstance(message, dict):
            raise ASGIViolation(f"messages are dicts, got {message!r}")
        result.messages.append(message)
        kind = message.get("type")
        if state == "start":
            if kind != "http.response.start":
                raise ASGIViolation(f"expected http.response.start first, got {kind!r}")
            extra = set(message) - _START_KEYS
            if extra:
                raise ASGIViolation(f"unknown keys in http.response.start: {extra}")
            status = message.get("status")
            if type(status) is not int or not 100 <= status <= 599:
                raise ASGIViolation(f"status must be an int in 100..599, got {status!r}")
            result.status = status
            result.headers = _check_headers(message.get("headers", []))
            if not isinstance(message.get("trailers", False), bool):
                raise ASGIViolation("trailers must be a bool")
            state = "body"
        elif state == "body":
            if kind != "http.response.body":
                raise ASGIViolation(f"expected http.response.body, got {kind!r}")
            extra = set(message) - _BODY_KEYS
            if extra:
                raise ASGIViolation(f"unknown keys in http.response.body: {extra}")
            chunk = message.get("body", b"")
            if type(chunk) is not bytes:
                raise ASGIViolation(f"body must be bytes, got {type(chunk).__name__}")
            more = message.get("more_body", False)
            if type(more) is not bool:
                raise ASGIViolation(f"more_body must be a bool, got {more!r}")
            result.body += chunk
            if chunk:
                result.chunks.append(chunk)
            if not more:
                state = "done"
            elif (
                disconnect_after_chunks is not None
                and len(result.chunks) >= disconnect_after_chunks
            ):
                disconnect.set()
        else:
            raise ASGIViolation(f"{kind!r} sent after the response was complete")

    await asyncio.wait_for(app(scope, receive, send), timeout)
    if state != "done" and not result.disconnected:
        raise ASGIViolation(f"the application returned with the response incomplete ({state})")
    return result


async def run_lifespan(app: Callable[..., Any], *, shutdown: bool = True) -> list[dict[str, Any]]:
    """Send startup (and shutdown); return what the application answered."""
    incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    answers: list[dict[str, Any]] = []
    incoming.put_nowait({"type": "lifespan.startup"})
    allowed = {"lifespan.startup.complete", "lifespan.startup.failed"}

    async def receive() -> dict[str, Any]:
        return await incoming.get()

    async def send(message: dict[str, Any]) -> None:
        nonlocal allowed
        kind = message.get("type")
        if kind not in allowed:
            raise ASGIViolation(f"{kind!r} not allowed now (expected one of {sorted(allowed)})")
        if kind.endswith(".failed") and not isinstance(message.get("message", ""), str):
            raise ASGIViolation("the failure message must be a str")
        answers.append(message)
        if kind == "lifespan.startup.complete" and shutdown:
            allowed = {"lifespan.shutdown.complete", "lifespan.shutdown.failed"}
            incoming.put_nowait({"type": "lifespan.shutdown"})
        else:
            allowed = set()

    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
    await asyncio.wait_for(app(scope, receive, send), 10)
    return answers


async def run_websocket(app: Callable[..., Any], path: str = "/ws/") -> list[dict[str, Any]]:
    """Offer a WebSocket handshake; return what the application sent."""
    sent: list[dict[str, Any]] = []
    connect_sent = False

    async def receive() -> dict[str, Any]:
        nonlocal connect_sent
        if not connect_sent:
            connect_sent = True
            return {"type": "websocket.connect"}
        await asyncio.Event().wait()  # nothing more from the client
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        if sent and sent[-1]["type"] == "websocket.close":
            raise ASGIViolation("message sent after websocket.close")
        kind = message.get("type")
        if kind not in ("websocket.accept", "websocket.close"):
            raise ASGIViolation(f"{kind!r} not allowed before the handshake completes")
        if kind == "websocket.close":
            if type(message.get("code", 1000)) is not int:
                raise ASGIViolation("close code must be an int")
            reason = message.get("reason")
            if reason is not None and not isinstance(reason, str):
                raise ASGIViolation("close reason must be a str")
        sent.append(message)

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "scheme": "ws",
        "subprotocols": [],
    }
    await asyncio.wait_for(app(scope, receive, send), 10)
    return sent

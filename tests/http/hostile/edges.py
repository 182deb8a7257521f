"""The hostile-corpus plumbing: a request described once, sent through either edge.

``Request`` is what a client sends; ``call_wsgi`` hands it to a ``WSGIHandler``
as a PEP 3333 server would (latin-1 strings), ``call_asgi`` to an
``ASGIHandler`` as uvicorn would (bytes, the path percent-decoded with invalid
UTF-8 replaced and the raw bytes kept in ``raw_path``).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_from_bytes, unquote

# Traced peak allowed: a few copies of what was sent, plus a fixed allowance for
# the handler, the error page and the logging of the refusal. Input that the
# view asks to have turned into many small Python objects (a Cookie header, a
# JSON object) gets a larger multiple: each cookie or key becomes strings and a
# dict entry, tens of bytes each, so 50,000 cookies cost about 18 times the
# header's size and 100,000 JSON keys about 19 times the body's.
COPIES = 4
PARSED_COPIES = 24
MEMORY_ALLOWANCE = 4 << 20


@dataclass(frozen=True)
class Request:
    id: str
    status: int
    path: str = "/headers/"
    method: str = "GET"
    query: str = ""
    body: bytes = b""
    environ: dict[str, str] = field(default_factory=dict)
    copies: int = COPIES

    @property
    def memory_bound(self) -> int:
        sent = len(self.body) + len(self.query) + len(self.path)
        return self.copies * (sent + sum(map(len, self.environ.values()))) + MEMORY_ALLOWANCE


def _environ(request: Request) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method,
        "PATH_INFO": request.path,
        "QUERY_STRING": request.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(request.body),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if request.body:
        environ["CONTENT_LENGTH"] = str(len(request.body))
    environ.update(request.environ)
    return environ


@dataclass(frozen=True)
class Answer:
    """What a client receives: the status line's code and reason, headers, body."""

    status: int
    reason: str
    headers: list[tuple[str, str]]
    content: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


def send_wsgi(app: Any, request: Request) -> Answer:
    """``request`` through a WSGI app, as a PEP 3333 server calls it."""
    started: list[tuple[str, list[tuple[str, str]]]] = []
    result = app(_environ(request), lambda status, headers, *exc: started.append((status, headers)))
    try:
        content = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started[-1]
    code, _, reason = status.partition(" ")
    return Answer(int(code), reason, list(headers), content)


def call_wsgi(app: Any, request: Request) -> tuple[int, bytes]:
    answer = send_wsgi(app, request)
    return answer.status, answer.content


def _scope(request: Request) -> dict[str, Any]:
    """The ASGI scope a server builds for what ``_environ`` describes."""
    raw_path = quote_from_bytes(request.path.encode("latin-1"), safe="/").encode()
    headers = {"host": "testserver"}
    if request.body:
        headers["content-length"] = str(len(request.body))
    for key, value in request.environ.items():  # a declared length wins, as in _environ
        name = key.removeprefix("HTTP_").replace("_", "-").lower()
        headers[name] = value
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": unquote(raw_path.decode()),  # what uvicorn does: invalid UTF-8 replaced
        "raw_path": raw_path,
        "query_string": request.query.encode("latin-1"),
        "root_path": "",
        "headers": [(k.encode(), v.encode("latin-1")) for k, v in headers.items()],
        "client": ("127.0.0.1", 51000),
        "server": ("testserver", 80),
    }


async def _send_asgi(
    app: Any,
    request: Request,
    scope: dict[str, Any] | None = None,
    chunks: list[bytes] | None = None,
) -> Answer:
    body = request.body
    if chunks is None:
        chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)] or [b""]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if chunks:
            chunk = chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}
        await asyncio.Event().wait()  # no disconnect until the response is sent
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope if scope is not None else _scope(request), receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", [])]
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Answer(start["status"], "", headers, content)


def send_asgi(
    app: Any,
    request: Request,
    scope: dict[str, Any] | None = None,
    chunks: list[bytes] | None = None,
) -> Answer:
    """``request`` through an ASGI app, as uvicorn calls it.

    ``scope`` replaces the scope built from ``request`` (to send what no
    environ can describe, such as an upper-case header name); ``chunks`` are
    the ``http.request`` bodies, in order. ASGI has no reason phrase: ``reason``
    is empty.
    """
    return asyncio.run(_send_asgi(app, request, scope, chunks))


def asgi_scope(request: Request) -> dict[str, Any]:
    """The scope ``send_asgi`` builds for ``request``, to be edited by a test."""
    return _scope(request)


def send_asgi_client_gone(
    app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``scope`` through an ASGI app whose client sends ``messages`` and nothing more.

    After the last one (usually ``http.disconnect``: the client has gone) a
    ``receive`` waits for ever, as a server's does. Returns what the app sent.
    """
    pending = list(messages)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def call_asgi(app: Any, request: Request) -> tuple[int, bytes]:
    answer = send_asgi(app, request)
    return answer.status, answer.content

"""One log line per request for the development server, as WSGI and ASGI wrappers.

``GET /items/21/ 200 1.2 KB 3.4 ms``: the size counts the body bytes actually
sent and the time runs until the last byte (so a streaming response reports
its full duration). Paths (with the query string) and methods are escaped so a
hostile request cannot forge log lines.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, MutableMapping
from typing import IO, Any

from scallion.core.management.color import Style, make_style
from scallion.utils.log import escape_control_chars

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]

_STATUS_COLOURS = {2: "green", 3: "cyan", 4: "yellow", 5: "red"}


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class RequestLogger:
    """Formats and writes the line; shared by the two wrappers."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.style: Style = make_style(self.stream)
        self._lock = threading.Lock()

    def format(self, method: str, path: str, status: int, size: int, seconds: float) -> str:
        style = self.style
        colour = _STATUS_COLOURS.get(status // 100)
        status_text = style.paint(str(status), colour) if colour else str(status)
        stamp = style.paint(time.strftime("%H:%M:%S"), "dim")
        path = escape_control_chars(path)
        method = escape_control_chars(method)  # a WSGI server need not validate it
        return (
            f"{stamp} {style.paint(method, 'bold')} {path} {status_text} "
            f"{format_size(size)} {seconds * 1000:.1f} ms"
        )

    def log(self, method: str, path: str, status: int, size: int, seconds: float) -> None:
        line = self.format(method, path, status, size, seconds)
        with self._lock:
            try:
                self.stream.write(line + "\n")
                self.stream.flush()
            except (OSError, ValueError):  # a closed terminal must not break serving
                pass


def _full_path(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


class WSGIRequestLog:
    """Wraps a WSGI application; logs when the response iterable is closed."""

    def __init__(self, app: WSGIApp, logger: RequestLogger | None = None) -> None:
        self.app = app
        self.logger = logger or RequestLogger()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        state = {"status": 500}

        def logging_start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
            try:
                state["status"] = int(status.split(" ", 1)[0])
            except ValueError:
                pass
            return start_response(status, headers, exc_info)

        path = environ.get("PATH_INFO", "")
        if isinstance(path, str):  # WSGI strings are latin-1 decoded bytes
            path = path.encode("latin-1").decode("utf-8", "replace")
        full_path = _full_path(
            environ.get("SCRIPT_NAME", "") + path, environ.get("QUERY_STRING", "")
        )
        method = environ.get("REQUEST_METHOD", "?")
        try:
            body = self.app(environ, logging_start_response)
        except BaseException:
            self.logger.log(method, full_path, 500, 0, time.perf_counter() - started)
            raise
        return _LoggedBody(body, self.logger, method, full_path, state, started)


class _LoggedBody:
    """The response iterable, counted; logs once, on close (WSGI servers always call it)."""

    def __init__(
        self,
        body: Iterable[bytes],
        logger: RequestLogger,
        method: str,
        path: str,
        state: dict[str, int],
        started: float,
    ) -> None:
        self.body = body
        self.logger = logger
        self.method = method
        self.path = path
        self.state = state
        self.started = started
        self.size = 0
        self.logged = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            if not self.logged:
                self.logged = True
                elapsed = time.perf_counter() - self.started
                self.logger.log(self.method, self.path, self.state["status"], self.size, elapsed)


class ASGIRequestLog:
    """Wraps an ASGI application; logs HTTP requests when the last body chunk is sent."""

    def __init__(self, app: ASGIApp, logger: RequestLogger | None = None) -> None:
        self.app = app
        self.logger = logger or RequestLogger()

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        query = scope.get("query_string", b"").decode("latin-1")
        path = _full_path(scope.get("root_path", "") + scope.get("path", ""), query)
        method = scope.get("method", "?")
        state = {"status": 500, "size": 0, "logged": 0}

        def finish() -> None:
            if not state["logged"]:
                state["logged"] = 1
                elapsed = time.perf_counter() - started
                self.logger.log(method, path, state["status"], state["size"], elapsed)

        async def logging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = int(message.get("status", 500))
            elif message["type"] == "http.response.body":
                state["size"] += len(message.get("body", b""))
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                finish()

        try:
            await self.app(scope, receive, logging_send)
        finally:
            finish()

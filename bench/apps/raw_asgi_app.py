"""The ASGI floor: a bare ASGI callable, and pure ASGI pass-through middleware."""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

from benchkit.scenarios import ASGI_SCENARIOS, HELLO_BODY, MIDDLEWARE_COUNT

from apps.common import jinja_page_renderer

KIND = "asgi"
SCENARIOS = ASGI_SCENARIOS
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def version() -> str:
    return "python " + sys.version.split()[0]


async def _respond(send: Any, body: bytes, content_type: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", content_type), (b"content-length", b"%d" % len(body))],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await _respond(send, HELLO_BODY, b"text/plain; charset=utf-8")


async def json_view(scope: dict[str, Any], receive: Any, send: Any) -> None:
    name = urllib.parse.parse_qs(scope["query_string"].decode())["name"][0]
    body = json.dumps({"message": "Hello", "name": name}).encode()
    await _respond(send, body, b"application/json")


def make_template_view() -> ASGIApp:
    render = jinja_page_renderer()

    async def view(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await _respond(send, render(scope).encode(), b"text/html; charset=utf-8")

    return view


class PassThrough:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def build(scenario: str) -> ASGIApp:
    if scenario == "hello":
        return hello
    if scenario == "json":
        return json_view
    if scenario == "template":
        return make_template_view()
    app: ASGIApp = hello
    for _ in range(MIDDLEWARE_COUNT):
        app = PassThrough(app)
    return app

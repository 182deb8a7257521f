"""The floor: a bare WSGI callable doing only what each scenario strictly needs.

No framework can beat it by much; the "x floor" column shows how close a
framework gets to the cost of the harness plus the unavoidable work.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from benchkit.scenarios import (
    FORM_ECHO_FIELD,
    HELLO_BODY,
    MIDDLEWARE_COUNT,
    ROUTE_COUNTS,
    SCENARIOS,
    param_body,
)

from apps.common import jinja_orders_page_renderer, jinja_page_renderer

KIND = "wsgi"
Start = Callable[..., Any]
App = Callable[[dict[str, Any], Start], Iterable[bytes]]

TEXT = "text/plain; charset=utf-8"


def version() -> str:
    return "python " + sys.version.split()[0]


def _respond(start: Start, body: bytes, content_type: str = TEXT) -> list[bytes]:
    start("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def hello(environ: dict[str, Any], start: Start) -> list[bytes]:
    return _respond(start, HELLO_BODY)


def json_view(environ: dict[str, Any], start: Start) -> list[bytes]:
    name = urllib.parse.parse_qs(environ["QUERY_STRING"])["name"][0]
    return _respond(
        start, json.dumps({"message": "Hello", "name": name}).encode(), "application/json"
    )


def make_template_view() -> App:
    render = jinja_page_renderer()

    def view(environ: dict[str, Any], start: Start) -> list[bytes]:
        return _respond(start, render(environ).encode(), "text/html; charset=utf-8")

    return view


def make_page_view() -> App:
    render = jinja_orders_page_renderer()

    def view(environ: dict[str, Any], start: Start) -> list[bytes]:
        return _respond(start, render(environ).encode(), "text/html; charset=utf-8")

    return view


def make_cached_view() -> App:
    """The floor of a page cache: the rendered page, kept as bytes."""
    page = jinja_page_renderer()().encode()

    def view(environ: dict[str, Any], start: Start) -> list[bytes]:
        return _respond(start, page, "text/html; charset=utf-8")

    return view


def make_param_router(count: int) -> App:
    """A dict from first segment to route number: the cheapest correct router."""
    prefixes = {f"r{i}": i for i in range(count)}

    def router(environ: dict[str, Any], start: Start) -> list[bytes]:
        parts = environ["PATH_INFO"].split("/")
        if len(parts) == 4 and parts[3] == "item" and parts[1] in prefixes and parts[2].isdigit():
            return _respond(start, param_body(prefixes[parts[1]], int(parts[2])))
        start("404 Not Found", [("Content-Type", TEXT)])
        return [b"not found"]

    return router


def _body(environ: dict[str, Any]) -> bytes:
    return environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))


def form(environ: dict[str, Any], start: Start) -> list[bytes]:
    """Every field decoded, with less generality (and cost) than ``parse_qs``."""
    unquote = urllib.parse.unquote_plus
    fields = {}
    for pair in _body(environ).decode().split("&"):
        name, _, value = pair.partition("=")
        fields[unquote(name)] = unquote(value)
    return _respond(start, fields[FORM_ECHO_FIELD].encode())


def upload(environ: dict[str, Any], start: Start) -> list[bytes]:
    """Splits the buffered body on the boundary: enough for a well-formed request."""
    boundary = environ["CONTENT_TYPE"].split("boundary=", 1)[1].encode()
    body = _body(environ)
    size = -1
    for part in body.split(b"--" + boundary):
        head_end = part.find(b"\r\n\r\n")
        if head_end != -1 and b'name="file"' in part[:head_end]:
            size = len(part) - head_end - 4 - 2  # headers, blank line, trailing CRLF
    return _respond(start, str(size).encode())


class PassThrough:
    def __init__(self, app: App) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start: Start) -> Iterable[bytes]:
        return self.app(environ, start)


SCENARIOS = tuple(SCENARIOS)


def build(scenario: str) -> App:
    if scenario in ("hello", "stack"):
        return hello
    if scenario in ROUTE_COUNTS:
        return make_param_router(ROUTE_COUNTS[scenario])
    if scenario == "middleware":
        app: App = hello
        for _ in range(MIDDLEWARE_COUNT):
            app = PassThrough(app)
        return app
    views: dict[str, Callable[[], App]] = {
        "json": lambda: json_view,
        "template": make_template_view,
        "template-dtl": make_template_view,
        "page-dtl": make_page_view,
        "page-jinja2": make_page_view,
        "cached": make_cached_view,
        "form": lambda: form,
        "upload": lambda: upload,
    }
    return views[scenario]()

"""Bottle: route callbacks, plugins as its middleware, Jinja2 called directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import bottle
from benchkit.scenarios import (
    FORM_ECHO_FIELD,
    HELLO_BODY,
    MIDDLEWARE_COUNT,
    ROUTE_COUNTS,
    SCENARIOS,
    param_body,
)

from apps.common import jinja_page_renderer

KIND = "wsgi"
SCENARIOS = tuple(SCENARIOS)


def version() -> str:
    return "bottle " + bottle.__version__


def hello() -> bytes:
    bottle.response.content_type = "text/plain; charset=utf-8"
    return HELLO_BODY


def json_view() -> dict[str, str]:
    return {"message": "Hello", "name": bottle.request.query.getunicode("name")}


def form() -> str:
    bottle.response.content_type = "text/plain; charset=utf-8"
    return bottle.request.forms.getunicode(FORM_ECHO_FIELD)


def upload() -> str:
    stream = bottle.request.files.get("file").file
    stream.seek(0, 2)
    bottle.response.content_type = "text/plain; charset=utf-8"
    return str(stream.tell())


def make_item(index: int) -> Callable[..., bytes]:
    def item(id: int) -> bytes:
        bottle.response.content_type = "text/plain; charset=utf-8"
        return param_body(index, id)

    return item


def make_pass_through() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def plugin(callback: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return callback(*args, **kwargs)

        return wrapper

    return plugin


def build(scenario: str) -> bottle.Bottle:
    app = bottle.Bottle()
    if scenario in ROUTE_COUNTS:
        for i in range(ROUTE_COUNTS[scenario]):
            app.route(f"/r{i}/<id:int>/item", callback=make_item(i))
        return app
    if scenario == "middleware":
        for _ in range(MIDDLEWARE_COUNT):
            app.install(make_pass_through())
    render = jinja_page_renderer()

    def template_view() -> str:
        return render(bottle.request)

    app.route("/hello", callback=hello)
    app.route("/json", callback=json_view)
    app.route("/template", callback=template_view)
    app.route("/form", method="POST", callback=form)
    app.route("/upload", method="POST", callback=upload)
    return app

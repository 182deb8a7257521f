"""Falcon: resources with responders, its native middleware, Jinja2 called directly."""

from __future__ import annotations

from typing import Any

import falcon
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
HELLO = HELLO_BODY.decode()


def version() -> str:
    return "falcon " + falcon.__version__


class Hello:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = HELLO


class Json:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"message": "Hello", "name": req.get_param("name")}


class Template:
    def __init__(self) -> None:
        self.render = jinja_page_renderer()

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_HTML
        resp.text = self.render(req)


class Item:
    def __init__(self, index: int) -> None:
        self.index = index

    def on_get(self, req: falcon.Request, resp: falcon.Response, id: int) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.data = param_body(self.index, id)


class Form:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = req.get_media()[FORM_ECHO_FIELD]


class Upload:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        size = 0
        for part in req.get_media():
            if part.name == "file":
                while chunk := part.stream.read(64 * 1024):
                    size += len(chunk)
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = str(size)


class PassThrough:
    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        pass

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool
    ) -> None:
        pass


def build(scenario: str) -> falcon.App:
    middleware = (
        [PassThrough() for _ in range(MIDDLEWARE_COUNT)] if scenario == "middleware" else []
    )
    app = falcon.App(middleware=middleware)
    if scenario in ROUTE_COUNTS:
        for i in range(ROUTE_COUNTS[scenario]):
            app.add_route(f"/r{i}/{{id:int}}/item", Item(i))
    elif scenario in ("hello", "middleware", "stack"):
        app.add_route("/hello", Hello())
    else:
        resource = {"json": Json, "template": Template, "form": Form, "upload": Upload}[scenario]
        app.add_route("/" + scenario, resource())
    return app

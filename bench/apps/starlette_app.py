"""Starlette (ASGI rows): routes, pure ASGI middleware, its Jinja2Templates."""

from __future__ import annotations

from typing import Any

import starlette
from benchkit.scenarios import (
    ASGI_SCENARIOS,
    HELLO_BODY,
    MIDDLEWARE_COUNT,
    site_context,
    template_context,
)
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from apps.common import TEMPLATE_DIR, TEMPLATE_NAME

KIND = "asgi"
SCENARIOS = ASGI_SCENARIOS
HELLO = HELLO_BODY.decode()


def version() -> str:
    return "starlette " + starlette.__version__


async def hello(request: Request) -> Response:
    return PlainTextResponse(HELLO)


async def json_view(request: Request) -> Response:
    return JSONResponse({"message": "Hello", "name": request.query_params["name"]})


class PassThrough:
    """Pure ASGI middleware: the kind Starlette recommends for speed."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def build(scenario: str) -> Starlette:
    templates = Jinja2Templates(directory=TEMPLATE_DIR, context_processors=[site_context])

    async def template_view(request: Request) -> Response:
        return templates.TemplateResponse(request, TEMPLATE_NAME, template_context())

    count = MIDDLEWARE_COUNT if scenario == "middleware" else 0
    return Starlette(
        routes=[
            Route("/hello", hello),
            Route("/json", json_view),
            Route("/template", template_view),
        ],
        middleware=[Middleware(PassThrough) for _ in range(count)],
    )

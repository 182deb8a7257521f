"""The real-time apps a uvicorn process serves: ``realtime_apps:app``.

``BENCH_REALTIME_FRAMEWORK`` picks scallion, starlette or channels; each offers
the same two endpoints, written the framework's own way:

* ``/ws/echo``: a WebSocket that sends back every text message;
* ``/sse?n=N``: ``N`` server-sent events (``data: {"n": i}``), then the end.

Each runs with its usual security on: scallion checks the handshake's origin
against ``ALLOWED_HOSTS`` (always, in the URLconf route), Channels is wrapped in
``AllowedHostsOriginValidator`` as its tutorial does; Starlette has no such check.
"""

from __future__ import annotations

import json
import os
from typing import Any

FRAMEWORK = os.environ.get("BENCH_REALTIME_FRAMEWORK", "scallion")
HOSTS = ["127.0.0.1", "localhost"]


def event(number: int) -> str:
    return json.dumps({"n": number})


def build_scallion() -> Any:
    from scallion.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-realtime-secret-key-0123456789-0123456789-0123456789",
        ALLOWED_HOSTS=HOSTS,
        ROOT_URLCONF="realtime_apps",
        MIDDLEWARE=[],
        LOGGING_CONFIG=None,
    )
    from scallion.core.asgi import get_asgi_application

    return get_asgi_application()


def scallion_urls() -> tuple[list[Any], list[Any]]:
    from scallion.channels.generic.websocket import AsyncWebsocketConsumer
    from scallion.http import EventStreamResponse
    from scallion.urls import path

    class Echo(AsyncWebsocketConsumer):
        async def receive(self, text_data: Any = None, bytes_data: Any = None) -> None:
            await self.send(text_data=text_data)

    def sse(request: Any) -> EventStreamResponse:
        count = int(request.GET.get("n", "1000"))

        async def events() -> Any:
            for number in range(count):
                yield event(number)

        return EventStreamResponse(events())

    return [path("sse", sse)], [path("ws/echo", Echo.as_asgi())]


def build_starlette() -> Any:
    from starlette.applications import Starlette
    from starlette.responses import StreamingResponse
    from starlette.routing import Route, WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            while True:
                await websocket.send_text(await websocket.receive_text())
        except WebSocketDisconnect:
            pass

    async def sse(request: Any) -> StreamingResponse:
        count = int(request.query_params.get("n", "1000"))

        async def events() -> Any:
            for number in range(count):
                yield f"data: {event(number)}\n\n".encode()

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    return Starlette(routes=[Route("/sse", sse), WebSocketRoute("/ws/echo", echo)])


def build_channels() -> Any:
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-realtime-secret-key-0123456789-0123456789-0123456789",
        ALLOWED_HOSTS=HOSTS,
        INSTALLED_APPS=["channels"],
        ROOT_URLCONF=[],
        MIDDLEWARE=[],
    )
    django.setup()
    from channels.generic.http import AsyncHttpConsumer
    from channels.generic.websocket import AsyncWebsocketConsumer
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator
    from django.urls import path

    class Echo(AsyncWebsocketConsumer):
        async def receive(self, text_data: Any = None, bytes_data: Any = None) -> None:
            await self.send(text_data=text_data)

    class Events(AsyncHttpConsumer):
        async def handle(self, body: bytes) -> None:
            from urllib.parse import parse_qs

            query = parse_qs(self.scope["query_string"].decode())
            count = int(query.get("n", ["1000"])[0])
            await self.send_headers(
                headers=[(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
            )
            for number in range(count):
                await self.send_body(f"data: {event(number)}\n\n".encode(), more_body=True)
            await self.send_body(b"")

    return ProtocolTypeRouter(
        {
            "http": URLRouter([path("sse", Events.as_asgi())]),
            "websocket": AllowedHostsOriginValidator(URLRouter([path("ws/echo", Echo.as_asgi())])),
        }
    )


if FRAMEWORK == "scallion":
    urlpatterns, websocket_urlpatterns = scallion_urls()
    app = build_scallion()
elif FRAMEWORK == "starlette":
    app = build_starlette()
elif FRAMEWORK == "channels":
    app = build_channels()
else:
    raise SystemExit(f"BENCH_REALTIME_FRAMEWORK={FRAMEWORK!r}: use scallion, starlette or channels")

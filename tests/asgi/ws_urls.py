"""A URLconf with HTTP and WebSocket routes in one place."""

from __future__ import annotations

from typing import Any

from scallion.channels.generic.websocket import AsyncJsonWebsocketConsumer, WebsocketConsumer
from scallion.http import HttpResponse
from scallion.urls import include, path, re_path


class Room(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        kwargs = self.scope["url_route"]["kwargs"]
        session = self.scope.get("session")
        await self.send_json(
            {
                "kwargs": {k: [str(v), type(v).__name__] for k, v in kwargs.items()},
                "cookies": self.scope["cookies"],
                "has_session": session is not None,
            }
        )

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.send_json({"echo": content})


class Shout(WebsocketConsumer):
    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.send(text_data=(text_data or "").upper())


def home(request: Any) -> HttpResponse:
    return HttpResponse("home")


urlpatterns = [path("", home, name="home")]

websocket_urlpatterns = [
    path("ws/room/<int:number>/", Room.as_asgi(), name="room"),
    re_path(r"^ws/shout/$", Shout.as_asgi()),
    path("ws/nested/", include([path("<slug:tag>/", Room.as_asgi())])),
]

"""The live page's WebSocket: a chat room shared by every open page (and server process)."""

from typing import Any

from scallion.channels.generic.websocket import AsyncJsonWebsocketConsumer

ROOM = "showcase-chat"
MAX_TEXT = 500


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """Joins the room before connect(); each message goes to every member."""

    groups = [ROOM]

    async def connect(self) -> None:
        self.name = str(self.scope["url_route"]["kwargs"].get("name", "guest"))[:40]
        await self.accept()
        await self.send_json({"kind": "welcome", "name": self.name})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        text = content.get("text") if isinstance(content, dict) else None
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            await self.send_json({"kind": "error", "error": f"Send 1-{MAX_TEXT} characters."})
            return
        await self.channel_layer.group_send(
            ROOM, {"type": "chat.message", "name": self.name, "text": text.strip()}
        )

    async def chat_message(self, message: dict[str, Any]) -> None:
        await self.send_json({"kind": "message", "name": message["name"], "text": message["text"]})

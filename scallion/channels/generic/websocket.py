"""WebSocket consumers: text and bytes, or JSON, in sync and async flavours.

Lifecycle: ``websocket.connect`` joins ``groups`` (before ``connect()`` runs),
then calls ``connect()``, which accepts by default; each frame calls
``receive(text_data=...)`` or ``receive(bytes_data=...)``; ``websocket.disconnect``
leaves the groups and calls ``disconnect(code)``.

What scallion adds to Channels' behaviour, each with a log line on
``scallion.channels``:

* a frame over ``WEBSOCKET_MAX_MESSAGE_SIZE`` never reaches ``receive()``: the
  connection closes with 1009;
* a JSON consumer closes with 1007 on text that is not JSON, 1003 on a binary frame;
* a handler that raises closes the connection with 1011 (a refused handshake,
  HTTP 403, when it raised before accepting) instead of crashing the server's task;
* a client that vanished while being sent to gets ``disconnect(1006)``.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async

from scallion.channels import _frames
from scallion.channels.consumer import AsyncConsumer, ChannelLayerFailed, Message, SyncConsumer
from scallion.channels.exceptions import AcceptConnection, DenyConnection, StopConsumer


class _WebsocketState:
    """What both twins keep per connection, and the shared failure path."""

    groups: list[str] | None = None
    scope: Any
    channel_layer: Any
    channel_name: str | None
    _asgi_send: Any

    def _init_state(self) -> None:
        if self.groups is None:
            self.groups = []
        #: A close has been sent: later frames are ignored.
        self._closed = False
        self._max_size = _frames.max_message_size()

    def _check_groups_layer(self) -> None:
        if self.groups and (
            self.channel_layer is None or not hasattr(self.channel_layer, "group_add")
        ):
            raise _frames.no_groups_layer(self)

    async def handle_failure(self, exc: Exception) -> None:
        """Log, close with 1011 (or note the client is gone), and leave the groups."""
        client_gone = isinstance(exc, OSError)
        if isinstance(exc, ChannelLayerFailed):
            _frames.logger.error(
                "WebSocket %s: %s; closing with code 1011.", _frames.path_of(self.scope), exc
            )
        else:
            _frames.log_failure(self, exc)
        if not client_gone and not self._closed:
            self._closed = True
            try:
                await self._asgi_send(_frames.close_message(_frames.CLOSE_INTERNAL_ERROR, None))
            except Exception:
                pass  # the client is gone as well
        if self.groups and self.channel_layer is not None and self.channel_name:
            for group in self.groups:
                try:
                    await self.channel_layer.group_discard(group, self.channel_name)
                except Exception:
                    break  # the layer itself is failing; memberships expire on their own
        if client_gone:
            try:
                await self._disconnect_after_failure(_frames.CLOSE_ABNORMAL)
            except Exception as error:
                _frames.log_failure(self, error)

    async def _disconnect_after_failure(self, code: int) -> None:
        raise NotImplementedError


class WebsocketConsumer(_WebsocketState, SyncConsumer):
    """A WebSocket consumer whose methods are plain functions (run in a worker thread)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_state()

    def websocket_connect(self, message: Message) -> None:
        self._check_groups_layer()
        for group in self.groups or ():
            async_to_sync(self.channel_layer.group_add)(group, self.channel_name)
        try:
            self.connect()
        except AcceptConnection:
            self.accept()
        except DenyConnection:
            self.close()

    def connect(self) -> None:
        self.accept()

    def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        SyncConsumer.send(self, _frames.accept_message(subprotocol, headers))

    def websocket_receive(self, message: Message) -> None:
        if self._closed:
            return
        size = _frames.frame_too_large(message, self._max_size)
        if size is not None:
            _frames.log_too_large(self, size, self._max_size or 0)
            self.close(_frames.CLOSE_TOO_BIG)
            return
        if message.get("text") is not None:
            self.receive(text_data=message["text"])
        else:
            self.receive(bytes_data=message.get("bytes"))

    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        pass

    def send(  # type: ignore[override]
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: Any = False
    ) -> None:
        SyncConsumer.send(self, _frames.send_message(text_data, bytes_data))
        if close:
            self.close(close)

    def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        self._closed = True
        SyncConsumer.send(self, _frames.close_message(code, reason))

    def websocket_disconnect(self, message: Message) -> None:
        if self.groups and self.channel_layer is not None:
            for group in self.groups:
                async_to_sync(self.channel_layer.group_discard)(group, self.channel_name)
        self.disconnect(message.get("code", 1005))
        raise StopConsumer()

    def disconnect(self, code: int) -> None:
        pass

    async def _disconnect_after_failure(self, code: int) -> None:
        await sync_to_async(self.disconnect, thread_sensitive=False)(code)


class JsonWebsocketConsumer(WebsocketConsumer):
    """Frames are JSON text: ``receive_json(content)`` and ``send_json(content)``."""

    def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if text_data is None:
            _frames.log_binary_to_json(self)
            self.close(_frames.CLOSE_UNSUPPORTED_DATA)
            return
        try:
            content = self.decode_json(text_data)
        except ValueError as error:
            _frames.log_bad_json(self, error)
            self.close(_frames.CLOSE_INVALID_PAYLOAD)
            return
        self.receive_json(content, **kwargs)

    def receive_json(self, content: Any, **kwargs: Any) -> None:
        pass

    def send_json(self, content: Any, close: Any = False) -> None:
        self.send(text_data=self.encode_json(content), close=close)

    @classmethod
    def decode_json(cls, text_data: str) -> Any:
        return json.loads(text_data)

    @classmethod
    def encode_json(cls, content: Any) -> str:
        return json.dumps(content)


class AsyncWebsocketConsumer(_WebsocketState, AsyncConsumer):
    """A WebSocket consumer whose methods are ``async def``, run on the event loop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_state()

    async def websocket_connect(self, message: Message) -> None:
        self._check_groups_layer()
        for group in self.groups or ():
            await self.channel_layer.group_add(group, self.channel_name)
        try:
            await self.connect()
        except AcceptConnection:
            await self.accept()
        except DenyConnection:
            await self.close()

    async def connect(self) -> None:
        await self.accept()

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await AsyncConsumer.send(self, _frames.accept_message(subprotocol, headers))

    async def websocket_receive(self, message: Message) -> None:
        if self._closed:
            return
        size = _frames.frame_too_large(message, self._max_size)
        if size is not None:
            _frames.log_too_large(self, size, self._max_size or 0)
            await self.close(_frames.CLOSE_TOO_BIG)
            return
        if message.get("text") is not None:
            await self.receive(text_data=message["text"])
        else:
            await self.receive(bytes_data=message.get("bytes"))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        pass

    async def send(  # type: ignore[override]
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: Any = False
    ) -> None:
        await AsyncConsumer.send(self, _frames.send_message(text_data, bytes_data))
        if close:
            await self.close(close)

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        self._closed = True
        await AsyncConsumer.send(self, _frames.close_message(code, reason))

    async def websocket_disconnect(self, message: Message) -> None:
        if self.groups and self.channel_layer is not None:
            for group in self.groups:
                await self.channel_layer.group_discard(group, self.channel_name)
        await self.disconnect(message.get("code", 1005))
        raise StopConsumer()

    async def disconnect(self, code: int) -> None:
        pass

    async def _disconnect_after_failure(self, code: int) -> None:
        await self.disconnect(code)


class AsyncJsonWebsocketConsumer(AsyncWebsocketConsumer):
    """The async JSON consumer: ``await receive_json(content)``, ``await send_json(content)``."""

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if text_data is None:
            _frames.log_binary_to_json(self)
            await self.close(_frames.CLOSE_UNSUPPORTED_DATA)
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError as error:
            _frames.log_bad_json(self, error)
            await self.close(_frames.CLOSE_INVALID_PAYLOAD)
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        pass

    async def send_json(self, content: Any, close: Any = False) -> None:
        await self.send(text_data=await self.encode_json(content), close=close)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        return json.loads(text_data)

    @classmethod
    async def encode_json(cls, content: Any) -> str:
        return json.dumps(content)


__all__ = [
    "AsyncJsonWebsocketConsumer",
    "AsyncWebsocketConsumer",
    "JsonWebsocketConsumer",
    "WebsocketConsumer",
]

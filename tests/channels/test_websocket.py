"""The WebSocket consumers through WebsocketCommunicator: lifecycle, groups, faults."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from scallion.channels.exceptions import DenyConnection, InvalidChannelLayerError
from scallion.channels.generic.websocket import (
    AsyncJsonWebsocketConsumer,
    AsyncWebsocketConsumer,
    JsonWebsocketConsumer,
    WebsocketConsumer,
)
from scallion.channels.testing import WebsocketCommunicator
from scallion.test import override_settings

from .conftest import run

EVENTS: list[Any] = []


class Echo(WebsocketConsumer):
    def connect(self) -> None:
        EVENTS.append(("connect", self.scope["path"]))
        self.accept(subprotocol=(self.scope["subprotocols"] or [None])[0])

    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data == "close":
            self.close(code=4001)
        elif text_data is not None:
            self.send(text_data=text_data.upper())
        else:
            self.send(bytes_data=bytes_data[::-1] if bytes_data else b"")

    def disconnect(self, code: int) -> None:
        EVENTS.append(("disconnect", code))


class AsyncEcho(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        EVENTS.append(("connect", self.scope["path"]))
        await self.accept(subprotocol=(self.scope["subprotocols"] or [None])[0])

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data == "close":
            await self.close(code=4001)
        elif text_data is not None:
            await self.send(text_data=text_data.upper())
        else:
            await self.send(bytes_data=bytes_data[::-1] if bytes_data else b"")

    async def disconnect(self, code: int) -> None:
        EVENTS.append(("disconnect", code))


class Json(JsonWebsocketConsumer):
    def receive_json(self, content: Any, **kwargs: Any) -> None:
        self.send_json({"got": content})


class AsyncJson(AsyncJsonWebsocketConsumer):
    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.send_json({"got": content})


class Denies(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        raise DenyConnection


class Raises(AsyncWebsocketConsumer):
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raise RuntimeError("consumer bug")


class RaisesOnConnect(WebsocketConsumer):
    def connect(self) -> None:
        raise RuntimeError("connect bug")


class Room(AsyncJsonWebsocketConsumer):
    groups = ["lobby"]

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.channel_layer.group_send("lobby", {"type": "chat.message", "text": content})

    async def chat_message(self, message: dict[str, Any]) -> None:
        await self.send_json({"text": message["text"]})


class SyncRoom(JsonWebsocketConsumer):
    groups = ["lobby"]

    def receive_json(self, content: Any, **kwargs: Any) -> None:
        from asgiref.sync import async_to_sync

        async_to_sync(self.channel_layer.group_send)(
            "lobby", {"type": "chat.message", "text": content}
        )

    def chat_message(self, message: dict[str, Any]) -> None:
        self.send_json({"text": message["text"]})


@pytest.fixture(autouse=True)
def clear_events() -> None:
    EVENTS.clear()


ECHOES = pytest.mark.parametrize("consumer", [Echo, AsyncEcho], ids=["sync", "async"])
JSONS = pytest.mark.parametrize("consumer", [Json, AsyncJson], ids=["sync", "async"])


@ECHOES
def test_echo_lifecycle(consumer: Any) -> None:
    async def scenario() -> None:
        communicator = WebsocketCommunicator(
            consumer.as_asgi(), "/ws/echo/?x=1", subprotocols=["v2"]
        )
        assert communicator.scope["query_string"] == b"x=1"
        assert await communicator.connect() == (True, "v2")
        await communicator.send_to(text_data="hello")
        assert await communicator.receive_from() == "HELLO"
        await communicator.send_to(bytes_data=b"abc")
        assert await communicator.receive_from() == b"cba"
        await communicator.disconnect(code=1001)

    run(scenario())
    assert EVENTS == [("connect", "/ws/echo/"), ("disconnect", 1001)]


@ECHOES
def test_server_close_sends_code(consumer: Any) -> None:
    async def scenario() -> int:
        communicator = WebsocketCommunicator(consumer.as_asgi(), "/")
        await communicator.connect()
        await communicator.send_to(text_data="close")
        code = await communicator.receive_close()
        await communicator.disconnect()
        return code

    assert run(scenario()) == 4001


def test_deny_connection_refuses_the_handshake() -> None:
    async def scenario() -> tuple[bool, Any]:
        communicator = WebsocketCommunicator(Denies.as_asgi(), "/")
        result = await communicator.connect()
        await communicator.wait(1)
        return result

    assert run(scenario()) == (False, 1000)


@JSONS
def test_json_round_trip(consumer: Any) -> None:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(consumer.as_asgi(), "/")
        await communicator.connect()
        await communicator.send_json_to({"a": [1, 2]})
        reply = await communicator.receive_json_from()
        await communicator.disconnect()
        return reply

    assert run(scenario()) == {"got": {"a": [1, 2]}}


@JSONS
@pytest.mark.parametrize(
    ("frame", "code"),
    [({"text_data": "{not json"}, 1007), ({"text_data": ""}, 1007), ({"bytes_data": b"{}"}, 1003)],
    ids=["garbage", "empty", "binary"],
)
def test_json_consumer_closes_on_bad_frames(
    consumer: Any, frame: dict[str, Any], code: int, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> int:
        communicator = WebsocketCommunicator(consumer.as_asgi(), "/ws/j/")
        await communicator.connect()
        await communicator.send_to(**frame)
        closed = await communicator.receive_close()
        # Frames after the close are ignored, not answered.
        await communicator.send_to(text_data='{"late": 1}')
        assert await communicator.receive_nothing(0.1)
        await communicator.disconnect()
        return closed

    with caplog.at_level(logging.WARNING, logger="scallion.channels"):
        assert run(scenario()) == code
    assert any(str(code) in r.getMessage() and "/ws/j/" in r.getMessage() for r in caplog.records)


@ECHOES
@pytest.mark.parametrize("kind", ["text", "bytes", "multibyte"])
def test_oversized_frame_closes_with_1009(
    consumer: Any, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    frames = {
        "text": {"text_data": "x" * 101},
        "bytes": {"bytes_data": b"x" * 101},
        # 26 characters, 104 bytes in UTF-8: the limit counts bytes.
        "multibyte": {"text_data": "\U0001f600" * 26},
    }

    async def scenario() -> int:
        communicator = WebsocketCommunicator(consumer.as_asgi(), "/")
        await communicator.connect()
        await communicator.send_to(
            text_data="x" * 100 if kind != "bytes" else None,
            bytes_data=b"y" * 100 if kind == "bytes" else None,
        )
        assert await communicator.receive_from()  # exactly at the limit: delivered
        await communicator.send_to(**frames[kind])
        code = await communicator.receive_close()
        await communicator.disconnect()
        return code

    with override_settings(WEBSOCKET_MAX_MESSAGE_SIZE=100):
        with caplog.at_level(logging.WARNING, logger="scallion.channels"):
            assert run(scenario()) == 1009
    assert "WEBSOCKET_MAX_MESSAGE_SIZE" in caplog.text


def test_no_size_limit_when_setting_is_none() -> None:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(AsyncEcho.as_asgi(), "/")
        await communicator.connect()
        await communicator.send_to(text_data="y" * 5000)
        reply = await communicator.receive_from()
        await communicator.disconnect()
        return reply

    with override_settings(WEBSOCKET_MAX_MESSAGE_SIZE=None):
        assert run(scenario()) == "Y" * 5000


def test_consumer_that_raises_closes_with_1011_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> int:
        communicator = WebsocketCommunicator(Raises.as_asgi(), "/ws/bug/")
        await communicator.connect()
        await communicator.send_to(text_data="boom")
        code = await communicator.receive_close()
        await communicator.wait(1)  # the application finished: no exception escaped
        return code

    with caplog.at_level(logging.ERROR, logger="scallion.channels"):
        assert run(scenario()) == 1011
    record = next(r for r in caplog.records if "1011" in r.getMessage())
    assert "Raises" in record.getMessage() and "/ws/bug/" in record.getMessage()
    assert record.exc_info is not None and "consumer bug" in str(record.exc_info[1])


def test_raise_in_connect_refuses_the_handshake(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[bool, Any]:
        communicator = WebsocketCommunicator(RaisesOnConnect.as_asgi(), "/")
        result = await communicator.connect()
        await communicator.wait(1)
        return result

    with caplog.at_level(logging.ERROR, logger="scallion.channels"):
        assert run(scenario()) == (False, 1011)
    assert "connect bug" in caplog.text


class SendsToVanishedClient(AsyncWebsocketConsumer):
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data="late")

    async def disconnect(self, code: int) -> None:
        EVENTS.append(("disconnect", code))


def test_client_that_vanished_while_sent_to_gets_disconnect_1006(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[Any] = []
    incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def receive() -> dict[str, Any]:
        return await incoming.get()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "websocket.send":
            raise ConnectionResetError("peer gone")
        sent.append(message)

    async def scenario() -> None:
        await incoming.put({"type": "websocket.connect"})
        await incoming.put({"type": "websocket.receive", "text": "x"})
        await asyncio.wait_for(
            SendsToVanishedClient.as_asgi()({"type": "websocket", "path": "/"}, receive, send), 2
        )

    with caplog.at_level(logging.INFO, logger="scallion.channels"):
        run(scenario())
    assert sent == [{"type": "websocket.accept", "subprotocol": None}]
    assert EVENTS == [("disconnect", 1006)]
    assert "went away" in caplog.text


@pytest.mark.parametrize("consumer", [Room, SyncRoom], ids=["async", "sync"])
def test_groups_are_joined_before_connect_and_broadcast(consumer: Any, layer: Any) -> None:
    async def scenario() -> None:
        first = WebsocketCommunicator(consumer.as_asgi(), "/")
        second = WebsocketCommunicator(consumer.as_asgi(), "/")
        assert (await first.connect())[0] and (await second.connect())[0]
        assert len(layer.groups["lobby"]) == 2
        await first.send_json_to("hi all")
        assert await first.receive_json_from() == {"text": "hi all"}
        assert await second.receive_json_from() == {"text": "hi all"}
        await first.disconnect()
        assert len(layer.groups["lobby"]) == 1
        await second.disconnect()
        assert "lobby" not in layer.groups

    run(scenario())


def test_groups_without_a_layer_name_the_fix(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[bool, Any]:
        communicator = WebsocketCommunicator(Room.as_asgi(), "/")
        return await communicator.connect()

    with override_settings(CHANNEL_LAYERS={}):
        with caplog.at_level(logging.ERROR, logger="scallion.channels"):
            assert run(scenario()) == (False, 1011)
    record = next(r for r in caplog.records if r.exc_info)
    assert isinstance(record.exc_info[1], InvalidChannelLayerError)
    assert "CHANNEL_LAYERS['default']" in str(record.exc_info[1])


def test_handler_dispatch_by_type(layer: Any) -> None:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(Room.as_asgi(), "/")
        await communicator.connect()
        await layer.group_send("lobby", {"type": "chat.message", "text": "from a view"})
        reply = await communicator.receive_json_from()
        await communicator.disconnect()
        return reply

    assert run(scenario()) == {"text": "from a view"}


def test_message_without_handler_closes_with_1011(
    layer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> int:
        communicator = WebsocketCommunicator(Room.as_asgi(), "/")
        await communicator.connect()
        await layer.group_send("lobby", {"type": "no.such"})
        code = await communicator.receive_close()
        await communicator.wait(1)
        return code

    with caplog.at_level(logging.ERROR, logger="scallion.channels"):
        assert run(scenario()) == 1011
    assert "no_such" in caplog.text


def test_as_asgi_sets_attributes_and_refuses_unknown_ones() -> None:
    app = Echo.as_asgi(groups=["a"])
    assert app.consumer_class is Echo and app.consumer_initkwargs == {"groups": ["a"]}
    assert app.__name__ == "Echo"
    assert Echo(groups=["a"]).groups == ["a"]
    with pytest.raises(TypeError, match="not an attribute"):
        Echo(colour="red")


def test_send_needs_text_or_bytes() -> None:
    consumer = AsyncEcho()
    with pytest.raises(ValueError, match="bytes_data or text_data"):
        run(consumer.send())

"""RedisChannelLayer against a real redis-server: delivery across layers, bounds, faults."""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from scallion.channels.exceptions import ChannelFull
from scallion.channels.generic.websocket import AsyncJsonWebsocketConsumer
from scallion.channels.layers import get_channel_layer
from scallion.channels.layers.redis import RedisChannelLayer
from scallion.channels.testing import WebsocketCommunicator
from scallion.test import override_settings
from tests.fixtures_redis import RedisServer, start_redis, stop_process

from .conftest import run


def make(server: RedisServer, **config: Any) -> RedisChannelLayer:
    return RedisChannelLayer(hosts=[server.url], prefix=f"t{uuid.uuid4().hex[:8]}", **config)


def test_send_receive_on_a_shared_channel(redis_server: RedisServer) -> None:
    layer = make(redis_server)

    async def scenario() -> list[Any]:
        await layer.send("jobs", {"type": "a", "blob": b"\x00\xff", "n": [1, 2]})
        await layer.send("jobs", {"type": "b"})
        received = [await layer.receive("jobs"), await layer.receive("jobs")]
        await layer.flush()
        return received

    assert run(scenario()) == [{"type": "a", "blob": b"\x00\xff", "n": [1, 2]}, {"type": "b"}]


def test_group_send_reaches_channels_of_two_processes(redis_server: RedisServer) -> None:
    """Two layer objects stand for two server processes (each has its own client prefix)."""
    first = make(redis_server)
    second = RedisChannelLayer(hosts=[redis_server.url], prefix=first.prefix)
    assert first.client_prefix != second.client_prefix

    async def scenario() -> list[Any]:
        a = await first.new_channel()
        b = await second.new_channel()
        b2 = await second.new_channel()
        for layer, channel in ((first, a), (second, b), (second, b2)):
            await layer.group_add("room", channel)
        await first.group_send("room", {"type": "chat.message", "text": "hello"})
        got = await asyncio.wait_for(
            asyncio.gather(first.receive(a), second.receive(b), second.receive(b2)), 5
        )
        await second.group_discard("room", b2)
        await second.group_send("room", {"type": "chat.message", "text": "again"})
        got += await asyncio.wait_for(asyncio.gather(first.receive(a), second.receive(b)), 5)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(second.receive(b2), 1.5)
        await first.flush()
        return got

    texts = [message["text"] for message in run(scenario())]
    assert texts == ["hello", "hello", "hello", "again", "again"]


def test_send_to_a_full_channel_raises(redis_server: RedisServer) -> None:
    layer = make(redis_server, capacity=2)

    async def scenario() -> None:
        await layer.send("jobs", {"type": "x"})
        await layer.send("jobs", {"type": "x"})
        with pytest.raises(ChannelFull):
            await layer.send("jobs", {"type": "x"})
        await layer.flush()

    run(scenario())


def test_group_send_drops_oldest_for_a_full_member(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    layer = make(redis_server, capacity=3)

    async def scenario() -> list[int]:
        await layer.group_add("g", "slow")
        for number in range(10):
            await layer.group_send("g", {"type": "n", "n": number})
        got = [(await layer.receive("slow"))["n"] for _ in range(3)]
        await layer.flush()
        return got

    with caplog.at_level(logging.WARNING, logger="scallion.channels"):
        assert run(scenario()) == [7, 8, 9]
    assert "dropped their oldest" in caplog.text


def test_expired_messages_are_not_delivered(redis_server: RedisServer) -> None:
    layer = make(redis_server, expiry=1)

    async def scenario() -> Any:
        await layer.send("jobs", {"type": "old"})
        await asyncio.sleep(1.2)
        await layer.send("jobs", {"type": "new"})
        got = await asyncio.wait_for(layer.receive("jobs"), 5)
        await layer.flush()
        return got

    assert run(scenario()) == {"type": "new"}


def test_group_memberships_expire(redis_server: RedisServer) -> None:
    layer = make(redis_server, group_expiry=1)

    async def scenario() -> None:
        await layer.group_add("g", "old")
        await asyncio.sleep(1.2)
        await layer.group_send("g", {"type": "x"})
        client = layer._client(layer._key("old"))
        assert await client.llen(layer._key("old")) == 0
        await layer.flush()

    run(scenario())


def test_hosts_must_be_a_list(redis_server: RedisServer) -> None:
    with pytest.raises(ValueError, match="list of Redis hosts"):
        RedisChannelLayer(hosts=redis_server.url)  # type: ignore[arg-type]


def test_settings_build_the_redis_layer(redis_server: RedisServer) -> None:
    config = {
        "default": {
            "BACKEND": "scallion.channels.layers.redis.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_server.url], "capacity": 5},
        }
    }
    with override_settings(CHANNEL_LAYERS=config):
        layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer) and layer.capacity == 5


class Listener(AsyncJsonWebsocketConsumer):
    groups = ["news"]

    async def news_item(self, message: dict[str, Any]) -> None:
        await self.send_json(message["text"])


def test_async_to_sync_group_send_from_a_thread(redis_server: RedisServer) -> None:
    """What a sync view does: async_to_sync(layer.group_send) while consumers listen."""
    config = {
        "default": {
            "BACKEND": "scallion.channels.layers.redis.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_server.url], "prefix": f"t{uuid.uuid4().hex[:8]}"},
        }
    }

    async def scenario() -> Any:
        communicator = WebsocketCommunicator(Listener.as_asgi(), "/")
        assert (await communicator.connect())[0]
        layer = get_channel_layer()
        thread = threading.Thread(
            target=lambda: async_to_sync(layer.group_send)(
                "news", {"type": "news.item", "text": "from a view"}
            )
        )
        thread.start()
        reply = await communicator.receive_json_from(timeout=5)
        thread.join()
        await communicator.disconnect()
        await layer.flush()
        return reply

    with override_settings(CHANNEL_LAYERS=config):
        assert run(scenario()) == "from a view"


def test_redis_going_away_closes_consumers_with_1011(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    process, server = start_redis(tmp_path)
    config = {
        "default": {
            "BACKEND": "scallion.channels.layers.redis.RedisChannelLayer",
            "CONFIG": {"hosts": [server.url]},
        }
    }

    async def scenario() -> int:
        communicator = WebsocketCommunicator(Listener.as_asgi(), "/ws/news/")
        assert (await communicator.connect())[0]
        await asyncio.sleep(0.2)  # the layer is reading this process's list
        stop_process(process)
        code = await communicator.receive_close(timeout=10)
        await communicator.wait(5)
        return code

    try:
        with override_settings(CHANNEL_LAYERS=config):
            with caplog.at_level(logging.ERROR, logger="scallion.channels"):
                assert run(scenario()) == 1011
    finally:
        stop_process(process)
    assert "reading" in caplog.text and "failed" in caplog.text
    assert "/ws/news/" in caplog.text


def test_redis_down_at_connect_refuses_the_handshake(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    process, server = start_redis(tmp_path)
    stop_process(process)
    config = {
        "default": {
            "BACKEND": "scallion.channels.layers.redis.RedisChannelLayer",
            "CONFIG": {"hosts": [server.url]},
        }
    }

    async def scenario() -> tuple[bool, Any]:
        communicator = WebsocketCommunicator(Listener.as_asgi(), "/")
        result = await communicator.connect(timeout=10)
        await communicator.wait(5)
        return result

    with override_settings(CHANNEL_LAYERS=config):
        with caplog.at_level(logging.ERROR, logger="scallion.channels"):
            assert run(scenario()) == (False, 1011)
    assert "ConnectionError" in caplog.text

"""The layer manager and InMemoryChannelLayer: names, capacity, expiry, groups, loops."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from scallion.channels.exceptions import ChannelFull, InvalidChannelLayerError
from scallion.channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer
from scallion.channels.layers import memory as memory_module
from scallion.test import override_settings

from .conftest import IN_MEMORY, run


def test_get_channel_layer_is_none_without_settings() -> None:
    with override_settings(CHANNEL_LAYERS={}):
        assert get_channel_layer() is None


def test_layer_is_built_once_and_rebuilt_when_settings_change() -> None:
    with override_settings(CHANNEL_LAYERS=IN_MEMORY):
        first = get_channel_layer()
        assert isinstance(first, InMemoryChannelLayer)
        assert get_channel_layer() is first
    with override_settings(CHANNEL_LAYERS=IN_MEMORY):
        assert get_channel_layer() is not first


def test_config_reaches_the_backend() -> None:
    config = {"default": {**IN_MEMORY["default"], "CONFIG": {"capacity": 7, "expiry": 3}}}
    with override_settings(CHANNEL_LAYERS=config):
        layer = get_channel_layer()
        assert (layer.capacity, layer.expiry) == (7, 3)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"default": {}}, "No BACKEND"),
        ({"default": {"BACKEND": "nowhere.Layer"}}, "Fix the dotted path"),
        (
            {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer"}},
            "scallion.channels.layers.redis.RedisChannelLayer",
        ),
        ({"default": {**IN_MEMORY["default"], "CONFIG": {"hosts": []}}}, "hosts"),
    ],
    ids=["no-backend", "typo", "ported-name", "bad-config"],
)
def test_misconfiguration_names_the_fix(config: dict[str, Any], message: str) -> None:
    with override_settings(CHANNEL_LAYERS=config):
        with pytest.raises(InvalidChannelLayerError, match=message):
            get_channel_layer()


def test_set_swaps_a_layer_for_tests() -> None:
    replacement = InMemoryChannelLayer()
    with override_settings(CHANNEL_LAYERS=IN_MEMORY):
        old = channel_layers.set("default", replacement)
        assert get_channel_layer() is replacement
        channel_layers.set("default", old)


@pytest.mark.parametrize("name", ["", "a" * 100, "bad name", "ünï", 7, "x!y!z"])
def test_invalid_names_are_refused(name: Any) -> None:
    layer = InMemoryChannelLayer()
    with pytest.raises(TypeError):
        run(layer.send(name, {"type": "x"}))
    with pytest.raises(TypeError):
        run(layer.group_add(name, "chan"))


@pytest.mark.parametrize("message", [["not", "a", "dict"], {"__asgi_channel__": "x"}])
def test_invalid_messages_are_refused(message: Any) -> None:
    with pytest.raises(TypeError):
        run(InMemoryChannelLayer().send("chan", message))


def test_send_receive_in_order_and_copied() -> None:
    layer = InMemoryChannelLayer()

    async def scenario() -> list[Any]:
        message = {"type": "a", "items": [1]}
        await layer.send("chan", message)
        message["items"].append(2)  # the layer kept its own copy
        await layer.send("chan", {"type": "b"})
        return [await layer.receive("chan"), await layer.receive("chan")]

    assert run(scenario()) == [{"type": "a", "items": [1]}, {"type": "b"}]
    assert layer.channels == {}  # nothing left behind


def test_send_to_a_full_channel_raises_channel_full() -> None:
    layer = InMemoryChannelLayer(capacity=2, channel_capacity={"big*": 3})

    async def scenario() -> None:
        for _ in range(2):
            await layer.send("small", {"type": "x"})
        with pytest.raises(ChannelFull):
            await layer.send("small", {"type": "x"})
        for _ in range(3):
            await layer.send("bigger", {"type": "x"})
        with pytest.raises(ChannelFull):
            await layer.send("bigger", {"type": "x"})

    run(scenario())


def test_group_send_drops_the_oldest_for_a_full_member(caplog: pytest.LogCaptureFixture) -> None:
    layer = InMemoryChannelLayer(capacity=3)

    async def scenario() -> list[int]:
        await layer.group_add("g", "slow")
        for number in range(10):
            await layer.group_send("g", {"type": "n", "n": number})
        return [(await layer.receive("slow"))["n"] for _ in range(3)]

    with caplog.at_level(logging.WARNING, logger="scallion.channels"):
        assert run(scenario()) == [7, 8, 9]
    assert "dropped their oldest" in caplog.text
    assert len(layer.channels) == 0


def test_receive_waits_for_a_send() -> None:
    layer = InMemoryChannelLayer()

    async def scenario() -> Any:
        waiter = asyncio.ensure_future(layer.receive("chan"))
        await asyncio.sleep(0)
        assert not waiter.done()
        await layer.send("chan", {"type": "late"})
        return await asyncio.wait_for(waiter, 1)

    assert run(scenario()) == {"type": "late"}


def test_cancelled_receive_leaves_the_message_for_the_next_reader() -> None:
    layer = InMemoryChannelLayer()

    async def scenario() -> Any:
        first = asyncio.ensure_future(layer.receive("chan"))
        second = asyncio.ensure_future(layer.receive("chan"))
        await asyncio.sleep(0)
        await layer.send("chan", {"type": "once"})
        first.cancel()  # woken but cancelled before it could take the message
        return await asyncio.wait_for(second, 1)

    assert run(scenario()) == {"type": "once"}


def test_send_from_another_thread_and_loop_wakes_the_reader() -> None:
    """async_to_sync(group_send) from a sync view runs on another loop in another thread."""
    layer = InMemoryChannelLayer()

    async def scenario() -> Any:
        await layer.group_add("g", "chan")
        waiter = asyncio.ensure_future(layer.receive("chan"))
        await asyncio.sleep(0)
        thread = threading.Thread(
            target=lambda: async_to_sync(layer.group_send)("g", {"type": "from.thread"})
        )
        thread.start()
        result = await asyncio.wait_for(waiter, 2)
        thread.join()
        return result

    assert run(scenario()) == {"type": "from.thread"}


def test_expired_messages_go_and_their_channel_leaves_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    layer = InMemoryChannelLayer(expiry=10, group_expiry=100)
    clock = [1000.0]
    monkeypatch.setattr(memory_module.time, "monotonic", lambda: clock[0])

    async def scenario() -> None:
        await layer.group_add("g", "dead")
        await layer.group_add("g", "alive")
        await layer.group_send("g", {"type": "x"})
        await layer.receive("alive")
        clock[0] += 11  # "dead" never read its message
        await layer.group_send("g", {"type": "y"})
        assert list(layer.groups["g"]) == ["alive"]
        assert "dead" not in layer.channels
        clock[0] += 101  # memberships expire too
        await layer.send("other", {"type": "z"})
        await layer.receive("other")
        assert layer.groups == {}

    run(scenario())


def test_new_channel_names_are_unique_and_valid() -> None:
    layer = InMemoryChannelLayer()
    names = {run(layer.new_channel()) for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert name.startswith("specific.inmemory!")
        assert layer.require_valid_channel_name(name)


def test_flush_empties_everything() -> None:
    layer = InMemoryChannelLayer()

    async def scenario() -> None:
        await layer.send("chan", {"type": "x"})
        await layer.group_add("g", "chan")
        await layer.flush()

    run(scenario())
    assert layer.channels == {} and layer.groups == {}


def test_memory_stays_bounded_under_a_flood() -> None:
    layer = InMemoryChannelLayer(capacity=10)

    async def scenario() -> None:
        for index in range(20):
            await layer.group_add("g", f"c{index}")
        start = time.perf_counter()
        for number in range(500):
            await layer.group_send("g", {"type": "n", "n": number})
        assert time.perf_counter() - start < 30

    logging.getLogger("scallion.channels").disabled = True
    try:
        run(scenario())
    finally:
        logging.getLogger("scallion.channels").disabled = False
    assert all(len(queue) == 10 for queue in layer.channels.values())

"""Fixtures for the channels tests: an in-memory channel layer, an event-loop runner."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from scallion.channels.layers import get_channel_layer
from scallion.test import override_settings

T = TypeVar("T")

IN_MEMORY = {"default": {"BACKEND": "scallion.channels.layers.InMemoryChannelLayer"}}


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine in a fresh event loop (no pytest async plugin needed)."""
    return asyncio.run(coro)


@pytest.fixture
def layer() -> Iterator[Any]:
    """CHANNEL_LAYERS set to a fresh in-memory layer; yields the layer."""
    with override_settings(CHANNEL_LAYERS=IN_MEMORY):
        yield get_channel_layer()

"""Fixtures for the ASGI tests: the test URLconf, a fresh handler, an event-loop runner."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.test import override_settings
from tests.asgi import urls

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine in a fresh event loop (no pytest async plugin needed)."""
    return asyncio.run(coro)


@pytest.fixture(autouse=True)
def asgi_urlconf() -> Iterator[None]:
    urls.EVENTS.clear()
    with override_settings(ROOT_URLCONF="tests.asgi.urls"):
        yield
    urls.EVENTS.clear()


@pytest.fixture
def app() -> ASGIHandler:
    return ASGIHandler()

"""Lifespan hooks of the server-test app: start-up state a view can report."""

from __future__ import annotations

STATE: dict[str, str] = {}


async def startup() -> None:
    STATE["started"] = "yes"


def shutdown() -> None:
    STATE.clear()


def failing_startup() -> None:
    raise ConnectionError("cache server unreachable")

"""Lifespan hooks from settings, and WebSocket refusal."""

from __future__ import annotations

from typing import Any

from scallion.core.handlers.asgi import ASGIHandler
from scallion.test import override_settings
from tests.asgi.conftest import run
from tests.asgi.validator import run_lifespan, run_websocket

CALLS: list[str] = []
P = "tests.asgi.test_lifespan_websocket."


def sync_startup() -> None:
    CALLS.append("sync_startup")


async def async_startup() -> None:
    CALLS.append("async_startup")


class _Resource:
    def startup(self) -> None:
        CALLS.append("resource.startup")

    async def shutdown(self) -> None:
        CALLS.append("resource.shutdown")


resource = _Resource()


class _Stopper:
    def shutdown(self) -> None:
        CALLS.append("stopper.shutdown")


stopper = _Stopper()


def failing_startup() -> None:
    raise ConnectionError("database unreachable")


class _FailingShutdown:
    def shutdown(self) -> None:
        raise OSError("flush failed")


failing_shutdown = _FailingShutdown()


def lifespan(handlers: list[str]) -> list[dict[str, Any]]:
    CALLS.clear()
    with override_settings(LIFESPAN_HANDLERS=handlers):
        return run(run_lifespan(ASGIHandler()))


def test_hooks_run_in_order_and_shutdown_in_reverse() -> None:
    answers = lifespan([P + "sync_startup", P + "resource", P + "async_startup", P + "stopper"])
    assert [a["type"] for a in answers] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
    assert CALLS == [
        "sync_startup",
        "resource.startup",
        "async_startup",
        "stopper.shutdown",
        "resource.shutdown",
    ]


def test_no_hooks_still_completes() -> None:
    assert [a["type"] for a in lifespan([])] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


def test_startup_failure_is_reported_with_the_hook_name() -> None:
    answers = lifespan([P + "sync_startup", P + "failing_startup", P + "async_startup"])
    assert answers[-1]["type"] == "lifespan.startup.failed"
    assert "failing_startup" in answers[-1]["message"]
    assert "database unreachable" in answers[-1]["message"]
    assert CALLS == ["sync_startup"]


def test_unimportable_hook_fails_startup_naming_it() -> None:
    answers = lifespan(["tests.asgi.nowhere.hook"])
    assert answers == [
        {"type": "lifespan.startup.failed", "message": answers[0]["message"]},
    ]
    assert "tests.asgi.nowhere.hook" in answers[0]["message"]


def test_shutdown_failure_is_reported() -> None:
    answers = lifespan([P + "failing_shutdown"])
    assert answers[-1]["type"] == "lifespan.shutdown.failed"
    assert "flush failed" in answers[-1]["message"]


def test_not_a_hook_is_refused() -> None:
    answers = lifespan([P + "CALLS"])
    assert answers[0]["type"] == "lifespan.startup.failed"
    assert "neither a callable" in answers[0]["message"]


def test_websocket_is_refused_cleanly(app: ASGIHandler) -> None:
    sent = run(run_websocket(app))
    assert len(sent) == 1
    assert sent[0]["type"] == "websocket.close"
    assert sent[0]["code"] == 1000

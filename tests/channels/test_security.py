"""Origin checks on WebSocket handshakes (the WebSocket analogue of CSRF)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from scallion.channels.generic.websocket import AsyncWebsocketConsumer
from scallion.channels.security.websocket import AllowedHostsOriginValidator, OriginValidator
from scallion.channels.testing import WebsocketCommunicator
from scallion.test import override_settings

from .conftest import run


class Accepts(AsyncWebsocketConsumer):
    pass


def handshake(application: Any, origin: bytes | None) -> bool:
    headers = [(b"origin", origin)] if origin is not None else []

    async def scenario() -> bool:
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _ = await communicator.connect()
        if connected:
            await communicator.disconnect()
        else:
            await communicator.wait(1)
        return connected

    return run(scenario())


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (b"http://example.com", True),
        (b"https://example.com:8443", True),  # the port is ignored, as in ALLOWED_HOSTS
        (b"http://chat.sub.test", True),
        (b"http://sub.test", True),
        (b"http://evil.com", False),
        (b"http://example.com.evil.com", False),
        (b"null", False),
        (b"http://example.com:notaport", False),
        (None, False),
    ],
)
def test_allowed_hosts_origin_validator(origin: bytes | None, allowed: bool) -> None:
    with override_settings(ALLOWED_HOSTS=["example.com", ".sub.test"]):
        assert handshake(AllowedHostsOriginValidator(Accepts.as_asgi()), origin) is allowed


def test_debug_with_empty_allowed_hosts_allows_localhost() -> None:
    app = AllowedHostsOriginValidator(Accepts.as_asgi())
    with override_settings(DEBUG=True, ALLOWED_HOSTS=[]):
        assert handshake(app, b"http://localhost:8000")
        assert handshake(app, b"http://[::1]:8000")
        assert not handshake(app, b"http://example.com")


def test_star_allows_anything_even_no_origin() -> None:
    with override_settings(ALLOWED_HOSTS=["*"]):
        assert handshake(AllowedHostsOriginValidator(Accepts.as_asgi()), None)


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (b"https://example.com", True),
        (b"https://example.com:443", True),
        (b"http://example.com", False),  # scheme differs
        (b"https://example.com:8443", False),  # port differs
        (b"http://local.test:8000", True),
        (b"http://local.test:9000", False),
    ],
)
def test_origin_validator_with_schemes_compares_ports(origin: bytes, allowed: bool) -> None:
    app = OriginValidator(Accepts.as_asgi(), ["https://example.com", "http://local.test:8000"])
    assert handshake(app, origin) is allowed


def test_refusal_is_logged_with_the_origin(caplog: pytest.LogCaptureFixture) -> None:
    with override_settings(ALLOWED_HOSTS=["example.com"]):
        with caplog.at_level(logging.WARNING, logger="scallion.channels"):
            assert not handshake(AllowedHostsOriginValidator(Accepts.as_asgi()), b"http://evil.com")
    assert "http://evil.com" in caplog.text and "ALLOWED_HOSTS" in caplog.text


def test_http_scope_is_refused_loudly() -> None:
    async def scenario() -> None:
        async def receive() -> Any:
            return {}

        async def send(message: Any) -> None:
            pass

        await OriginValidator(Accepts.as_asgi(), ["*"])({"type": "http"}, receive, send)

    with pytest.raises(ValueError, match="non-WebSocket"):
        run(scenario())

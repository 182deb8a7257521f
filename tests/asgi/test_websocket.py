"""WebSocket scopes through get_asgi_application(): the URLconf's websocket_urlpatterns."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.channels.testing import WebsocketCommunicator
from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.trace import ring
from scallion.test import override_settings
from tests.asgi.conftest import run

ORIGIN = [(b"origin", b"http://testserver")]


@pytest.fixture(autouse=True)
def ws_urlconf() -> Iterator[None]:
    with override_settings(ROOT_URLCONF="tests.asgi.ws_urls"):
        yield


def talk(url: str, headers: list[tuple[bytes, bytes]] | None = None, send: Any = None) -> Any:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(
            ASGIHandler(), url, headers=ORIGIN if headers is None else headers
        )
        connected, detail = await communicator.connect()
        if not connected:
            await communicator.wait(1)
            return ("refused", detail)
        replies = (
            [await communicator.receive_json_from()] if "room" in url or "nested" in url else []
        )
        if send is not None:
            await communicator.send_to(text_data=send)
            replies.append(await communicator.receive_from())
        await communicator.disconnect()
        return replies

    return run(scenario())


def test_route_with_converter_reaches_the_consumer() -> None:
    [reply] = talk("/ws/room/7/")
    assert reply["kwargs"] == {"number": ["7", "int"]}
    assert reply["has_session"] is False  # no SessionMiddleware in MIDDLEWARE


def test_sync_consumer_and_re_path() -> None:
    assert talk("/ws/shout/", send="hey") == ["HEY"]


def test_include_works_for_websocket_routes() -> None:
    [reply] = talk("/ws/nested/red/")
    assert reply["kwargs"] == {"tag": ["red", "str"]}


def test_unknown_path_is_refused_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.channels"):
        assert talk("/ws/room/x/") == ("refused", 1008)
    assert "No WebSocket route for path '/ws/room/x/'" in caplog.text


@pytest.mark.parametrize(
    "headers", [[(b"origin", b"http://evil.example")], []], ids=["foreign", "missing"]
)
def test_cross_origin_handshake_is_refused_by_default(
    headers: list[tuple[bytes, bytes]], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.channels"):
        assert talk("/ws/room/1/", headers=headers) == ("refused", 1008)
    assert "refused" in caplog.text


def test_origin_port_is_ignored() -> None:
    assert talk("/ws/room/1/", headers=[(b"origin", b"http://localhost:8123")])[0]["kwargs"]


def test_cookies_and_session_follow_middleware(tmp_path: Path) -> None:
    from scallion.contrib.sessions.backends.file import SessionStore

    with override_settings(
        MIDDLEWARE=["scallion.contrib.sessions.middleware.SessionMiddleware"],
        SESSION_ENGINE="scallion.contrib.sessions.backends.file",
        SESSION_FILE_PATH=str(tmp_path),
    ):
        store = SessionStore()
        store["n"] = 1
        store.save()
        cookie = (b"cookie", f"sessionid={store.session_key}".encode())
        [reply] = talk("/ws/room/2/", headers=[*ORIGIN, cookie])
    assert reply["cookies"] == {"sessionid": store.session_key}
    assert reply["has_session"] is True


def test_urlconf_without_websocket_routes_refuses() -> None:
    with override_settings(ROOT_URLCONF="tests.asgi.urls"):
        assert talk("/ws/room/1/") == ("refused", 1000)


def test_trace_records_the_connections_events() -> None:
    ring.clear()
    try:
        with override_settings(DEBUG=True, TRACE_REQUESTS=True):
            talk("/ws/room/5/", send='{"a": 1}')
        [trace] = [t for t in ring.recent() if t.method == "WEBSOCKET"]
        names = [step.name for step in trace.root.find("websocket")]
        assert names == [
            "in websocket.connect",
            "out websocket.accept",
            "out websocket.send",
            "in websocket.receive",
            "out websocket.send",
            "in websocket.disconnect",
        ]
        assert trace.path == "/ws/room/5/" and trace.status == 1000
        assert trace.root.find("websocket")[3].detail["text_bytes"] == "8"
    finally:
        ring.clear()


def test_trace_keeps_a_bounded_number_of_events(monkeypatch: pytest.MonkeyPatch) -> None:
    from scallion.core.trace import websocket as trace_websocket

    monkeypatch.setattr(trace_websocket, "MAX_EVENTS", 4)
    ring.clear()
    try:
        with override_settings(DEBUG=True, TRACE_REQUESTS=True):
            talk("/ws/room/5/", send="1")
        [trace] = ring.recent()
        steps = trace.root.find("websocket")
        assert len(steps) == 5 and steps[-1].name == "2 more events not kept"
    finally:
        ring.clear()


def test_trace_pages_list_the_connection() -> None:
    from scallion.test import Client

    ring.clear()
    try:
        with override_settings(DEBUG=True, TRACE_REQUESTS=True):
            talk("/ws/room/5/")
            [trace] = ring.recent()
            page = Client().get(f"/__scallion__/requests/{trace.id}/")
        assert page.status_code == 200
        body = page.content.decode()
        assert "WebSocket event" in body and "websocket.accept" in body
    finally:
        ring.clear()

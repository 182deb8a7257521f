"""The showcase's live page on real uvicorn processes, with real clients.

``websockets`` is the WebSocket client and httpx reads the event stream; two
uvicorn processes share a real redis-server channel layer, so a chat message
sent through one process reaches a client of the other.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from scallion.test.eventstream import iter_events
from tests.fixtures_redis import RedisServer
from tests.servers.conftest import BIN, Server, free_port

pytestmark = pytest.mark.server

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def showcase_server(env: dict[str, str] | None = None) -> Server:
    port = free_port()
    argv = [
        str(BIN / "uvicorn"), "--app-dir", str(EXAMPLES), "showcase.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "--no-access-log",
    ]  # fmt: skip
    server = Server(argv, port, env)
    server.wait_ready()
    return server


@pytest.fixture(scope="module")
def showcase_url() -> Iterator[str]:
    server = showcase_server()
    try:
        yield server.url
    finally:
        server.stop()


@contextmanager
def join(url: str, name: str, origin: str | None = None) -> Iterator[ClientConnection]:
    ws_url = url.replace("http://", "ws://") + f"/ws/chat/{name}/"
    with connect(ws_url, origin=origin or url, open_timeout=10) as socket:  # type: ignore[arg-type]
        assert json.loads(socket.recv(timeout=5)) == {"kind": "welcome", "name": name}
        yield socket


def test_chat_between_two_clients(showcase_url: str) -> None:
    with join(showcase_url, "ada") as ada, join(showcase_url, "bob") as bob:
        ada.send(json.dumps({"text": "hello bob"}))
        expected = {"kind": "message", "name": "ada", "text": "hello bob"}
        assert json.loads(bob.recv(timeout=5)) == expected
        assert json.loads(ada.recv(timeout=5)) == expected


def test_cross_origin_handshake_is_a_403(showcase_url: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        with join(showcase_url, "eve", origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403


def test_unknown_websocket_path_is_a_403(showcase_url: str) -> None:
    url = showcase_url.replace("http://", "ws://") + "/ws/nowhere/"
    with pytest.raises(InvalidStatus) as refused:
        with connect(url, origin=showcase_url, open_timeout=10):  # type: ignore[arg-type]
            pass
    assert refused.value.response.status_code == 403


def closed_code(socket: ClientConnection) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            socket.recv(timeout=5)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


def test_garbage_json_closes_with_1007(showcase_url: str) -> None:
    with join(showcase_url, "gus") as socket:
        socket.send("{this is not json")
        assert closed_code(socket) == 1007


def test_oversized_message_closes_with_1009(showcase_url: str) -> None:
    with join(showcase_url, "big") as socket:
        socket.send(json.dumps({"text": "x" * (1024 * 1024)}))  # over the 1 MiB default
        assert closed_code(socket) == 1009


def test_vanished_client_leaves_the_server_serving(showcase_url: str) -> None:
    for index in range(3):
        with join(showcase_url, f"gone{index}") as socket:
            socket.socket.shutdown(2)  # no close frame: the TCP connection just ends
    with join(showcase_url, "after") as after:
        after.send(json.dumps({"text": "still here"}))
        assert json.loads(after.recv(timeout=5))["text"] == "still here"


def test_event_stream_with_httpx_and_resume(showcase_url: str) -> None:
    with httpx.stream(
        "GET", showcase_url + "/live/clock/?fast=1", headers={"Last-Event-ID": "7"}, timeout=10
    ) as response:
        assert response.headers["content-type"] == "text/event-stream"
        assert response.headers["cache-control"] == "no-cache"
        started = time.monotonic()
        events = list(iter_events(response.iter_bytes(), limit=3))
    assert [event.id for event in events] == ["8", "9", "10"]
    assert time.monotonic() - started < 5  # each event arrived as it was produced


def test_two_processes_share_a_room_through_redis(redis_server: RedisServer) -> None:
    env = {"SHOWCASE_REDIS_URL": redis_server.url}
    first = showcase_server(env)
    try:
        second = showcase_server(env)
        try:
            with join(first.url, "ann") as ann, join(second.url, "ben") as ben:
                ben.send(json.dumps({"text": "across processes"}))
                expected = {"kind": "message", "name": "ben", "text": "across processes"}
                assert json.loads(ann.recv(timeout=10)) == expected
                assert json.loads(ben.recv(timeout=10)) == expected
                ann.send(json.dumps({"text": "and back"}))
                assert json.loads(ben.recv(timeout=10))["text"] == "and back"
        finally:
            second.stop()
    finally:
        first.stop()

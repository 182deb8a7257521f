"""uvicorn-specific behaviour: lifespan hooks, failed start-up, client disconnects mid-stream."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.servers.conftest import Server, free_port, uvicorn_argv

pytestmark = pytest.mark.server


def test_lifespan_startup_hook_ran(uvicorn_url: str) -> None:
    response = httpx.get(uvicorn_url + "/lifespan-state/")
    assert response.json() == {"started": "yes"}


def test_failed_startup_stops_uvicorn_with_the_message() -> None:
    port = free_port()
    server = Server(uvicorn_argv(port), port, env={"SCALLION_TEST_FAIL_STARTUP": "1"})
    try:
        server.proc.wait(timeout=30)
        output = server.output()
    finally:
        server.stop()
    assert server.proc.returncode != 0
    assert "cache server unreachable" in output
    assert "failing_startup" in output


def test_client_disconnect_stops_and_closes_the_stream(uvicorn_url: str) -> None:
    for path, event in (
        ("/endless-async/", "endless-async-closed"),
        ("/endless-sync/", "endless-sync-closed"),
    ):
        host, port = uvicorn_url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            received = b""
            while received.count(b"tick") < 3:
                received += sock.recv(4096)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if event in httpx.get(uvicorn_url + "/events/").json()["events"]:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"{path}: the generator was not closed after the client left")


def test_websocket_handshake_is_refused(uvicorn_url: str) -> None:
    host, port = uvicorn_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            b"GET /ws/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Version: 13\r\n\r\n"
        )
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    # websocket.close before websocket.accept: uvicorn answers the handshake with 403.
    assert status_line.split()[1] == b"403"

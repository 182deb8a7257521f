"""Real servers as subprocesses on free loopback ports, always stopped.

``uvicorn_url`` serves ``tests.servers.app.asgi`` (ASGI), ``gunicorn_url`` serves
``tests.servers.app.wsgi`` (WSGI), ``runserver_url`` serves the same settings on
scallion's embedded server (``scallion runserver --noreload``, waitress); all are
module-scoped and killed at the end even when a test fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A server subprocess; ``url`` once it accepts connections."""

    def __init__(self, argv: list[str], port: int, env: dict[str, str] | None = None) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        full_env = {**os.environ, "PYTHONPATH": str(REPO)}
        full_env.pop("SCALLION_SETTINGS_MODULE", None)  # unless ``env`` sets it
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            argv, cwd=REPO, env=full_env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"server not ready after {timeout}s:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


def uvicorn_argv(port: int) -> list[str]:
    return [
        str(BIN / "uvicorn"),
        "tests.servers.app.asgi:application",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--lifespan", "on",
        "--log-level", "warning",
        "--no-access-log",
    ]  # fmt: skip


def gunicorn_argv(port: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "tests.servers.app.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", "1",
        "--log-level", "warning",
    ]  # fmt: skip


def runserver_argv(port: int) -> list[str]:
    return [str(BIN / "scallion"), "runserver", "--noreload", f"127.0.0.1:{port}"]


SERVER_APP_SETTINGS = {"SCALLION_SETTINGS_MODULE": "tests.servers.app.settings"}


def _serve(argv: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    server = Server(argv, port, env)
    try:
        server.wait_ready()
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def uvicorn_url() -> Iterator[str]:
    port = free_port()
    yield from _serve(uvicorn_argv(port), port)


@pytest.fixture(scope="module")
def gunicorn_url() -> Iterator[str]:
    port = free_port()
    yield from _serve(gunicorn_argv(port), port)


@pytest.fixture(scope="module")
def runserver_url() -> Iterator[str]:
    port = free_port()
    yield from _serve(runserver_argv(port), port, SERVER_APP_SETTINGS)

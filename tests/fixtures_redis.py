"""A real ``redis-server`` for the tests, on a free 127.0.0.1 port.

One server per test session (per xdist worker), with persistence off, stopped
at the end. When the binary is missing the Redis tests are skipped, and the run
ends with a red summary naming the missing package (``pytest_terminal_summary``
below), except in CI (``CI=true``), where that is a failure: CI must test Redis.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class RedisServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


#: Starts the skip reason of every test skipped for a missing binary; the terminal
#: summary below looks for it in the skip reports (which xdist workers forward).
MISSING_BINARY = "MISSING DEBIAN PACKAGE:"


def require_binary(name: str, package: str) -> str:
    """The path of ``name``; skip loudly (or fail in CI) if it is not installed.

    Outside CI the skip is listed at the end of the run, in red, by
    :func:`pytest_terminal_summary`, so it cannot pass unnoticed as "1 skipped".
    """
    path = shutil.which(name) or (
        f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None
    )
    if path is not None:
        return path
    message = (
        f"{name} is not installed: install the Debian package {package!r} "
        "(scripts/dev-setup does) to run these tests."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(f"{MISSING_BINARY} {message}")


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """List the tests skipped because a Debian package is missing: loud, at the very end."""
    counts: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = _skip_reason(report)
        if MISSING_BINARY in reason:
            counts[reason[reason.index(MISSING_BINARY) + len(MISSING_BINARY) :].strip()] += 1
    if not counts:
        return
    total = sum(counts.values())
    terminalreporter.write_sep(
        "!", f"{total} test(s) SKIPPED: Debian packages missing", red=True, bold=True
    )
    for message, count in sorted(counts.items()):
        terminalreporter.write_line(f"SKIPPED {count} test(s): {message}", red=True, bold=True)
    terminalreporter.write_line(
        "These tests did not run. In CI (CI=true) a missing package is a failure.",
        red=True,
    )


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return True
        except OSError:
            time.sleep(0.05)
    return False


def start_redis(directory: Path) -> tuple[subprocess.Popen[bytes], RedisServer]:
    """Start redis-server on a free port (retrying if another process took it)."""
    binary = require_binary("redis-server", "redis-server")
    last_output = b""
    for _attempt in range(3):
        port = _free_port()
        process = subprocess.Popen(
            [
                binary,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(directory),
                "--daemonize", "no",
                "--loglevel", "warning",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        if _wait_for_port(port, process):
            return process, RedisServer("127.0.0.1", port)
        stop_process(process)
        last_output = process.stdout.read() if process.stdout else b""
    raise RuntimeError(f"redis-server did not start: {last_output.decode(errors='replace')}")


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate ``process`` (and only it), killing it if it does not exit in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
    if process.stdout is not None:
        process.stdout.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A running redis-server, shared by the session's tests."""
    process, server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        stop_process(process)

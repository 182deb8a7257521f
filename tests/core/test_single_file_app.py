"""A single-file app served by the embedded server answers a real HTTP request."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.server
def test_single_file_app_over_real_http(free_port: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "examples" / "single_file.py"), str(free_port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        response = None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{free_port}/?name=onion", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        assert response is not None, proc.stdout.read().decode() if proc.stdout else ""
        assert response.status_code == 200
        assert response.text == "Hello, onion!"
        assert response.headers["server"] == "scallion"
        assert response.headers["server-timing"].startswith("app;dur=")
        item = httpx.get(f"http://127.0.0.1:{free_port}/items/21/", timeout=2)
        assert item.json() == {"id": 21, "double": 42}
        missing = httpx.get(f"http://127.0.0.1:{free_port}/nope/", timeout=2)
        assert missing.status_code == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()

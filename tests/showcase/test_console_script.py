"""The README's first command: the showcase under the ``scallion`` console script.

``.venv/bin/scallion runserver --pythonpath examples --settings showcase.settings``
(with ``--noreload`` and a free loopback port) is started as a real process in
its own process group, asked for a page, a static file and the trace list, and
stopped (group-wide) whatever happens.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.management.conftest import clean_env, stop_process_group

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
SCALLION = Path(sys.executable).parent / "scallion"
WAIT = 30.0


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture
def showcase_server(free_port: int, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    assert SCALLION.exists(), f"the console script is not installed at {SCALLION}"
    log = tmp_path / "runserver.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(SCALLION), "runserver", f"127.0.0.1:{free_port}",
                "--pythonpath", "examples", "--settings", "showcase.settings", "--noreload",
            ],
            cwd=REPO,
            env=clean_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{free_port}"
            deadline = time.monotonic() + WAIT
            while True:
                if process.poll() is not None:
                    pytest.fail(f"runserver exited ({process.returncode}):\n{log.read_text()}")
                try:
                    fetch(url + "/about/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"runserver did not answer:\n{log.read_text()}")
                    time.sleep(0.2)
            yield url, log
        finally:
            stop_process_group(process)
    assert process.poll() is not None


def test_console_script_serves_the_showcase(showcase_server: tuple[str, Path]) -> None:
    url, log = showcase_server
    status, headers, body = fetch(url + "/")
    assert status == 200
    assert b"Welcome to the scallion showcase" in body
    assert b'id="scallion-trace"' in body  # TRACE_REQUESTS is on in the showcase
    assert headers["Server-Timing"].startswith("app;dur=")

    status, headers, body = fetch(url + "/static/showcase/site.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert body == (REPO / "examples/showcase/static/showcase/site.css").read_bytes()

    status, headers, body = fetch(url + "/__scallion__/requests/")
    assert status == 200
    assert b'id="sct-requests"' in body
    assert re.search(rb'<td class="path"><a href="/__scallion__/requests/\d+-\d+/">/</a>', body)

    deadline = time.monotonic() + WAIT
    while "GET /__scallion__/requests/ 200" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text())  # the log lines are coloured
    assert "settings 'showcase.settings'" in text and "autoreload off" in text
    assert re.search(r"GET / 200 [\d.]+ K?B [\d.]+ ms", text)
    assert "GET /static/showcase/site.css 200" in text

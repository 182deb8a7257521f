"""Trace ids under a server with two worker processes: unique, and never another's trace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.servers.conftest import BIN, Server, free_port

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def two_workers() -> Iterator[str]:
    port = free_port()
    argv = [
        str(BIN / "gunicorn"),
        "tests.trace.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", "2",
        "--log-level", "warning",
    ]  # fmt: skip
    server = Server(argv, port)
    try:
        server.wait_ready()
        yield server.url
    finally:
        server.stop()


def test_trace_ids_are_unique_across_worker_processes(two_workers: str) -> None:
    def fetch(number: int) -> tuple[str, str, str]:
        # A new connection per request, so the kernel hands each to either worker.
        response = httpx.get(f"{two_workers}/slow/?n={number}", timeout=10)
        assert response.status_code == 200
        found = re.search(r'data-trace-id="([^"]+)"', response.text)
        served_by = re.search(r"slow (\d+)", response.text)
        assert found is not None and served_by is not None
        return found[1], served_by[1], f"/slow/?n={number}"

    with ThreadPoolExecutor(max_workers=2) as pool:  # two at once: both workers busy
        results = list(pool.map(fetch, range(8)))
    ids = [trace_id for trace_id, _, _ in results]
    assert len(set(ids)) == len(ids), ids
    assert len({pid for _, pid, _ in results}) == 2, "both workers should have served"
    for trace_id, pid, _ in results:
        assert trace_id.split("-")[0] == pid  # the id names the process that recorded it

    # A trace page shows the trace asked for, or says another process has it.
    for trace_id, pid, path in results:
        for _ in range(3):
            page = httpx.get(f"{two_workers}/__scallion__/requests/{trace_id}/", timeout=10)
            if page.status_code == 200:
                assert path.replace("&", "&amp;") in page.text or path in page.text
            else:
                assert page.status_code == 404
                assert f"recorded by process {pid}" in page.text

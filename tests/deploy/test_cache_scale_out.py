"""Two app servers behind nginx sharing one Redis: page cache and cache API hold across them."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.deploy.conftest import (
    GUNICORN,
    REPO,
    free_port,
    render_nginx_conf,
    wait_until_serving,
)
from tests.fixtures_redis import RedisServer, require_binary, stop_process

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def site(
    redis_server: RedisServer,
    tmp_path_factory: pytest.TempPathFactory,
    tls_files: tuple[object, object],
) -> Iterator[str]:
    """The plain-HTTP address of nginx in front of instances ``a`` and ``b``."""
    nginx = require_binary("nginx", "nginx-light")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DEPLOY_REDIS_URL": redis_server.url,
        "DEPLOY_CACHE_PREFIX": f"deploy-cache-{uuid.uuid4().hex}",
    }
    env.pop("SCALLION_SETTINGS_MODULE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        ports = [free_port(), free_port()]
        for name, port in zip("ab", ports, strict=True):
            processes.append(
                subprocess.Popen(
                    [str(GUNICORN), "-w", "1", "-b", f"127.0.0.1:{port}",
                     "tests.deploy.cache_app:application"],
                    cwd=REPO,
                    env={**env, "DEPLOY_INSTANCE": name},
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        for port, process in zip(ports, processes, strict=True):
            wait_until_serving(f"http://127.0.0.1:{port}/calls/", process)
        prefix = tmp_path_factory.mktemp("nginx-cache")
        listen, tls_listen = free_port(), free_port()
        conf = render_nginx_conf(prefix, listen, tls_listen, ports, *tls_files)  # type: ignore[arg-type]
        nginx_process = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        processes.append(nginx_process)
        wait_until_serving(f"http://127.0.0.1:{listen}/calls/", nginx_process)
        yield f"http://127.0.0.1:{listen}"
    finally:
        for process in reversed(processes):
            stop_process(process)


def view_calls(client: httpx.Client) -> dict[str, int]:
    """The /page/ view calls of each instance (round robin: ask until both answered)."""
    seen: dict[str, int] = {}
    for _ in range(6):
        info = client.get("/calls/").json()
        seen[info["instance"]] = info["page"]
        if len(seen) == 2:
            return seen
    raise AssertionError(f"only {sorted(seen)} answered")


def test_a_page_cached_through_one_server_is_served_by_the_other(site: str) -> None:
    with httpx.Client(base_url=site, timeout=10.0) as client:
        before = view_calls(client)
        answers = [client.get("/page/") for _ in range(4)]
        after = view_calls(client)
    assert [a.status_code for a in answers] == [200] * 4
    served_by = [a.headers["X-Served-By"] for a in answers]
    assert set(served_by) == {"a", "b"}
    # One render in total, by whichever instance got the first request...
    assert sum(after.values()) - sum(before.values()) == 1
    renderer = answers[0].text.removeprefix("page rendered by ")
    assert renderer == served_by[0]
    # ...and the other instance served that same page from Redis.
    assert {a.text for a in answers} == {f"page rendered by {renderer}"}
    assert all("age" in a.headers for a in answers[1:])


def test_a_delete_through_one_server_is_seen_by_the_other(site: str) -> None:
    with httpx.Client(base_url=site, timeout=10.0) as client:
        client.get("/page/")  # cached (already, or now)
        forgotten = client.post("/forget-page/").json()
        assert forgotten["deleted"] is True
        before = view_calls(client)
        rendered = client.get("/page/")
        after = view_calls(client)
        assert sum(after.values()) - sum(before.values()) == 1
        assert rendered.text == f"page rendered by {rendered.headers['X-Served-By']}"

        key = uuid.uuid4().hex
        written = client.post(f"/value/?key={key}", data={"value": "shared"}).json()
        read = client.get(f"/value/?key={key}").json()
        assert read["instance"] != written["instance"]
        assert read["value"] == "shared"
        deleted = client.post(f"/value/?key={key}", data={"delete": "1"}).json()
        seen = client.get(f"/value/?key={key}").json()
        assert seen["instance"] != deleted["instance"]
        assert deleted["deleted"] is True
        assert seen["value"] is None

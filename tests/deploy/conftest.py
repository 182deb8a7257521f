"""Real servers for the scale-out test: two gunicorn instances behind nginx.

Everything listens on free 127.0.0.1 ports, writes only under a temporary
directory, and is stopped by the fixture's finalizer whatever the test did.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fixtures_redis import require_binary, stop_process

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "deploy" / "nginx" / "scallion.conf.template"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{output}")
        try:
            httpx.get(url, timeout=1.0, verify=False)
            return
        except httpx.HTTPError as exc:
            last_error = exc
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s: {last_error}")


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1."""
    openssl = require_binary("openssl", "openssl")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Deployment:
    http_url: str
    https_url: str
    engine: str

    def client(self, local_address: str | None = None) -> httpx.Client:
        """An HTTPS client; ``local_address`` binds its side of the connection (127.0.0.x)."""
        transport = httpx.HTTPTransport(local_address=local_address, verify=False)
        return httpx.Client(
            base_url=self.https_url, verify=False, timeout=10.0, transport=transport
        )


def render_nginx_conf(
    prefix: Path, listen: int, tls_listen: int, upstreams: list[int], cert: Path, key: Path
) -> Path:
    text = TEMPLATE.read_text()
    for name, value in {
        "PREFIX": str(prefix),
        "LISTEN": f"127.0.0.1:{listen}",
        "TLS_LISTEN": f"127.0.0.1:{tls_listen}",
        "TLS_CERT": str(cert),
        "TLS_KEY": str(key),
        "UPSTREAM_1": f"127.0.0.1:{upstreams[0]}",
        "UPSTREAM_2": f"127.0.0.1:{upstreams[1]}",
    }.items():
        text = text.replace(f"@@{name}@@", value)
    directives = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("@@" in line for line in directives), "a template placeholder was not filled"
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


@pytest.fixture(params=["redis", "signed_cookies"], scope="module")
def deployment(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tls_files: tuple[Path, Path],
) -> Iterator[Deployment]:
    nginx = require_binary("nginx", "nginx-light")
    engine: str = request.param
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DEPLOY_SESSION_ENGINE": f"scallion.contrib.sessions.backends.{engine}",
    }
    env.pop("SCALLION_SETTINGS_MODULE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if engine == "redis":
        server = request.getfixturevalue("redis_server")
        env["DEPLOY_REDIS_URL"] = server.url
        env["DEPLOY_REDIS_PREFIX"] = f"deploy:{uuid.uuid4().hex}:"

    processes: list[subprocess.Popen[bytes]] = []
    try:
        app_ports = [free_port(), free_port()]
        for name, port in zip("ab", app_ports, strict=True):
            process = subprocess.Popen(
                [
                    str(GUNICORN), "-w", "1", "-b", f"127.0.0.1:{port}",
                    # Gunicorn must not interpret the proxy headers itself: the
                    # test is that the app does, via SECURE_PROXY_SSL_HEADER.
                    "--forwarded-allow-ips", "192.0.2.1",
                    "tests.deploy.app:application",
                ],
                cwd=REPO,
                env={**env, "DEPLOY_INSTANCE": name},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            processes.append(process)
        for port, process in zip(app_ports, processes, strict=True):
            wait_until_serving(f"http://127.0.0.1:{port}/whoami/", process)

        prefix = tmp_path_factory.mktemp(f"nginx-{engine}")
        listen, tls_listen = free_port(), free_port()
        conf = render_nginx_conf(prefix, listen, tls_listen, app_ports, *tls_files)
        nginx_process = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        processes.append(nginx_process)
        wait_until_serving(f"http://127.0.0.1:{listen}/whoami/", nginx_process)
        yield Deployment(
            http_url=f"http://127.0.0.1:{listen}",
            https_url=f"https://127.0.0.1:{tls_listen}",
            engine=engine,
        )
    finally:
        for process in reversed(processes):
            stop_process(process)

"""Peak memory of a 200 MB multipart upload through the real embedded server (waitress).

Starts the embedded server (``scallion.core.servers.basehttp.create_server``, as
``runserver`` does) in a subprocess on a free 127.0.0.1 port with a one-view scallion
app that hashes ``request.FILES["f"]``, streams the upload from a generator, and
compares the server's peak RSS (VmHWM) before and after. Exits non-zero if the
growth is 50 MB or more, or if the content does not arrive byte-identical.

    .venv/bin/python bench/upload_memory.py [--size-mb 200]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterator

BOUNDARY = "scallionUploadBench"
LIMIT_MB = 50
BLOCK = 1 << 20


def serve(port: int, temp_dir: str) -> None:
    """The server process: a scallion app with one upload view, on the embedded server."""
    from scallion.conf import settings
    from scallion.http import JsonResponse
    from scallion.urls import path

    def upload(request: object) -> JsonResponse:
        f = request.FILES["f"]  # type: ignore[attr-defined]
        digest = hashlib.sha256()
        for chunk in f.chunks():
            digest.update(chunk)
        return JsonResponse(
            {"sha256": digest.hexdigest(), "size": f.size, "class": type(f).__name__}
        )

    urls = types.ModuleType("upload_bench_urls")
    urls.urlpatterns = [path("upload/", upload)]  # type: ignore[attr-defined]
    sys.modules["upload_bench_urls"] = urls
    settings.configure(
        DEBUG=False,
        SECRET_KEY="upload-bench-" + "x" * 40,
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF="upload_bench_urls",
        MIDDLEWARE=[],
        FILE_UPLOAD_TEMP_DIR=temp_dir,
    )
    from scallion.core.servers.basehttp import create_server
    from scallion.core.wsgi import get_wsgi_application

    create_server(get_wsgi_application(), host="127.0.0.1", port=port).run()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def vm_hwm_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("VmHWM not found")


def wait_for(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def post_upload(port: int, size: int, seed: bytes) -> tuple[dict[str, object], str]:
    """POST ``size`` pseudo-random bytes as file ``f``, streamed; returns (json, sha256)."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    digest = hashlib.sha256()

    def blocks() -> Iterator[bytes]:
        block = hashlib.sha256(seed).digest() * (BLOCK // 32)
        sent = 0
        counter = 0
        while sent < size:
            counter += 1
            # Vary each block cheaply so identical blocks cannot hide a reordering.
            data = counter.to_bytes(8, "big") + block[8 : min(BLOCK, size - sent)]
            data = data[: size - sent]
            digest.update(data)
            sent += len(data)
            yield data

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.putrequest("POST", "/upload/")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    conn.putheader("Content-Length", str(len(head) + size + len(tail)))
    conn.endheaders()
    conn.send(head)
    for data in blocks():
        conn.send(data)
    conn.send(tail)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"upload failed: {response.status} {body[:500]!r}")
    return json.loads(body), digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--temp-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.temp_dir)
        return 0

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="scallion-upload-") as temp_dir:
        env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(__file__))}
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), "--temp-dir", temp_dir], env=env
        )
        try:
            wait_for(port)
            # Warm up (imports, first request) so the baseline is the steady state.
            post_upload(port, 1 << 20, b"warm-up")
            before = vm_hwm_kib(server.pid)
            result, expected = post_upload(port, args.size_mb << 20, b"upload")
            after = vm_hwm_kib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    growth_mb = (after - before) / 1024
    identical = result["sha256"] == expected and result["size"] == args.size_mb << 20
    print(
        f"upload {args.size_mb} MB via the embedded server (waitress): "
        f"server peak RSS {before / 1024:.1f} -> "
        f"{after / 1024:.1f} MB (growth {growth_mb:.1f} MB, limit {LIMIT_MB} MB); "
        f"stored as {result['class']}; sha256 {'identical' if identical else 'MISMATCH'}"
    )
    return 0 if identical and growth_mb < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())

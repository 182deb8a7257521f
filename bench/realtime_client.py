"""One measurement against a running server, printed as JSON (run in the bench venv).

    python realtime_client.py URL echo|connect|sse SECONDS

* ``echo``: one WebSocket; 100 masked text frames of 32 bytes sent in one write,
  their 100 echoes read and compared byte for byte, repeat.
* ``connect``: handshake (with ``Origin``, answer key checked) + one message +
  its echo + close handshake, repeated by 8 clients at once (threads).
* ``sse``: one request for a stream of 20000 events, read to the end; the
  events are counted and the count checked, repeat.

The client speaks the protocols over raw sockets with pre-built frames: on the
same two cores as the server, a general-purpose client (the ``websockets``
library parsing every frame in Python, httpx decoding every chunk) cost as much
CPU as the server it drove, which pulled every ratio towards 1. Here the client
does a fixed, small amount of work per message, the same for every framework;
the servers still parse, unmask and frame every message themselves. The JSON
also gives ``client_cpu`` (the client's CPU seconds per wall second) and
``client_ms_per_1000`` (its CPU milliseconds per 1000 operations), to show that
it is not the bottleneck: 2-5 % of a core, a few microseconds per message,
where the ``websockets``/httpx client it replaced spent about 50.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import resource
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

#: Frames in flight in the ``echo`` row: throughput, not the machine's latency.
WINDOW = 100
#: Clients opening connections at once in the ``connect`` row.
CONCURRENCY = 8
#: Events per request in the ``sse`` row.
SSE_EVENTS = 20000
MAGIC = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def client_frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame (payload under 126 bytes), as RFC 6455 requires of clients."""
    mask = os.urandom(4)
    masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked


def server_frame(opcode: int, payload: bytes) -> bytes:
    """The unmasked frame a server sends for ``payload`` (under 126 bytes)."""
    return bytes([0x80 | opcode, len(payload)]) + payload


def read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(left)
        if not chunk:
            raise SystemExit(f"connection closed with {left} of {size} bytes unread")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def handshake(host: str, port: int, path: str) -> socket.socket:
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    key = base64.b64encode(os.urandom(16))
    sock.sendall(
        b"GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nOrigin: http://%s:%d\r\n\r\n"
        % (path.encode(), host.encode(), port, key, host.encode(), port)
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise SystemExit(f"handshake: connection closed after {head!r}")
        head += chunk
    head, _, rest = head.partition(b"\r\n\r\n")
    if rest:
        raise SystemExit(f"handshake: unexpected bytes after the answer: {rest!r}")
    accept = base64.b64encode(hashlib.sha1(key + MAGIC).digest())
    lines = head.lower().split(b"\r\n")
    expected = b"sec-websocket-accept: " + accept.lower()
    if not lines[0].startswith(b"http/1.1 101") or expected not in lines:
        raise SystemExit(f"handshake refused or wrong: {head!r}")
    return sock


def echo(host: str, port: int, seconds: float) -> int:
    message = b"x" * 32
    burst = b"".join(client_frame(0x1, message) for _ in range(WINDOW))
    expected = server_frame(0x1, message) * WINDOW
    with handshake(host, port, "/ws/echo") as sock:
        for _ in range(5):  # warm-up
            sock.sendall(burst)
            if read_exactly(sock, len(expected)) != expected:
                raise SystemExit("echo returned something else")
        count, deadline = 0, time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            sock.sendall(burst)
            if read_exactly(sock, len(expected)) != expected:
                raise SystemExit("echo returned something else")
            count += WINDOW
        sock.sendall(client_frame(0x8, (1000).to_bytes(2, "big")))
    return count


def connections(host: str, port: int, seconds: float) -> int:
    hello, close = client_frame(0x1, b"hello"), client_frame(0x8, (1000).to_bytes(2, "big"))
    hello_back = server_frame(0x1, b"hello")
    deadline = time.perf_counter() + seconds
    counts = [0] * CONCURRENCY
    errors: list[BaseException] = []

    def one_client(index: int) -> None:
        try:
            while time.perf_counter() < deadline:
                with handshake(host, port, "/ws/echo") as sock:
                    sock.sendall(hello)
                    if read_exactly(sock, len(hello_back)) != hello_back:
                        raise SystemExit("echo returned something else")
                    sock.sendall(close)
                    head = read_exactly(sock, 2)
                    if head[0] != 0x88:
                        raise SystemExit(f"expected the close frame, got {head!r}")
                    read_exactly(sock, head[1] & 0x7F)
                counts[index] += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=one_client, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(counts)


def sse(host: str, port: int, seconds: float) -> int:
    request = b"GET /sse?n=%d HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" % (
        SSE_EVENTS, host.encode(), port
    )  # fmt: skip
    total, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        with socket.create_connection((host, port)) as sock:
            sock.sendall(request)
            data = bytearray()
            while True:
                chunk = sock.recv(262144)
                if not chunk:
                    break
                data += chunk
        head, _, body = bytes(data).partition(b"\r\n\r\n")
        if b"content-type: text/event-stream" not in head.lower():
            raise SystemExit(f"not an event stream: {head!r}")
        events = body.count(b"\n\n")
        if events != SSE_EVENTS:
            raise SystemExit(f"expected {SSE_EVENTS} events, got {events}")
        total += events
    return total


def main() -> None:
    url, kind, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    run = {"echo": echo, "connect": connections, "sse": sse}[kind]
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    count = run(host, port, seconds)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {"rate": count / elapsed, "count": count, "client_cpu": cpu / elapsed}
    result["client_ms_per_1000"] = cpu / count * 1e6
    print(json.dumps(result))


if __name__ == "__main__":
    main()

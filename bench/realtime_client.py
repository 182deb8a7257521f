"""One measurement against a running server, printed as JSON (run in the bench venv).

    python realtime_client.py URL echo|connect|sse SECONDS

* ``echo``: one WebSocket; 100 text messages of 32 bytes sent, their 100 echoes read, repeat.
* ``connect``: handshake + one message + its echo + close, repeated by 8 clients at once.
* ``sse``: one request for a long event stream; events counted as they arrive.

Every framework's server is driven by this same client, so its cost is common
to all rows; the ratios are what mean something.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def echo(url: str, seconds: float) -> dict[str, float]:
    from websockets.asyncio.client import connect

    message = "x" * 32
    async with connect(url + "/ws/echo", origin=url.replace("ws://", "http://")) as socket:
        for _ in range(200):  # warm-up
            await socket.send(message)
            await socket.recv()
        count, start = 0, time.perf_counter()
        deadline = start + seconds
        while time.perf_counter() < deadline:
            # A window of 100 messages in flight: throughput, not the machine's latency.
            for _ in range(100):
                await socket.send(message)
            for _ in range(100):
                if await socket.recv() != message:
                    raise SystemExit("echo returned something else")
            count += 100
        elapsed = time.perf_counter() - start
    return {"rate": count / elapsed, "count": count}


#: Clients opening connections at once in the ``connect`` row.
CONCURRENCY = 8


async def connections(url: str, seconds: float) -> dict[str, float]:
    from websockets.asyncio.client import connect

    origin = url.replace("ws://", "http://")
    start = time.perf_counter()
    deadline = start + seconds

    async def one_client() -> int:
        count = 0
        while time.perf_counter() < deadline:
            async with connect(url + "/ws/echo", origin=origin) as socket:
                await socket.send("hello")
                if await socket.recv() != "hello":
                    raise SystemExit("echo returned something else")
            count += 1
        return count

    count = sum(await asyncio.gather(*(one_client() for _ in range(CONCURRENCY))))
    elapsed = time.perf_counter() - start
    return {"rate": count / elapsed, "count": count}


def sse(url: str, seconds: float) -> dict[str, float]:
    import httpx

    base = url.replace("ws://", "http://")
    total, start = 0, time.perf_counter()
    deadline = start + seconds
    with httpx.Client(timeout=30) as client:
        while time.perf_counter() < deadline:
            with client.stream("GET", base + "/sse?n=20000") as response:
                if response.headers["content-type"].split(";")[0] != "text/event-stream":
                    raise SystemExit(f"not an event stream: {response.headers}")
                events = 0
                for chunk in response.iter_raw():
                    events += chunk.count(b"\n\n")
            if events != 20000:
                raise SystemExit(f"expected 20000 events, got {events}")
            total += events
    elapsed = time.perf_counter() - start
    return {"rate": total / elapsed, "count": total}


def main() -> None:
    url, kind, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if kind == "echo":
        result = asyncio.run(echo(url, seconds))
    elif kind == "connect":
        result = asyncio.run(connections(url, seconds))
    else:
        result = sse(url, seconds)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The real-time rows: WebSocket echo and connections, and server-sent events, on uvicorn.

    python3 bench/realtime.py                 # 3 rounds of 3 s per cell
    python3 bench/realtime.py --rounds 1 --seconds 1   # a quick look

scallion, Starlette, Django Channels and a bare ASGI function (no framework:
the floor the server itself sets, which bounds every ratio) each serve
``bench/realtime_apps.py`` from their own uvicorn process (one worker, on a
free 127.0.0.1 port, in the bench venv); ``bench/realtime_client.py`` measures
each in turn, round by round in a rotating order, and the table shows the
median round and scallion's ratios, then each server's CPU per 1000 operations
(and the client's, which stays a small fraction of the servers': the client
speaks raw sockets, see its docstring).
Results go to ``bench/results/<date>-realtime.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIR)

from benchkit import machine, venvs  # noqa: E402

FRAMEWORKS = ("scallion", "starlette", "channels", "asgi")
SCENARIOS = {
    "echo": "WebSocket echo, messages/s over one connection",
    "connect": "WebSocket connections/s (handshake + 1 message + close)",
    "sse": "Server-sent events/s to one client",
}
TARGETS = {"starlette": 1.0, "channels": 3.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(python: str, framework: str, ws: str = "auto") -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "BENCH_REALTIME_FRAMEWORK": framework}
    env.pop("SCALLION_SETTINGS_MODULE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [python, "-m", "uvicorn", "--app-dir", BENCH_DIR, "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning",
         "--lifespan", "off", "--ws", ws, "realtime_apps:app"],
        env=env, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{framework}: uvicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/sse?n=3", timeout=5) as response:
                body = response.read()
            if body.count(b"\n\n") != 3:
                raise RuntimeError(f"{framework}: /sse?n=3 gave {body!r}")
            return proc, url
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{framework}: no answer within 60 s") from None
            time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        proc.wait()


def cpu_seconds(pid: int) -> float:
    """The process's user + system CPU time so far (Linux ``/proc``)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(python: str, server: subprocess.Popen[bytes], url: str, scenario: str,
            seconds: float) -> dict[str, float]:  # fmt: skip
    """The client's rate and CPU share, and the server's CPU seconds per 1000 operations."""
    server_before = cpu_seconds(server.pid)
    out = subprocess.run(
        [python, os.path.join(BENCH_DIR, "realtime_client.py"), url.replace("http://", "ws://"),
         scenario, str(seconds)],
        capture_output=True, text=True, timeout=seconds * 10 + 60, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"client failed ({scenario} {url}): {out.stderr[-500:]}")
    result: dict[str, float] = json.loads(out.stdout)
    result["server_ms_per_1000"] = (cpu_seconds(server.pid) - server_before) / result["count"] * 1e6
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--python", help="interpreter with the peers (default: the bench venv)")
    parser.add_argument("--results-dir", default=os.path.join(BENCH_DIR, "results"))
    parser.add_argument(
        "--ws",
        default="auto",
        choices=["auto", "websockets", "websockets-sansio", "wsproto"],
        help="uvicorn's WebSocket implementation, the same for every framework",
    )
    args = parser.parse_args(argv)
    python = args.python or venvs.ensure("main")

    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    samples: dict[str, dict[str, list[float]]] = {s: {f: [] for f in FRAMEWORKS} for s in SCENARIOS}
    cpu: dict[str, dict[str, dict[str, list[float]]]] = {
        s: {f: {"server": [], "client": []} for f in FRAMEWORKS} for s in SCENARIOS
    }
    try:
        for framework in FRAMEWORKS:
            servers[framework] = start(python, framework, args.ws)
        for round_index in range(args.rounds):
            shift = round_index % len(FRAMEWORKS)
            order = FRAMEWORKS[shift:] + FRAMEWORKS[:shift]
            for scenario in SCENARIOS:
                for framework in order:
                    proc, url = servers[framework]
                    result = measure(python, proc, url, scenario, args.seconds)
                    samples[scenario][framework].append(result["rate"])
                    cpu[scenario][framework]["server"].append(result["server_ms_per_1000"])
                    cpu[scenario][framework]["client"].append(result["client_ms_per_1000"])
                    print(f"round {round_index + 1} {scenario:8} {framework:10} "
                          f"{result['rate']:10.0f}/s  server {result['server_ms_per_1000']:6.1f} "
                          f"client {result['client_ms_per_1000']:5.1f} ms/1000 "
                          f"(client {result['client_cpu']:.0%} of a core)", flush=True)  # fmt: skip
    finally:
        for proc, _ in servers.values():
            stop(proc)

    medians = {s: {f: statistics.median(v) for f, v in row.items()} for s, row in samples.items()}
    lines = [
        f"# Real-time rows ({time.strftime('%Y-%m-%d')})",
        "",
        f"uvicorn (--ws {args.ws}), one process per framework; "
        f"{args.rounds} rounds of {args.seconds:g} s, "
        "median shown; client and server share the machine.",
        "",
        ", ".join(f"{k}: {v}" for k, v in machine.describe(python).items()),
        "",
        "| row | scallion | Starlette | Channels | bare ASGI | vs Starlette (target >= 1.0) "
        "| vs Channels (target >= 3.0) | bare ASGI vs Channels |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    failed = False
    for scenario, label in SCENARIOS.items():
        row = medians[scenario]
        ratios = {peer: row["scallion"] / row[peer] for peer in TARGETS}
        marks = {p: "" if r >= TARGETS[p] else " (missed)" for p, r in ratios.items()}
        failed |= any(marks.values())
        lines.append(
            f"| {label} | {row['scallion']:,.0f} | {row['starlette']:,.0f} | "
            f"{row['channels']:,.0f} | {row['asgi']:,.0f} | "
            f"{ratios['starlette']:.2f}x{marks['starlette']} | "
            f"{ratios['channels']:.2f}x{marks['channels']} | "
            f"{row['asgi'] / row['channels']:.2f}x |"
        )
    lines += [
        "",
        "CPU milliseconds per 1000 operations (median; the server's from /proc, the "
        "client's from getrusage): the cost behind each rate, less sensitive to a "
        "shared machine's load than the rates.",
        "",
        "| row | scallion | Starlette | Channels | bare ASGI | client |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for scenario in SCENARIOS:
        per = {f: statistics.median(cpu[scenario][f]["server"]) for f in FRAMEWORKS}
        client = statistics.median(v for f in FRAMEWORKS for v in cpu[scenario][f]["client"])
        lines.append(
            f"| {scenario} | {per['scallion']:.1f} | {per['starlette']:.1f} | "
            f"{per['channels']:.1f} | {per['asgi']:.1f} | {client:.1f} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(args.results_dir, exist_ok=True)
    stem = os.path.join(args.results_dir, f"{time.strftime('%Y-%m-%d')}-realtime")
    with open(stem + ".md", "w") as f:
        f.write(report)
    with open(stem + ".json", "w") as f:
        json.dump({"samples": samples, "medians": medians, "cpu_ms_per_1000": cpu}, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

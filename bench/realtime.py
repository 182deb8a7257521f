#!/usr/bin/env python3
"""The real-time rows: WebSocket echo and connections, and server-sent events, on uvicorn.

    python3 bench/realtime.py                 # 3 rounds of 3 s per cell
    python3 bench/realtime.py --rounds 1 --seconds 1   # a quick look

scallion, Starlette and Django Channels each serve ``bench/realtime_apps.py``
from their own uvicorn process (one worker, on a free 127.0.0.1 port, in the
bench venv); ``bench/realtime_client.py`` measures each in turn, round by round
in a rotating order, and the table shows the median round and scallion's ratios.
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

FRAMEWORKS = ("scallion", "starlette", "channels")
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


def start(python: str, framework: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "BENCH_REALTIME_FRAMEWORK": framework}
    env.pop("SCALLION_SETTINGS_MODULE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [python, "-m", "uvicorn", "--app-dir", BENCH_DIR, "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning",
         "--lifespan", "off", "realtime_apps:app"],
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


def measure(python: str, url: str, scenario: str, seconds: float) -> float:
    out = subprocess.run(
        [python, os.path.join(BENCH_DIR, "realtime_client.py"), url.replace("http://", "ws://"),
         scenario, str(seconds)],
        capture_output=True, text=True, timeout=seconds * 10 + 60, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"client failed ({scenario} {url}): {out.stderr[-500:]}")
    return float(json.loads(out.stdout)["rate"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--python", help="interpreter with the peers (default: the bench venv)")
    parser.add_argument("--results-dir", default=os.path.join(BENCH_DIR, "results"))
    args = parser.parse_args(argv)
    python = args.python or venvs.ensure("main")

    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    samples: dict[str, dict[str, list[float]]] = {s: {f: [] for f in FRAMEWORKS} for s in SCENARIOS}
    try:
        for framework in FRAMEWORKS:
            servers[framework] = start(python, framework)
        for round_index in range(args.rounds):
            order = FRAMEWORKS[round_index % 3 :] + FRAMEWORKS[: round_index % 3]
            for scenario in SCENARIOS:
                for framework in order:
                    rate = measure(python, servers[framework][1], scenario, args.seconds)
                    samples[scenario][framework].append(rate)
                    print(f"round {round_index + 1} {scenario:8} {framework:10} {rate:10.0f}/s",
                          flush=True)  # fmt: skip
    finally:
        for proc, _ in servers.values():
            stop(proc)

    medians = {s: {f: statistics.median(v) for f, v in row.items()} for s, row in samples.items()}
    lines = [
        f"# Real-time rows ({time.strftime('%Y-%m-%d')})",
        "",
        f"uvicorn, one process per framework; {args.rounds} rounds of {args.seconds:g} s, "
        "median shown; client and server share the machine.",
        "",
        ", ".join(f"{k}: {v}" for k, v in machine.describe(python).items()),
        "",
        "| row | scallion | Starlette | Channels | vs Starlette (target >= 1.0) "
        "| vs Channels (target >= 3.0) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    failed = False
    for scenario, label in SCENARIOS.items():
        row = medians[scenario]
        ratios = {peer: row["scallion"] / row[peer] for peer in TARGETS}
        marks = {p: "" if r >= TARGETS[p] else " (missed)" for p, r in ratios.items()}
        failed |= any(marks.values())
        lines.append(
            f"| {label} | {row['scallion']:,.0f} | {row['starlette']:,.0f} | "
            f"{row['channels']:,.0f} | {ratios['starlette']:.2f}x{marks['starlette']} | "
            f"{ratios['channels']:.2f}x{marks['channels']} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(args.results_dir, exist_ok=True)
    stem = os.path.join(args.results_dir, f"{time.strftime('%Y-%m-%d')}-realtime")
    with open(stem + ".md", "w") as f:
        f.write(report)
    with open(stem + ".json", "w") as f:
        json.dump({"samples": samples, "medians": medians}, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

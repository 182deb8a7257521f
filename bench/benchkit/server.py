"""The real-server section: gunicorn (2 sync workers) and uvicorn under wrk.

Each server runs in its own process group on a free 127.0.0.1 port, is checked
with one real request, loaded by wrk for a bounded time, and always stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from benchkit import machine
from benchkit.scenarios import SCENARIOS, VerificationError

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_SCENARIOS = ("hello", "template")
GUNICORN = ("raw", "scallion", "django", "flask", "falcon")
UVICORN = ("raw-asgi", "scallion-asgi", "django-asgi", "starlette")
CONNECTIONS = 16
WORKERS = 2
SECONDS = 3  # per sample
ROUNDS = 3  # samples per row; the table shows their median


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(python: str, server: str, port: int) -> list[str]:
    bind = f"127.0.0.1:{port}"
    if server == "gunicorn":
        return [python, "-m", "gunicorn", "--chdir", BENCH_DIR, "--workers", str(WORKERS),
                "--worker-class", "sync", "--bind", bind, "--log-level", "warning",
                "serve_app:app"]  # fmt: skip
    return [python, "-m", "uvicorn", "--app-dir", BENCH_DIR, "--host", "127.0.0.1",
            "--port", str(port), "--no-access-log", "--log-level", "warning",
            "serve_app:app"]  # fmt: skip


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group (its workers), SIGKILL if it lingers."""
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


def wait_and_verify(url: str, scenario: str, proc: subprocess.Popen[bytes], limit: float) -> None:
    deadline = time.monotonic() + limit
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                status, headers, body = (
                    response.status,
                    list(response.getheaders()),
                    response.read(),
                )
            break
        except urllib.error.HTTPError as err:
            status, headers, body = err.code, list(err.headers.items()), err.read()
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer within {limit:.0f} s")
            time.sleep(0.1)
    SCENARIOS[scenario].verify(status, headers, body)


def run_wrk(url: str, seconds: int) -> dict[str, Any]:
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{seconds}s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=False,
    )
    match = re.search(r"Requests/sec:\s*([\d.]+)", out.stdout)
    if not match:
        raise RuntimeError(f"wrk gave no rate: {out.stdout[-300:]} {out.stderr[-300:]}")
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out.stdout)
    errors = re.search(r"Socket errors:.*", out.stdout)
    return {
        "rps": float(match.group(1)),
        "non2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def import_problem(python: str, env: dict[str, str]) -> str | None:
    """Why ``serve_app`` cannot load, if it cannot: servers hide it behind "failed to boot"."""
    out = subprocess.run(
        [python, "-c", "import serve_app"], cwd=BENCH_DIR, env=env, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    if out.returncode == 0:
        return None
    lines = out.stderr.strip().splitlines() or [f"exit {out.returncode}"]
    errors = [line for line in lines if re.match(r"^[\w.]+(Error|Exception)", line)]
    return (errors or lines)[-1]


class Server:
    """One framework's app under one server, started once and loaded round after round."""

    def __init__(self, python: str, server: str, framework: str, scenario: str) -> None:
        self.result: dict[str, Any] = {
            "server": server, "framework": framework, "scenario": scenario, "samples": [],
        }  # fmt: skip
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        env = dict(os.environ, BENCH_FRAMEWORK=framework, BENCH_SCENARIO=scenario)
        problem = import_problem(python, env)
        if problem:
            self.result.update(status="na", reason=problem)
            return
        port = free_port()
        self.proc = subprocess.Popen(
            server_command(python, server, port),
            cwd=BENCH_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}{SCENARIOS[scenario].path}"
        if SCENARIOS[scenario].query:
            self.url += "?" + SCENARIOS[scenario].query

    @property
    def ok(self) -> bool:
        return "status" not in self.result or self.result["status"] == "ok"

    def verify(self) -> None:
        assert self.proc is not None
        try:
            wait_and_verify(self.url, self.result["scenario"], self.proc, limit=30)
        except VerificationError as err:
            self.result.update(status="fail", reason=str(err))
        except Exception as err:
            self.result.update(status="na", reason=f"{type(err).__name__}: {err}")

    def sample(self, seconds: int) -> None:
        try:
            load = run_wrk(self.url, seconds)
        except Exception as err:
            self.result.update(status="na", reason=f"{type(err).__name__}: {err}")
            return
        if load["non2xx"]:
            self.result.update(
                status="fail", reason=f"{load['non2xx']} non-2xx responses under load"
            )
            return
        self.result["samples"].append(load["rps"])
        self.result["socket_errors"] = load["socket_errors"]

    def stop(self) -> dict[str, Any]:
        result = self.result
        if self.proc is None:
            return result
        stop(self.proc)
        if self.proc.stderr is not None:
            if not self.ok:
                tail = self.proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
                if tail:
                    result["reason"] = result.get("reason", "") + f" [server: {tail[-1][:200]}]"
            self.proc.stderr.close()
        if self.ok:
            samples = result["samples"]
            result["status"] = "ok"
            result["rps"] = statistics.median(samples)
            result["spread"] = (max(samples) - min(samples)) / 2 / result["rps"] * 100
        return result


def measure_group(
    python: str, server: str, frameworks: list[str], scenario: str, seconds: int, rounds: int
) -> list[dict[str, Any]]:
    """Every framework's server up at once (idle ones cost nothing), then wrk against each
    in turn, the order rotating every round, so a burst of outside load hits all alike."""
    servers = [Server(python, server, framework, scenario) for framework in frameworks]
    try:
        for each in servers:
            if each.ok:
                each.verify()
        live = [each for each in servers if each.ok]
        for round_number in range(rounds):
            shift = round_number % len(live) if live else 0
            for each in live[shift:] + live[:shift]:
                if each.ok:
                    each.sample(seconds)
    finally:
        results = [each.stop() for each in servers]
    return results


def run(
    python: str, quick: bool = False, frameworks: list[str] | None = None
) -> tuple[str, dict[str, Any]]:
    meta = machine.describe(python)
    seconds, rounds = (1, 1) if quick else (SECONDS, ROUNDS)
    if shutil.which("wrk") is None:
        text = "# Server benchmark\n\nwrk is missing: `apt-get update && apt-get install -y wrk`.\n"
        return text, {"status": "na"}
    results = []
    for server, names in (("gunicorn", GUNICORN), ("uvicorn", UVICORN)):
        for scenario in SERVER_SCENARIOS:
            wanted = [f for f in names if not frameworks or f in frameworks]
            if not wanted:
                continue
            for result in measure_group(python, server, wanted, scenario, seconds, rounds):
                shown = (
                    f"{result['rps']:,.0f} req/s (±{result['spread']:.0f}%)"
                    if result["status"] == "ok"
                    else result["reason"]
                )
                print(
                    f"  {server} {scenario} {result['framework']}: {shown}",
                    flush=True,
                    file=sys.stderr,
                )
                results.append(result)
    index = {(r["server"], r["framework"], r["scenario"]): r for r in results}

    def ratio(r: dict[str, Any], other: str) -> str:
        o = index.get((r["server"], other, r["scenario"]))
        if r["status"] != "ok" or not o or o["status"] != "ok":
            return ""
        return f"{r['rps'] / o['rps']:.2f}"

    lines = [
        f"# Server benchmark, {meta['date']}",
        "",
        f"- Python: {meta['python']}; machine: {meta['machine']}",
        f"- Method: gunicorn with {WORKERS} sync workers, uvicorn as one process (h11), on "
        f"127.0.0.1; each row's server verified with one request, then loaded by wrk -t1 "
        f"-c{CONNECTIONS} for {seconds} s, {rounds} times, the frameworks taking turns in an "
        "order rotated every round; the median sample is shown, with the spread (half the "
        "max-min range); wrk shares the machine's cores." + (" QUICK smoke run." if quick else ""),
        "",
        "| server | scenario | framework | req/s | spread | x Django | x Falcon/Starlette "
        "| x floor | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        asgi = r["server"] == "uvicorn"
        if r["status"] != "ok":
            word = "n/a" if r["status"] == "na" else "**FAILED**"
            lines.append(
                f"| {r['server']} | {r['scenario']} | {r['framework']} | {word}: "
                f"{' '.join(r['reason'].split())[:160].replace('|', '/')} | | | | | |"
            )
            continue
        peer = "starlette" if asgi else "falcon"
        target = ""
        if r["framework"] == "scallion":
            value = ratio(r, "falcon")
            target = "" if not value else ("**met**" if float(value) >= 1.0 else "**NOT met**")
        lines.append(
            f"| {r['server']} | {r['scenario']} | {r['framework']} | {r['rps']:,.0f} | "
            f"±{r['spread']:.0f}% | "
            f"{ratio(r, 'django-asgi' if asgi else 'django')} | {ratio(r, peer)} | "
            f"{ratio(r, 'raw-asgi' if asgi else 'raw')} | {target} |"
        )
    lines.append("")
    return "\n".join(lines), {"meta": meta, "results": results}

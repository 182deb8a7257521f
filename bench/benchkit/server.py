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
import subprocess
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


def measure(
    python: str, server: str, framework: str, scenario: str, seconds: int
) -> dict[str, Any]:
    port = free_port()
    env = dict(os.environ, BENCH_FRAMEWORK=framework, BENCH_SCENARIO=scenario)
    problem = import_problem(python, env)
    if problem:
        return {"server": server, "framework": framework, "scenario": scenario, "status": "na",
                "reason": problem}  # fmt: skip
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below, after the server stops
    proc = subprocess.Popen(
        server_command(python, server, port),
        cwd=BENCH_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    result: dict[str, Any] = {"server": server, "framework": framework, "scenario": scenario}
    try:
        url = f"http://127.0.0.1:{port}{SCENARIOS[scenario].path}"
        if SCENARIOS[scenario].query:
            url += "?" + SCENARIOS[scenario].query
        wait_and_verify(url, scenario, proc, limit=30)
        result.update(run_wrk(url, seconds))
        result["status"] = "fail" if result["non2xx"] else "ok"
        if result["non2xx"]:
            result["reason"] = f"{result['non2xx']} non-2xx responses under load"
    except VerificationError as err:
        result.update(status="fail", reason=str(err))
    except Exception as err:
        result.update(status="na", reason=f"{type(err).__name__}: {err}")
    finally:
        stop(proc)
        log.close()
        if result.get("status") != "ok" and proc.stderr is not None:
            tail = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
            if tail:
                result["reason"] = result.get("reason", "") + f" [server: {tail[-1][:200]}]"
        if proc.stderr is not None:
            proc.stderr.close()
    return result


def run(
    python: str, quick: bool = False, frameworks: list[str] | None = None
) -> tuple[str, dict[str, Any]]:
    meta = machine.describe(python)
    seconds = 1 if quick else 5
    if shutil.which("wrk") is None:
        text = "# Server benchmark\n\nwrk is missing: `apt-get update && apt-get install -y wrk`.\n"
        return text, {"status": "na"}
    results = []
    for server, names in (("gunicorn", GUNICORN), ("uvicorn", UVICORN)):
        for scenario in SERVER_SCENARIOS:
            for framework in names:
                if frameworks and framework not in frameworks:
                    continue
                result = measure(python, server, framework, scenario, seconds)
                shown = (
                    f"{result['rps']:,.0f} req/s" if result["status"] == "ok" else result["reason"]
                )
                print(
                    f"  {server} {scenario} {framework}: {shown}",
                    flush=True,
                    file=__import__("sys").stderr,
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
        f"127.0.0.1; wrk -t1 -c{CONNECTIONS} for "
        f"{seconds} s per row, after one verified request; wrk shares the machine's cores."
        + (" QUICK smoke run." if quick else ""),
        "",
        "| server | scenario | framework | req/s | x Django | x Falcon/Starlette | x floor "
        "| target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        asgi = r["server"] == "uvicorn"
        if r["status"] != "ok":
            word = "n/a" if r["status"] == "na" else "**FAILED**"
            lines.append(
                f"| {r['server']} | {r['scenario']} | {r['framework']} | {word}: "
                f"{' '.join(r['reason'].split())[:160].replace('|', '/')} | | | | |"
            )
            continue
        peer = "starlette" if asgi else "falcon"
        target = ""
        if r["framework"] == "scallion":
            value = ratio(r, "falcon")
            target = "" if not value else ("**met**" if float(value) >= 1.0 else "**NOT met**")
        lines.append(
            f"| {r['server']} | {r['scenario']} | {r['framework']} | {r['rps']:,.0f} | "
            f"{ratio(r, 'django-asgi' if asgi else 'django')} | {ratio(r, peer)} | "
            f"{ratio(r, 'raw-asgi' if asgi else 'raw')} | {target} |"
        )
    lines.append("")
    return "\n".join(lines), {"meta": meta, "results": results}

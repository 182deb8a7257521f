"""The memory and start-up section: leak check, start-up time, large upload."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from typing import Any

from benchkit import machine

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEAK_FRAMEWORKS = ("scallion", "django", "falcon", "raw")
STARTUP_FRAMEWORKS = ("scallion", "django", "flask", "falcon", "bottle", "raw")
LEAK_LIMIT_KIB = 2048
STARTUP_LIMIT_S = 1.0


def _run_json(cmd: list[str], timeout: float) -> dict[str, Any]:
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd=BENCH_DIR, check=False
        )
    except subprocess.TimeoutExpired:
        return {"status": "na", "reason": f"timed out after {timeout:.0f} s"}
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
    return {"status": "na", "reason": f"exit {out.returncode}: {tail}"}


def leak_rows(
    python: str, quick: bool, frameworks: tuple[str, ...] = LEAK_FRAMEWORKS
) -> tuple[list[str], list[dict[str, Any]]]:
    n = 5_000 if quick else 100_000
    rows = [
        f"| framework (hello) | RSS after 1,000 | RSS after {n:,} | growth | verdict |",
        "|---|---|---|---|---|",
    ]
    data = []
    for fw in frameworks:
        result = _run_json(
            [python, "memory.py", "--framework", fw, "--requests", str(n)], timeout=600
        )
        result["framework"] = fw
        data.append(result)
        if result["status"] != "ok":
            rows.append(f"| {fw} | n/a ({result['reason'][:80]}) | | | |")
            continue
        growth = result["rss_100k_kib"] - result["rss_1k_kib"]
        verdict = "no leak" if growth <= LEAK_LIMIT_KIB else "**grows**"
        if fw != "scallion":
            verdict += " (reference)"
        rows.append(
            f"| {fw} | {result['rss_1k_kib'] / 1024:.1f} MiB "
            f"| {result['rss_100k_kib'] / 1024:.1f} MiB "
            f"| {growth:+,} KiB | {verdict} |"
        )
    return rows, data


def startup_rows(
    python: str, quick: bool, frameworks: tuple[str, ...] = STARTUP_FRAMEWORKS
) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [
        "| framework | import to first response, 10,000 routes (median) | target < 1 s |",
        "|---|---|---|",
    ]
    data = []
    for fw in frameworks:
        # Peers with 10,000 routes can take tens of seconds (Bottle, Falcon): measured once.
        runs = 3 if fw == "scallion" and not quick else 1
        results = [
            _run_json([python, "startup.py", "--framework", fw], timeout=300) for _ in range(runs)
        ]
        ok = [r["seconds"] for r in results if r["status"] == "ok"]
        data.append({"framework": fw, "results": results})
        if not ok:
            rows.append(f"| {fw} | n/a ({results[0].get('reason', '')[:80]}) | |")
            continue
        median = statistics.median(ok)
        verdict = (
            ("**met**" if median < STARTUP_LIMIT_S else "**NOT met**") if fw == "scallion" else ""
        )
        rows.append(f"| {fw} | {median:.3f} s | {verdict} |")
    return rows, data


def upload_memory(python: str) -> tuple[list[str], dict[str, Any]]:
    """``bench/upload_memory.py`` (another engineer's) is run as is, if it exists."""
    script = os.path.join(BENCH_DIR, "upload_memory.py")
    if not os.path.exists(script):
        return ["(bench/upload_memory.py is not there yet.)"], {"status": "absent"}
    try:
        out = subprocess.run(
            [python, script],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=BENCH_DIR,
            check=False,
        )
        text, rc = (out.stdout + out.stderr).strip(), out.returncode
    except subprocess.TimeoutExpired:
        text, rc = "timed out after 600 s", -1
    return [f"`python bench/upload_memory.py` (exit {rc}):", "", "```", text[-3000:], "```"], {
        "status": "ok" if rc == 0 else "fail",
        "output": text,
        "returncode": rc,
    }


def run(
    python: str, quick: bool = False, frameworks: list[str] | None = None
) -> tuple[str, dict[str, Any]]:
    """``frameworks`` narrows the leak and start-up rows (slow peers take a minute)."""
    meta = machine.describe(python)
    chosen = set(frameworks or LEAK_FRAMEWORKS + STARTUP_FRAMEWORKS)
    leak, leak_data = leak_rows(python, quick, tuple(f for f in LEAK_FRAMEWORKS if f in chosen))
    startup, startup_data = startup_rows(
        python, quick, tuple(f for f in STARTUP_FRAMEWORKS if f in chosen)
    )
    upload, upload_data = upload_memory(python)
    text = "\n".join(
        [
            f"# Memory and start-up, {meta['date']}",
            "",
            f"- Python: {meta['python']}; machine: {meta['machine']}"
            + ("; QUICK smoke run" if quick else ""),
            "",
            "## Leak check (RSS, after gc.collect())",
            "",
            *leak,
            "",
            f"Growth within {LEAK_LIMIT_KIB:,} KiB is allocator noise.",
            "",
            "## Start-up",
            "",
            *startup,
            "",
            "## 200 MB upload",
            "",
            *upload,
            "",
        ]
    )
    return text, {"meta": meta, "leak": leak_data, "startup": startup_data, "upload": upload_data}

"""The short table the README quotes: scallion's rows of the latest full run.

The full tables live in ``docs/performance.md``; the README shows only what a
reader choosing a framework asks first (how scallion compares with Django and
with the fastest peer, measured side by side), with the date, the Python and
the machine, since ratios from another run or machine mean nothing.
"""

from __future__ import annotations

import os
from typing import Any

from benchkit.frameworks import BASELINES, TARGETS
from benchkit.inprocess import Cell
from benchkit.report import ratio, target_verdict
from benchkit.scenarios import ASGI_SCENARIOS, SCENARIOS
from benchkit.venvs import REPO_DIR

README = os.path.join(REPO_DIR, "README.md")


def _x(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "–"


def _verdict(index: dict[tuple[str, str], Cell], cell: Cell) -> str:
    verdict = target_verdict(index, cell)
    if not verdict:
        return ""
    return "met" if verdict.startswith("**met**") else "**not met**"


def _django_version(cells: list[Cell]) -> str:
    for cell in cells:
        if cell.framework == "django" and cell.version:
            return cell.version.split()[-1]
    return "?"


def render(
    cells: list[Cell],
    meta: dict[str, str],
    latest: list[Cell] | None = None,
    latest_meta: dict[str, str] | None = None,
    server: list[dict[str, Any]] | None = None,
) -> str:
    """Markdown for the README: one row per scenario, ratios from the same run."""
    index = {(c.framework, c.scenario): c for c in cells}
    latest_index = {(c.framework, c.scenario): c for c in latest or []}
    django = _django_version(cells)
    newest = _django_version(latest or [])
    with_latest = bool(latest_index)
    head = ["scenario", f"x Django {django}", "x Falcon", "x raw floor (WSGI or ASGI)"]
    if with_latest:
        head.append(f"x Django {newest} ({(latest_meta or {}).get('python', '?')})")
    head.append("target")
    lines = [
        f"Measured {meta['date']} by `python3 bench/run.py --all` on {meta['python']}, "
        f"{meta['machine']}: a shared machine, so only the ratios (frameworks side by side "
        "in one run) mean anything. Full tables, method and the profile: "
        "[docs/performance.md](docs/performance.md).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for scenario in SCENARIOS:
        cell = index.get(("scallion", scenario))
        if cell is None or cell.median is None:
            continue
        row = [f"`{scenario}`"]
        for key in ("django", "falcon", "floor"):
            row.append(_x(ratio(index, cell, BASELINES["wsgi"][key])))
        if with_latest:
            other = latest_index.get(("scallion", scenario))
            row.append(_x(ratio(latest_index, other, "django")) if other else "–")
        row.append(_verdict(index, cell))
        lines.append("| " + " | ".join(row) + " |")
    asgi_rows = []
    for scenario in ASGI_SCENARIOS:
        cell = index.get(("scallion-asgi", scenario))
        if cell is None or cell.median is None:
            continue
        row = [f"ASGI `{scenario}`"]
        row.append(_x(ratio(index, cell, BASELINES["asgi"]["django"])))
        row.append(f"{_x(ratio(index, cell, BASELINES['asgi']['starlette']))} Starlette")
        row.append(_x(ratio(index, cell, BASELINES["asgi"]["floor"])))
        if with_latest:
            other = latest_index.get(("scallion-asgi", scenario))
            row.append(_x(ratio(latest_index, other, "django-asgi")) if other else "–")
        row.append(_verdict(index, cell) if (cell.framework, scenario) in TARGETS else "")
        asgi_rows.append("| " + " | ".join(row) + " |")
    lines += asgi_rows
    if server:
        lines += ["", *_server_lines(server)]
    return "\n".join(lines) + "\n"


def _server_lines(results: list[dict[str, Any]]) -> list[str]:
    by_key = {(r["server"], r["framework"], r["scenario"]): r for r in results}
    parts = []
    for result in results:
        if result["framework"] not in ("scallion", "scallion-asgi") or result["status"] != "ok":
            continue
        peer = "starlette" if result["server"] == "uvicorn" else "falcon"
        other = by_key.get((result["server"], peer, result["scenario"]))
        if not other or other["status"] != "ok":
            continue
        parts.append(
            f"{result['server']} `{result['scenario']}` {result['rps'] / other['rps']:.2f}x "
            f"{'Starlette' if peer == 'starlette' else 'Falcon'}"
        )
    if not parts:
        return []
    return [
        "Behind real servers (wrk on the same machine, where the server's own work "
        "dominates): " + ", ".join(parts) + "."
    ]

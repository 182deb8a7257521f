"""Turning cells into the Markdown table, with ratios and the issue's targets."""

from __future__ import annotations

from benchkit.frameworks import BASELINES, FRAMEWORKS, TARGETS
from benchkit.inprocess import Cell
from benchkit.scenarios import SCENARIOS

COLUMNS = {
    "wsgi": [("django", "x Django"), ("falcon", "x Falcon"), ("floor", "x floor")],
    "asgi": [("django", "x Django ASGI"), ("starlette", "x Starlette"), ("floor", "x floor")],
}
FRIENDLY = {
    "django": "Django",
    "falcon": "Falcon",
    "starlette": "Starlette",
    "django-jinja2": "Django+Jinja2",
}


def _index(cells: list[Cell]) -> dict[tuple[str, str], Cell]:
    return {(c.framework, c.scenario): c for c in cells}


def ratio(cells: dict[tuple[str, str], Cell], cell: Cell, baseline: str) -> float | None:
    """``cell`` over ``baseline``: a framework name (same scenario) or "framework:scenario"."""
    framework, _, scenario = baseline.partition(":")
    other = cells.get((framework, scenario or cell.scenario))
    if cell.median is None or other is None or not other.median:
        return None
    return cell.median / other.median


def target_verdict(cells: dict[tuple[str, str], Cell], cell: Cell) -> str:
    targets = TARGETS.get((cell.framework, cell.scenario))
    if not targets:
        return ""
    if cell.median is None:
        return "not measured"
    parts, all_met = [], True
    for baseline, minimum in targets:
        value = ratio(cells, cell, baseline)
        name = FRIENDLY.get(baseline, baseline)
        if value is None:
            parts.append(f"? vs {name} (not measured)")
            all_met = False
            continue
        met = value >= minimum
        all_met &= met
        parts.append(f"{value:.2f}x {name} {'>=' if met else '<'} {minimum:g}")
    return ("**met**: " if all_met else "**NOT met**: ") + ", ".join(parts)


def _fmt_rps(value: float) -> str:
    return f"{value:,.0f}"


def table(cells: list[Cell], kind: str, notes: list[str]) -> list[str]:
    """The Markdown lines of one protocol's table; rows without a number add to ``notes``."""
    index = _index(cells)
    columns = COLUMNS[kind]
    head = ["scenario", "framework", "req/s", "spread"] + [c[1] for c in columns] + ["target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for cell in cells:
        if cell.kind != kind:
            continue
        label = FRAMEWORKS[cell.framework].label if cell.framework in FRAMEWORKS else cell.framework
        scenario = cell.scenario if kind == "wsgi" else f"asgi {cell.scenario}"
        if cell.status != "ok" or cell.median is None:
            notes.append(
                f"{label} / {scenario}: " + " ".join(cell.reason.split()).replace("|", "/")
            )
            word = "n/a" if cell.status == "na" else "**FAILED**"
            short = cell.reason.split(":")[0][:40].replace("|", "/")
            row = [scenario, label, f"{word} ({short}, note {len(notes)})", ""]
            row += [""] * len(columns) + [target_verdict(index, cell)]
        else:
            spread = f"±{cell.spread * 50:.0f}%" if cell.spread is not None else ""
            row = [scenario, label, _fmt_rps(cell.median), spread]
            for key, _ in columns:
                value = ratio(index, cell, BASELINES[kind][key])
                row.append(f"{value:.2f}" if value is not None else "")
            row.append(target_verdict(index, cell))
        lines.append("| " + " | ".join(row) + " |")
    return lines


def render(cells: list[Cell], meta: dict[str, str], settings_line: str) -> str:
    out = [
        f"# In-process benchmark, {meta['date']}",
        "",
        f"- Python: {meta['python']}",
        f"- Machine: {meta['machine']} (load average at start {meta['load']})",
        f"- Method: {settings_line}",
    ]
    versions = sorted({c.version for c in cells if c.version})
    if versions:
        out.append(f"- Versions: {', '.join(versions)}")
    out.append("")
    all_notes: list[str] = []
    for kind, title in (("wsgi", "WSGI"), ("asgi", "ASGI")):
        if not any(c.kind == kind for c in cells):
            continue
        out += [f"## {title}", ""] + table(cells, kind, all_notes) + [""]
    scored = [
        target_verdict(_index(cells), c) for c in cells if (c.framework, c.scenario) in TARGETS
    ]
    if scored:
        met = sum(v.startswith("**met**") for v in scored)
        out += [f"Targets met: {met} of {len(scored)} scallion rows.", ""]
    if all_notes:
        out += ["### Notes (rows without a number)", ""]
        out += [f"{i}. {note}" for i, note in enumerate(all_notes, 1)] + [""]
    legend = ", ".join(f"`{s.name}`: {s.description}" for s in SCENARIOS.values())
    out += [
        "Ratios divide the row's median by the baseline's median for the same scenario. "
        "Spread is half the (max - min) range of the samples, as a percentage of the median.",
        "",
        f"Scenarios: {legend}.",
        "",
    ]
    return "\n".join(out)

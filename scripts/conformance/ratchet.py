"""The ratchet: scallion's pass count per package may go up, never down.

``ratchet.json`` records, per package, how many of the tests that pass on Django pass
on scallion. ``--check`` fails when a package passes fewer; ``--update-ratchet``
records the counts of the packages just run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path


def load(path: Path) -> dict[str, int]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(name): int(count) for name, count in data.items()}


def regressions(recorded: Mapping[str, int], measured: Mapping[str, int]) -> list[str]:
    """One line per measured package that passes fewer tests than recorded."""
    lines = []
    for package, count in sorted(measured.items()):
        floor = recorded.get(package, 0)
        if count < floor:
            lines.append(
                f"{package}: {count} pass on scallion, {floor} recorded (-{floor - count})"
            )
    return lines


def improvements(recorded: Mapping[str, int], measured: Mapping[str, int]) -> list[str]:
    return [
        f"{package}: {count} (recorded {recorded.get(package, 0)})"
        for package, count in sorted(measured.items())
        if count > recorded.get(package, 0)
    ]


def update(path: Path, measured: Mapping[str, int]) -> dict[str, int]:
    """Record ``measured`` (the packages run) over what ``path`` holds."""
    merged = {**load(path), **measured}
    ordered = dict(sorted(merged.items()))
    path.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    return ordered

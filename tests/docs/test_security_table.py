"""docs/security.md names a test for every check: each one named must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLE = (ROOT / "docs" / "security.md").read_text()
# `tests/x/test_y.py::name` or a continuation `::name` within the same cell.
CELL_TESTS = re.compile(r"`(tests/[\w/]+\.py)?::(\w+)`")


def named_tests() -> list[tuple[str, str]]:
    found = []
    for line in TABLE.splitlines():
        if not line.startswith("| ") or line.startswith("| check"):
            continue
        current = None
        for module, name in CELL_TESTS.findall(line.split(" | ")[-1]):
            current = module or current
            assert current, f"a '::{name}' with no file before it: {line}"
            found.append((current, name))
    return found


def test_every_row_names_a_test() -> None:
    rows = [line for line in TABLE.splitlines() if line.startswith("| ") and "|---" not in line]
    body = rows[1:]
    assert len(body) >= 25
    for row in body:
        assert CELL_TESTS.search(row.split(" | ")[-1]), f"no test named: {row[:80]}"


def test_every_named_test_exists() -> None:
    tests = named_tests()
    assert tests
    for module, name in tests:
        tree = ast.parse((ROOT / module).read_text())
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert name in names, f"{module}::{name} is named in docs/security.md but does not exist"

"""The runner's cached Django baseline: reused only while it ran what the package names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance import run
from conformance.packages import Package


def write_baseline(directory: Path, name: str, *records: dict[str, Any]) -> None:
    lines = [json.dumps(r) for r in (*records, {"done": True, "seconds": 1.0})]
    (directory / f"{name}.jsonl").write_text("\n".join(lines) + "\n")


def test_a_whole_package_baseline_is_reused(tmp_path: Path) -> None:
    write_baseline(tmp_path, "signing", {"collected": ["signing.tests.A.test_a"]})
    cached = run.cached_baseline(tmp_path, Package("signing"))
    assert cached is not None and cached.collected == ["signing.tests.A.test_a"]


def test_a_baseline_of_other_modules_is_stale(tmp_path: Path) -> None:
    write_baseline(
        tmp_path,
        "utils_tests",
        {"collected": ["utils_tests.test_http.T.test_a", "utils_tests.test_text.T.test_b"]},
        {"import_error": "utils_tests.test_crypto", "reason": "ImportError"},
    )
    same = Package("utils_tests", ("test_http", "test_text", "test_crypto"))
    assert run.cached_baseline(tmp_path, same) is not None
    # A module added to the list (or dropped from it) needs Django to run again.
    assert (
        run.cached_baseline(tmp_path, Package("utils_tests", (*same.modules, "test_csp"))) is None
    )
    assert run.cached_baseline(tmp_path, Package("utils_tests", ("test_http",))) is None


def test_an_unfinished_baseline_is_not_reused(tmp_path: Path) -> None:
    (tmp_path / "signing.jsonl").write_text(json.dumps({"collected": []}) + "\n")
    assert run.cached_baseline(tmp_path, Package("signing")) is None

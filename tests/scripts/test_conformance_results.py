"""Reading the worker's results, and each baseline test's outcome on scallion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance import results


def write(path: Path, *records: dict[str, Any], tail: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + tail)
    return path


def test_reported_and_inferred_outcomes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.jsonl",
        {"import_error": "pkg.test_broken", "reason": "ImportError: no SimpleTestCase"},
        {"collected": ["pkg.tests.A.test_ok", "pkg.tests.A.test_bad"]},
        {"id": "pkg.tests.A.test_ok", "outcome": "pass"},
        {"id": "pkg.tests.A.test_bad", "outcome": "fail", "reason": "AssertionError: 1 != 2"},
        {"fixture": "setUpClass (pkg.tests.B)", "outcome": "error", "reason": "OSError: port"},
        {"done": True, "seconds": 1.5},
        tail='{"id": "cut short',
    )
    run = results.read(path)
    assert run.done and run.seconds == 1.5
    assert run.passing() == {"pkg.tests.A.test_ok"}
    assert run.outcome_of("pkg.tests.A.test_bad").reason == "AssertionError: 1 != 2"
    broken = run.outcome_of("pkg.test_broken.C.test_x")
    assert (broken.outcome, broken.reason) == (
        "error",
        "import of pkg.test_broken failed: ImportError: no SimpleTestCase",
    )
    fixture = run.outcome_of("pkg.tests.B.test_y")
    assert (fixture.outcome, fixture.reason) == ("error", "setUpClass failed: OSError: port")
    assert run.outcome_of("pkg.tests.Z.test_gone").reason == "not collected on this run"


def test_a_process_that_stopped_early(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", {"collected": ["a.b.C.test_1"]})
    run = results.read(path, stopped="the package's process passed the 420 s limit")
    assert not run.done
    assert run.outcome_of("a.b.C.test_1").reason == (
        "not reached: the package's process passed the 420 s limit"
    )
    assert results.read(tmp_path / "absent.jsonl").stopped == "no results were written"


def test_compare_measures_only_what_passes_on_django(tmp_path: Path) -> None:
    django = results.read(
        write(
            tmp_path / "d.jsonl",
            {"collected": ["p.t.A.test_1", "p.t.A.test_2", "p.t.A.test_3"]},
            {"id": "p.t.A.test_1", "outcome": "pass"},
            {"id": "p.t.A.test_2", "outcome": "xfail"},
            {"id": "p.t.A.test_3", "outcome": "fail"},
            {"done": True},
        )
    )
    scallion = results.read(
        write(
            tmp_path / "s.jsonl",
            {"collected": ["p.t.A.test_1", "p.t.A.test_2", "p.t.A.test_3"]},
            {"id": "p.t.A.test_1", "outcome": "error", "reason": "KeyError: x"},
            {"id": "p.t.A.test_2", "outcome": "xfail"},
            {"id": "p.t.A.test_3", "outcome": "pass"},
            {"done": True},
        )
    )
    comparison = results.compare("p", django, scallion)
    assert (comparison.django_collected, comparison.django_passed) == (3, 2)
    assert (comparison.baseline, comparison.passed) == (2, 1)
    assert list(comparison.failing()) == ["p.t.A.test_1"]

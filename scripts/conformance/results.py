"""Reading a package's JSON-lines results, and what a baseline test's outcome was.

A test the worker did not report itself still gets an outcome: the import error of
its module, the failure of its class fixture, the process stopping early, or "not
collected".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Outcomes that count as passing, on Django as on scallion.
PASSING = frozenset({"pass", "xfail"})


@dataclass
class Outcome:
    """What happened to one test."""

    outcome: str
    reason: str = ""
    where: str = ""
    by_stub: bool = False

    @property
    def passed(self) -> bool:
        return self.outcome in PASSING


@dataclass
class PackageRun:
    """The results of one package on one framework."""

    collected: list[str] = field(default_factory=list)
    tests: dict[str, Outcome] = field(default_factory=dict)
    import_errors: dict[str, str] = field(default_factory=dict)
    fixtures: dict[str, Outcome] = field(default_factory=dict)
    done: bool = False
    seconds: float = 0.0
    stopped: str = ""

    def passing(self) -> set[str]:
        return {test_id for test_id, outcome in self.tests.items() if outcome.passed}

    def outcome_of(self, test_id: str) -> Outcome:
        """This run's outcome for ``test_id``, reported or inferred."""
        found = self.tests.get(test_id)
        if found is not None:
            return found
        for module, reason in self.import_errors.items():
            if test_id.startswith(module + "."):
                return Outcome("error", f"import of {module} failed: {reason}")
        class_name, _, _ = test_id.rpartition(".")
        module_name = class_name.rpartition(".")[0]
        for fixture in (
            f"setUpClass ({class_name})",
            f"setUpModule ({module_name})",
        ):
            failed = self.fixtures.get(fixture)
            if failed is not None:
                what = fixture.split(" ", 1)[0]
                return Outcome(failed.outcome, f"{what} failed: {failed.reason}", failed.where)
        if not self.done:
            return Outcome("error", f"not reached: {self.stopped or 'the test process stopped'}")
        return Outcome("error", "not collected on this run")


def read(path: Path, stopped: str = "") -> PackageRun:
    """Parse a worker's output file (missing file: nothing ran)."""
    run = PackageRun(stopped=stopped)
    if not path.is_file():
        run.stopped = stopped or "no results were written"
        return run
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a killed process
        if "collected" in record:
            run.collected = list(record["collected"])
        elif "id" in record:
            run.tests[record["id"]] = _outcome(record)
        elif "import_error" in record:
            run.import_errors[record["import_error"]] = record.get("reason", "")
        elif "fixture" in record:
            run.fixtures[record["fixture"]] = _outcome(record)
        elif record.get("done"):
            run.done = True
            run.seconds = float(record.get("seconds", 0.0))
    return run


def _outcome(record: dict[str, Any]) -> Outcome:
    return Outcome(
        outcome=str(record.get("outcome", "error")),
        reason=str(record.get("reason", "")),
        where=str(record.get("where", "")),
        by_stub=bool(record.get("by_stub", False)),
    )


@dataclass
class Comparison:
    """One package: Django's baseline against scallion's outcomes for the same tests."""

    package: str
    django_collected: int
    django_passed: int
    outcomes: dict[str, Outcome]
    scallion_seconds: float = 0.0
    django_seconds: float = 0.0

    def count(self, *outcomes: str) -> int:
        return sum(1 for o in self.outcomes.values() if o.outcome in outcomes)

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes.values() if o.passed)

    @property
    def baseline(self) -> int:
        return len(self.outcomes)

    def failing(self) -> dict[str, Outcome]:
        return {t: o for t, o in sorted(self.outcomes.items()) if not o.passed}


def compare(package: str, django: PackageRun, scallion: PackageRun) -> Comparison:
    """Scallion's outcome for every test that passes on Django."""
    baseline = sorted(django.passing())
    return Comparison(
        package=package,
        django_collected=len(django.collected),
        django_passed=len(baseline),
        outcomes={test_id: scallion.outcome_of(test_id) for test_id in baseline},
        scallion_seconds=scallion.seconds,
        django_seconds=django.seconds,
    )

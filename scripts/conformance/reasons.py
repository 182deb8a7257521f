"""Why a test that passes on Django does not pass on scallion: ``reasons.toml``.

Each ``[[reason]]`` names the tests it explains, by id patterns (``fnmatch``, on the
full test id) and/or by a piece of their failure text, and gives a category and a
note. The first reason that matches a test wins. A test no reason matches is
classed by what the worker saw: a failure raised inside an out-of-scope stub is
out of scope, anything else a bug not yet looked at.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path

from conformance.results import Outcome

#: Category key → the words the report uses.
CATEGORIES = {
    "out-of-scope": "out of scope",
    "intentional": "intentional difference",
    "bug": "bug",
}
DOC = "coming-from-django.md"


@dataclass(frozen=True)
class Reason:
    category: str
    note: str
    tests: tuple[str, ...] = ()
    error: str = ""
    doc: str = ""

    def matches(self, test_id: str, outcome: Outcome) -> bool:
        if self.tests and not any(fnmatch.fnmatchcase(test_id, p) for p in self.tests):
            return False
        return not self.error or self.error in outcome.reason


@dataclass(frozen=True)
class Verdict:
    category: str
    note: str
    doc: str = ""
    triaged: bool = True


def load(path: Path) -> list[Reason]:
    """The reasons in ``path``, checked: a bad entry is an error naming it."""
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    reasons: list[Reason] = []
    for index, entry in enumerate(data.get("reason", []), start=1):
        where = f"{path.name}, reason #{index}"
        unknown = set(entry) - {"category", "note", "tests", "error", "doc"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}.")
        category = entry.get("category", "")
        if category not in CATEGORIES:
            raise ValueError(f"{where}: category must be one of {sorted(CATEGORIES)}.")
        tests = entry.get("tests", [])
        if isinstance(tests, str):
            tests = [tests]
        if not tests and not entry.get("error"):
            raise ValueError(f"{where}: give `tests` patterns, an `error` text, or both.")
        doc = entry.get("doc", "")
        if category == "intentional" and not doc.startswith(DOC + "#"):
            raise ValueError(f"{where}: an intentional difference links {DOC}#<section>.")
        if not entry.get("note"):
            raise ValueError(f"{where}: a `note` says why.")
        reasons.append(Reason(category, entry["note"], tuple(tests), entry.get("error", ""), doc))
    return reasons


def classify(test_id: str, outcome: Outcome, reasons: list[Reason]) -> Verdict:
    """The verdict for one non-passing test."""
    for reason in reasons:
        if reason.matches(test_id, outcome):
            return Verdict(reason.category, reason.note, reason.doc)
    if outcome.by_stub:
        return Verdict("out-of-scope", "uses a module scallion leaves out (a stub raised)")
    return Verdict("bug", "not yet looked at", triaged=False)

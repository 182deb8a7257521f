"""``docs/conformance.md`` and the console table, from the comparisons of a run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conformance.reasons import CATEGORIES, Reason, Verdict, classify
from conformance.results import Comparison


@dataclass(frozen=True)
class Totals:
    baseline: int
    passed: int
    failed: int
    errored: int
    skipped: int

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.baseline if self.baseline else 100.0


def totals(comparison: Comparison) -> Totals:
    return Totals(
        baseline=comparison.baseline,
        passed=comparison.passed,
        failed=comparison.count("fail", "xpass"),
        errored=comparison.count("error"),
        skipped=comparison.count("skip"),
    )


def grand_total(comparisons: Sequence[Comparison]) -> Totals:
    parts = [totals(c) for c in comparisons]
    return Totals(*(sum(getattr(t, name) for t in parts) for name in Totals.__dataclass_fields__))


def _percent(t: Totals) -> str:
    return f"{t.percent:.1f}%"


def table_rows(comparisons: Sequence[Comparison]) -> list[list[str]]:
    rows = []
    for c in comparisons:
        t = totals(c)
        rows.append(
            [
                c.package,
                str(c.django_collected),
                str(c.django_passed),
                str(t.passed),
                str(t.failed),
                str(t.errored),
                str(t.skipped),
                _percent(t),
            ]
        )
    g = grand_total(comparisons)
    rows.append(
        [
            "**total**",
            str(sum(c.django_collected for c in comparisons)),
            str(sum(c.django_passed for c in comparisons)),
            str(g.passed),
            str(g.failed),
            str(g.errored),
            str(g.skipped),
            _percent(g),
        ]
    )
    return rows


HEADER = [
    "package",
    "run on Django",
    "pass on Django",
    "pass on scallion",
    "fail",
    "error",
    "skip",
    "scallion / Django",
]


def console_table(comparisons: Sequence[Comparison]) -> str:
    rows = [HEADER, *table_rows(comparisons)]
    widths = [max(len(row[i].strip("*")) for row in rows) for i in range(len(HEADER))]
    lines = []
    for row in rows:
        cells = [row[0].strip("*").ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def _markdown_table(
    header: list[str], rows: list[list[str]], *, numeric: bool = False
) -> list[str]:
    """A Markdown table; ``numeric``: every column but the first is right-aligned."""
    lines = ["| " + " | ".join(header) + " |"]
    align = ["---" if i == 0 or not numeric else "---:" for i in range(len(header))]
    lines.append("|" + "|".join(align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _verdict_text(verdict: Verdict) -> str:
    words = CATEGORIES[verdict.category]
    if verdict.doc:
        words = f"[{words}]({verdict.doc})"
    if not verdict.triaged:
        words += " (untriaged)"
    return words


def markdown(
    comparisons: Sequence[Comparison],
    reasons: list[Reason],
    *,
    django_version: str,
    python: str,
    seconds: float,
) -> str:
    """The whole of docs/conformance.md."""
    g = grand_total(comparisons)
    by_category: dict[str, int] = {}
    sections: list[str] = []
    for c in comparisons:
        failing = c.failing()
        if not failing:
            continue
        rows = []
        for test_id, outcome in failing.items():
            verdict = classify(test_id, outcome, reasons)
            by_category[verdict.category] = by_category.get(verdict.category, 0) + 1
            detail = verdict.note
            if not verdict.triaged and outcome.reason:
                detail = outcome.reason
            elif outcome.reason and verdict.category == "bug":
                detail = f"{verdict.note} ({outcome.reason})"
            short = (
                test_id[len(c.package) + 1 :] if test_id.startswith(c.package + ".") else test_id
            )
            rows.append(
                [f"`{_cell(short)}`", outcome.outcome, _verdict_text(verdict), _cell(detail)]
            )
        sections.append(f"### {c.package} ({len(failing)})")
        sections.append("")
        sections += _markdown_table(["test", "result", "why", "detail"], rows)
        sections.append("")
    counts = ", ".join(f"{by_category.get(key, 0)} {words}" for key, words in CATEGORIES.items())
    lines = [
        "# Django's test suite on scallion",
        "",
        "<!-- Written by scripts/django-conformance; reasons live in "
        "scripts/conformance/reasons.toml. Do not edit by hand. -->",
        "",
        "scallion promises that a Django project without the ORM runs after renaming the "
        "`django` import prefix to `scallion`. This page measures that promise with Django's "
        f"own tests: the request-cycle packages of Django {django_version}'s test suite, run "
        "once against Django and once against scallion, by the same runner, on "
        f"Python {python}.",
        "",
        f"**{g.passed} of the {g.baseline} tests that pass on Django pass on scallion "
        f"({_percent(g)}).** Of the others: {counts}.",
        "",
        "## How it is measured",
        "",
        "- `scripts/django-conformance` downloads Django's sdist with pip and runs each test "
        "package of its `tests/` in a process of its own, two at a time, first in a venv "
        "with Django, then in one with scallion installed from this checkout.",
        "- On scallion, an import hook maps `django` and every `django.*` module to "
        "`scallion` and `scallion.*`, and the tests' source gets the rename a port would "
        "make: the `django` prefix of dotted paths in strings (settings, `mock.patch` "
        "targets, logger names) becomes `scallion`.",
        "- What scallion leaves out (the ORM with the database session backends and the "
        "fixture-loading commands, `contrib.auth`, `contrib.admin`, `contrib.contenttypes`, "
        "`contrib.sites`, `core.mail` with its checks, settings and `BrokenLinkEmailsMiddleware`, "
        "`forms`, Selenium) is "
        "replaced by stubs in both runs: a test that imports or names one of them gets a "
        "stand-in that fails when really used. So is one Django internal that tests import "
        "to count its calls (`django.http.multipartparser.LazyStream`). Django's run has "
        "empty translation catalogs, and no test database (its `TestCase` gets an empty "
        "in-memory SQLite). The list is `OUT_OF_SCOPE` in "
        "`scripts/conformance/worker/transform.py`.",
        "- **The baseline** is what passes on Django under those conditions: the tests that "
        "need nothing scallion leaves out. Every one of them that does not pass on scallion "
        "is listed below with a reason: *out of scope*, an *intentional difference* (linked "
        "to [Coming from Django](coming-from-django.md)), or a *bug*.",
        "- A package's pass count may not fall below the count recorded in "
        "`scripts/conformance/ratchet.json`: CI runs `scripts/django-conformance --check`.",
        "",
        "Run it yourself: `scripts/django-conformance` (all packages, about "
        f"{max(1, round(seconds / 60))} min on 2 cores), `--packages httpwrappers,signing`, "
        "`--test httpwrappers.tests.QueryDictTests.test_urlencode` (prints the traceback).",
        "",
        "## Per package",
        "",
        *_markdown_table(HEADER, table_rows(comparisons), numeric=True),
        "",
        "## Tests that pass on Django but not on scallion",
        "",
        *sections,
    ]
    return "\n".join(lines).rstrip() + "\n"

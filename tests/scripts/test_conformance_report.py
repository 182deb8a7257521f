"""docs/conformance.md: the totals, the table, and every non-passing test with its reason."""

from __future__ import annotations

from conformance import packages, report
from conformance.reasons import Reason
from conformance.results import Comparison, Outcome


def comparison() -> Comparison:
    return Comparison(
        package="httpwrappers",
        django_collected=5,
        django_passed=4,
        outcomes={
            "httpwrappers.tests.A.test_1": Outcome("pass"),
            "httpwrappers.tests.A.test_2": Outcome("pass"),
            "httpwrappers.tests.A.test_3": Outcome("fail", "AssertionError: 'a|b' != 'c'"),
            "httpwrappers.tests.B.test_4": Outcome("error", "KeyError: 'x'"),
        },
    )


def test_markdown_lists_every_non_passing_test_with_its_reason() -> None:
    known = [
        Reason(
            "intentional",
            "cookie values are quoted",
            ("httpwrappers.tests.A.*",),
            doc="coming-from-django.md#cookies",
        )
    ]
    text = report.markdown([comparison()], known, django_version="6.1.3", python="3.13", seconds=90)
    assert "**2 of the 4 tests that pass on Django pass on scallion (50.0%).**" in text
    assert "0 out of scope, 1 intentional difference, 1 bug" in text
    assert "| httpwrappers | 5 | 4 | 2 | 1 | 1 | 0 | 50.0% |" in text
    assert "### httpwrappers (2)" in text
    assert (
        "| `tests.A.test_3` | fail | [intentional difference](coming-from-django.md#cookies)"
        " | cookie values are quoted |"
    ) in text
    assert "| `tests.B.test_4` | error | bug (untriaged) | KeyError: 'x' |" in text


def test_console_table_has_a_total() -> None:
    table = report.console_table([comparison(), comparison()])
    assert table.splitlines()[-1].split() == ["total", "10", "8", "4", "2", "2", "0", "50.0%"]


def test_package_selection() -> None:
    selected = packages.select(["utils_tests", "cache", "cache", " "])
    assert [p.name for p in selected] == ["utils_tests", "cache"]
    assert "test_http" in selected[0].modules and selected[1].modules == ()
    try:
        packages.select(["../etc"])
    except ValueError as exc:
        assert "is not a test package name" in str(exc)
    else:
        raise AssertionError("a path was accepted as a package name")

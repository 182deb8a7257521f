"""reasons.toml: the checked list of why a test does not pass on scallion."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import reasons
from conformance.results import Outcome

HERE = Path(__file__).resolve()
REPOSITORY_REASONS = HERE.parents[2] / "scripts" / "conformance" / "reasons.toml"


def load(tmp_path: Path, text: str) -> list[reasons.Reason]:
    path = tmp_path / "reasons.toml"
    path.write_text(text)
    return reasons.load(path)


def test_the_repository_file_loads() -> None:
    reasons.load(REPOSITORY_REASONS)


def test_first_match_wins_and_stubs_explain_the_rest(tmp_path: Path) -> None:
    known = load(
        tmp_path,
        """
        [[reason]]
        tests = ["pkg.tests.CookieTests.*"]
        category = "intentional"
        doc = "coming-from-django.md#cookies"
        note = "cookie values are quoted"

        [[reason]]
        error = "No module named 'scallion.utils.csp'"
        category = "bug"
        note = "the CSP middleware is missing"
        """,
    )
    failed = Outcome("fail", "AssertionError")
    cookie = reasons.classify("pkg.tests.CookieTests.test_x", failed, known)
    assert (cookie.category, cookie.doc) == ("intentional", "coming-from-django.md#cookies")
    csp = reasons.classify(
        "pkg.tests.Other.test_y",
        Outcome(
            "error",
            "ModuleNotFoundError: No module named "
            "'scallion.utils.csp' (imported as 'django.utils.csp')",
        ),
        known,
    )
    assert csp.note == "the CSP middleware is missing"
    stubbed = reasons.classify("pkg.a.B.test", Outcome("error", "OutOfScope", by_stub=True), known)
    assert stubbed.category == "out-of-scope"
    unknown = reasons.classify("pkg.a.B.test", failed, known)
    assert (unknown.category, unknown.triaged) == ("bug", False)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('tests = ["a"]\ncategory = "maybe"\nnote = "x"', "category must be one of"),
        ('category = "bug"\nnote = "x"', "give `tests` patterns, an `error` text, or both"),
        ('tests = ["a"]\ncategory = "intentional"\nnote = "x"', "links coming-from-django.md#"),
        ('tests = ["a"]\ncategory = "bug"', "a `note` says why"),
        ('tests = ["a"]\ncategory = "bug"\nnote = "x"\nwhy = "y"', "unknown keys ['why']"),
    ],
)
def test_a_bad_entry_is_named(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"reasons\.toml, reason #1") as info:
        load(tmp_path, f"[[reason]]\n{entry}\n")
    assert message in str(info.value)

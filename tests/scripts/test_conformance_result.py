"""The worker's result: one JSON line per outcome, fixtures and time limits included."""

from __future__ import annotations

import inspect
import io
import json
import time
import unittest
from typing import Any

from conformance.worker.result import RecordingResult, short_line


class Cases(unittest.TestCase):
    __test__ = False  # run by the tests below, not collected by pytest

    def test_pass(self) -> None:
        pass

    def test_fail(self) -> None:
        self.assertEqual(1, 2)

    def test_error(self) -> None:
        raise KeyError("missing")

    @unittest.skip("not here")
    def test_skip(self) -> None:
        pass

    def test_subtest(self) -> None:
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 2)

    @unittest.expectedFailure
    def test_xfail(self) -> None:
        self.fail("expected")

    def test_slow(self) -> None:
        time.sleep(5)


class BrokenFixture(unittest.TestCase):
    __test__ = False

    @classmethod
    def setUpClass(cls) -> None:
        raise RuntimeError("no server")

    def test_never_runs(self) -> None:
        pass


def run(*tests: unittest.TestCase) -> list[dict[str, Any]]:
    stream = io.StringIO()
    result = RecordingResult(stream, per_test_timeout=0.3, verbose=False)
    try:
        unittest.TestSuite(tests).run(result)
    finally:
        result.disarm()
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_outcome_is_recorded() -> None:
    names = ["pass", "fail", "error", "skip", "subtest", "xfail", "slow"]
    records = run(*(Cases(f"test_{name}") for name in names))
    by_name = {r["id"].rsplit(".test_", 1)[1]: r for r in records}
    assert {name: by_name[name]["outcome"] for name in names} == {
        "pass": "pass",
        "fail": "fail",
        "error": "error",
        "skip": "skip",
        "subtest": "fail",
        "xfail": "xfail",
        "slow": "error",
    }
    assert by_name["fail"]["reason"] == "AssertionError: 1 != 2"
    assert by_name["error"]["reason"] == "KeyError: 'missing'"
    error_line = inspect.getsourcelines(Cases.test_error)[1] + 1
    assert by_name["error"]["where"].endswith(f"test_conformance_result.py:{error_line}")
    assert by_name["slow"]["reason"] == "TestTimeout: still running after 0.3 s"
    assert by_name["skip"]["reason"] == "not here"
    assert by_name["pass"]["seconds"] >= 0


def test_a_failed_class_fixture_is_recorded_for_its_class() -> None:
    records = run(unittest.TestSuite([BrokenFixture("test_never_runs")]))
    assert records == [
        {
            "fixture": f"setUpClass ({__name__}.BrokenFixture)",
            "outcome": "error",
            "reason": "RuntimeError: no server",
            "where": records[0]["where"],
            "by_stub": False,
        }
    ]


def test_reasons_name_no_machine_paths() -> None:
    text = "ImportError: cannot import name 'X' from 'scallion.test' (/h/c/scallion/test/a.py)"
    assert short_line(text) == "ImportError: cannot import name 'X' from 'scallion.test' " + (
        "(scallion/test/a.py)"
    )
    assert short_line("OSError: /venv/lib/site-packages/django/x.py\nmore") == (
        "OSError: django/x.py"
    )

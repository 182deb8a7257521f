"""A unittest result that writes one JSON line per test as soon as it ends.

Lines are written (and flushed) as tests finish, so a process killed by the runner's
time limit still leaves the outcomes it reached. Each line is one of::

    {"collected": [test ids]}
    {"id": ..., "outcome": "pass"|"fail"|"error"|"skip"|"xfail"|"xpass",
     "reason": ..., "where": ..., "stubs": [...], "seconds": ...}
    {"fixture": "setUpClass (pkg.module.Class)", "outcome": "error", "reason": ...}
    {"import_error": "pkg.module", "reason": ...}
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
import traceback
import unittest
from types import FrameType, TracebackType
from typing import IO, Any

from conformance.worker import stubs

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

#: Outcomes ranked so that the worst of a test and its subtests wins.
_RANK = {"pass": 0, "xfail": 0, "skip": 1, "xpass": 2, "fail": 3, "error": 4}


class TestTimeout(Exception):
    """A test (or a class fixture) ran longer than the runner's limit."""


_ABSOLUTE_PATH = re.compile(r"/[\w.+-]+(?:/[\w.+-]+)+")


def _first_line(text: str, limit: int = 300) -> str:
    """The first line of ``text``, with machine-specific paths shortened."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    line = _ABSOLUTE_PATH.sub(lambda m: _short_path(m.group(0)), line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe(err: ExcInfo) -> tuple[str, str, bool]:
    """(reason, where, caused_by_stub) for an exception: its type and first line,
    the innermost frame outside the test's own package, whether a stub raised it."""
    exc_type, exc, tb = err
    reason = _first_line(f"{exc_type.__name__}: {exc}")
    frames = traceback.extract_tb(tb)
    by_stub = isinstance(exc, stubs.OutOfScope) or any(
        stubs.is_stub_frame(frame.filename) for frame in frames
    )
    where = ""
    for frame in reversed(frames):
        if "/unittest/" in frame.filename:
            continue
        where = f"{_short_path(frame.filename)}:{frame.lineno}"
        break
    return reason, where, by_stub


def short_line(text: str) -> str:
    """``text``'s first line as the report shows it."""
    return _first_line(text)


def _short_path(filename: str) -> str:
    for marker in ("/site-packages/", "/tests/", "/scallion/"):
        index = filename.rfind(marker)
        if index >= 0:
            head = "scallion/" if marker == "/scallion/" else ""
            return head + filename[index + len(marker) :]
    return os.path.basename(filename)


class RecordingResult(unittest.TestResult):
    """Records every test's outcome to ``stream`` as JSON lines."""

    def __init__(self, stream: IO[str], *, per_test_timeout: float, verbose: bool) -> None:
        super().__init__()
        self.stream = stream
        self.timeout = per_test_timeout
        self.verbose = verbose
        self.current: dict[str, Any] = {}
        self.started = 0.0
        signal.signal(signal.SIGALRM, self._on_alarm)

    # The watchdog covers tests and the class fixtures run between them.
    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        raise TestTimeout(f"still running after {self.timeout:g} s")

    def _arm(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, self.timeout)

    def disarm(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record) + "\n")
        self.stream.flush()

    def collected(self, ids: list[str]) -> None:
        self.write({"collected": ids})

    def startTest(self, test: unittest.TestCase) -> None:
        super().startTest(test)
        self.current = {"id": test.id(), "outcome": "pass", "reason": "", "where": ""}
        self.started = time.perf_counter()
        stubs.start_recording()
        self._arm()

    def stopTest(self, test: unittest.TestCase) -> None:
        used = stubs.stop_recording()
        record = self.current
        record["stubs"] = sorted(used)[:5]
        record["seconds"] = round(time.perf_counter() - self.started, 4)
        if record.get("id") == test.id():
            self.write(record)
            if self.verbose and record["outcome"] not in ("pass", "skip"):
                print(f"{record['outcome'].upper()}: {record['id']}\n{record.get('trace', '')}")
        self.current = {}
        super().stopTest(test)
        self._arm()

    def _set(self, outcome: str, err: ExcInfo | None = None, reason: str = "") -> None:
        record = self.current
        if _RANK[outcome] < _RANK.get(record.get("outcome", "pass"), 0):
            return
        record["outcome"] = outcome
        if err is not None:
            record["reason"], record["where"], record["by_stub"] = describe(err)
            if self.verbose:
                record["trace"] = "".join(traceback.format_exception(*err))
        elif reason:
            record["reason"] = _first_line(reason)

    def addError(self, test: unittest.TestCase, err: Any) -> None:
        if not self.current or self.current.get("id") != test.id():
            if isinstance(test, unittest.TestCase):
                # A test's own fixture failed before unittest started it.
                reason, where, by_stub = describe(err)
                self.write(
                    {"id": test.id(), "outcome": "error", "reason": reason, "where": where}
                    | {"by_stub": by_stub}
                )
                return
            self._fixture_error(test, err)
            return
        self._set("error", err)

    def addFailure(self, test: unittest.TestCase, err: Any) -> None:
        self._set("fail", err)

    def addSubTest(self, test: unittest.TestCase, subtest: unittest.TestCase, err: Any) -> None:
        if err is not None:
            self._set("fail" if issubclass(err[0], test.failureException) else "error", err)

    def addSkip(self, test: unittest.TestCase, reason: str) -> None:
        if not self.current or self.current.get("id") != test.id():
            # setUpClass/setUpModule raised SkipTest: the class is skipped as a whole.
            description = str(getattr(test, "description", test))
            self.write({"fixture": description, "outcome": "skip", "reason": _first_line(reason)})
            return
        self._set("skip", reason=reason)

    def addExpectedFailure(self, test: unittest.TestCase, err: Any) -> None:
        self._set("xfail", err)

    def addUnexpectedSuccess(self, test: unittest.TestCase) -> None:
        self._set("xpass", reason="unexpected success")

    def _fixture_error(self, test: Any, err: ExcInfo) -> None:
        """setUpClass/setUpModule (and their teardowns) fail outside any test."""
        reason, where, by_stub = describe(err)
        description = str(getattr(test, "description", test))
        record = {"fixture": description, "outcome": "error", "reason": reason}
        record.update(where=where, by_stub=by_stub)
        if self.verbose:
            print(f"FIXTURE ERROR: {description}\n{''.join(traceback.format_exception(*err))}")
        self.write(record)

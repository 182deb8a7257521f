"""One test process: ``python -m conformance.worker --framework F --package P --out FILE``.

Installs the import hooks, configures settings as Django's ``runtests.py`` does,
loads the package's tests (discovery of ``test*.py``, a module list, or single test
ids) and runs them, writing one JSON line per outcome to ``--out``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import unittest
import warnings
from collections.abc import Callable, Iterator


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="conformance.worker")
    parser.add_argument("--framework", choices=("django", "scallion"), required=True)
    parser.add_argument("--package", required=True, help="a test package of Django's tests/")
    parser.add_argument("--modules", default="", help="comma-separated modules of the package")
    parser.add_argument("--test", action="append", default=[], help="a test id (repeatable)")
    parser.add_argument("--tests-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per test")
    parser.add_argument("--verbose", action="store_true", help="print failing tracebacks")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tests_dir = os.path.abspath(args.tests_dir)
    tmpdir = tempfile.mkdtemp(prefix=f"conformance-{args.framework}-{args.package}-")
    os.environ["TMPDIR"] = tmpdir
    tempfile.tempdir = tmpdir
    # The port's rename: a ported project names its settings with scallion's variable.
    variable = (
        "SCALLION_SETTINGS_MODULE" if args.framework == "scallion" else "DJANGO_SETTINGS_MODULE"
    )
    os.environ[variable] = "conformance.worker.test_settings"
    os.environ["CONFORMANCE_FRAMEWORK"] = args.framework
    os.environ["RUNNING_DJANGOS_TEST_SUITE"] = "true"
    sys.path.insert(0, tests_dir)
    os.chdir(tests_dir)

    from conformance.worker import environment, hooks, result

    hooks.install(args.framework, [tests_dir])
    # As runtests.py: error-prone patterns fail the test that has them.
    warnings.simplefilter("error", ResourceWarning)
    warnings.simplefilter("error", RuntimeWarning)
    gc.set_threshold(100_000)

    started = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        environment.configure(args.framework, [args.package], tests_dir, tmpdir)
        suite = load_tests(args, tests_dir)
        recorder = result.RecordingResult(out, per_test_timeout=args.timeout, verbose=args.verbose)
        failed_imports = [
            (_full_name(name, requested_names(args)), reason)
            for name, reason in remove_failed_imports(suite, result.short_line)
        ]
        for name, reason in failed_imports:
            recorder.write({"import_error": name, "reason": reason})
            if args.verbose:
                print(f"IMPORT ERROR: {name}\n{reason}")
        recorder.collected([test.id() for test in iter_tests(suite)])
        try:
            suite.run(recorder)
        finally:
            recorder.disarm()
        out.write(json.dumps({"done": True, "seconds": round(time.perf_counter() - started, 2)}))
        out.write("\n")
    return 0


def load_tests(args: argparse.Namespace, tests_dir: str) -> unittest.TestSuite:
    loader = unittest.TestLoader()
    if args.test:
        return loader.loadTestsFromNames(args.test)
    if args.modules:
        names = [f"{args.package}.{module}" for module in args.modules.split(",") if module]
        return loader.loadTestsFromNames(names)
    return loader.discover(
        start_dir=os.path.join(tests_dir, args.package),
        pattern="test*.py",
        top_level_dir=tests_dir,
    )


def requested_names(args: argparse.Namespace) -> list[str]:
    """The dotted names the tests were loaded from (test ids, or the package's modules)."""
    if args.test:
        return list(args.test)
    return [f"{args.package}.{module}" for module in args.modules.split(",") if module]


def _full_name(name: str, requested: list[str]) -> str:
    """unittest names a module that failed to load by name by its last part only."""
    if "." in name:
        return name
    for full in requested:
        if full == name or full.endswith("." + name):
            return full
    return name


def iter_tests(suite: unittest.TestSuite) -> Iterator[unittest.TestCase]:
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from iter_tests(test)
        else:
            yield test


def remove_failed_imports(
    suite: unittest.TestSuite, shorten: Callable[[str], str]
) -> list[tuple[str, str]]:
    """Take out the placeholders unittest makes for modules that failed to import."""
    failed: list[tuple[str, str]] = []
    kept: list[unittest.TestCase | unittest.TestSuite] = []
    for test in suite._tests:  # type: ignore[attr-defined]
        if isinstance(test, unittest.TestSuite):
            failed += remove_failed_imports(test, shorten)
            kept.append(test)
        elif isinstance(test, unittest.loader._FailedTest):  # type: ignore[attr-defined]
            # The placeholder's message is the whole traceback; its last line says why.
            lines = [line for line in str(test._exception).splitlines() if line.strip()]
            reason = shorten(lines[-1]) if lines else "import failed"
            failed.append((test._testMethodName, reason))
        else:
            kept.append(test)
    suite._tests = kept  # type: ignore[attr-defined]
    return failed


if __name__ == "__main__":
    raise SystemExit(main())

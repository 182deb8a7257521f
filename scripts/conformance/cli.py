"""``scripts/django-conformance``: Django's own tests as the measure of a port by renaming.

scripts/django-conformance                      # every package; writes docs/conformance.md
scripts/django-conformance --packages signing   # some packages (also any other, e.g. cache)
scripts/django-conformance --test httpwrappers.tests.QueryDictTests.test_urlencode
scripts/django-conformance --check              # fail if a package passes fewer than recorded
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from conformance import packages, ratchet, reasons, report, results, run, sdist, venvs

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REASONS = HERE / "reasons.toml"
RATCHET = HERE / "ratchet.json"
REPORT = ROOT / "docs" / "conformance.md"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="django-conformance",
        description="Run Django's own test packages against Django and against scallion.",
    )
    parser.add_argument(
        "--packages",
        default="",
        help="comma-separated test packages (default: the request-cycle packages); any "
        "other package of Django's tests/ may be named too",
    )
    parser.add_argument(
        "--test",
        action="append",
        default=[],
        metavar="ID",
        help="one test id (module, class or method; repeatable): run it verbosely",
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes at once (default 2)")
    parser.add_argument("--check", action="store_true", help="fail on a ratchet regression")
    parser.add_argument(
        "--update-ratchet", action="store_true", help="record this run's pass counts"
    )
    parser.add_argument(
        "--refresh-baseline", action="store_true", help="re-run Django even if cached"
    )
    parser.add_argument("--no-report", action="store_true", help="do not write docs/conformance.md")
    parser.add_argument("--per-test-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".conformance")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    cache: Path = args.cache_dir.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    version = packages.DJANGO_VERSION
    known_reasons = reasons.load(REASONS)

    if args.test:
        selected = packages.select([test_id.split(".")[0] for test_id in args.test])
    elif args.packages:
        selected = packages.select(args.packages.split(","))
    else:
        selected = list(packages.DEFAULT_PACKAGES)
    full_run = not args.test and not args.packages

    python, python_version = venvs.find_python()
    label = run.python_label(python_version)
    requirements = list(venvs.EXTRA_REQUIREMENTS)
    scallion_python = venvs.ensure_venv(
        cache / f"venv-scallion-py{label}", python, requirements, editable=ROOT
    )
    tests_dir = sdist.ensure_tests(cache, version, scallion_python)

    baseline_cache = run.baseline_dir(cache, version, python_version)
    run.forget_other_baselines(baseline_cache)
    if args.refresh_baseline and baseline_cache.exists():
        for stale in baseline_cache.glob("*"):
            stale.unlink()
    django_runs: dict[str, results.PackageRun] = {}
    django_jobs: list[run.Job] = []
    django_python: Path | None = None
    for package in selected:
        cached = None if args.test else run.cached_baseline(baseline_cache, package)
        if cached is not None:
            django_runs[package.name] = cached
            continue
        if django_python is None:
            django_python = venvs.ensure_venv(
                cache / f"venv-django-{version}-py{label}",
                python,
                [f"Django=={version}", *requirements],
            )
        out_dir = cache / "single" / "django" if args.test else baseline_cache
        django_jobs.append(_job("django", package, django_python, out_dir, args))

    results_dir = cache / ("single" if args.test else "results") / "scallion"
    scallion_jobs = [
        _job("scallion", package, scallion_python, results_dir, args) for package in selected
    ]
    durations_path = cache / "durations.json"
    durations = run.load_durations(durations_path)
    jobs = run.order_by_weight([*django_jobs, *scallion_jobs], durations)
    cached_names = ", ".join(sorted(django_runs)) or "none"
    print(
        f"conformance: Django {version} tests, Python {label}; {len(selected)} packages; "
        f"baseline cached for: {cached_names}",
        flush=True,
    )
    limits = run.Limits(per_test=args.per_test_timeout)
    parallel = 1 if args.test else args.jobs
    run.run_jobs(jobs, tests_dir, limits, parallel)
    run.save_durations(durations_path, jobs, durations)
    for job in django_jobs:
        django_runs[job.package.name] = job.result

    comparisons = []
    for job in scallion_jobs:
        django_run = django_runs[job.package.name]
        if args.test:
            _print_single(job, django_run)
        comparisons.append(results.compare(job.package.name, django_run, job.result))
    seconds = time.perf_counter() - started
    print()
    print(report.console_table(comparisons))
    print(f"\nconformance: {seconds:.0f} s")
    if args.test:
        return 0

    if full_run and not args.no_report:
        text = report.markdown(
            comparisons, known_reasons, django_version=version, python=label, seconds=seconds
        )
        REPORT.write_text(text, encoding="utf-8")
        print(f"conformance: wrote {REPORT.relative_to(ROOT)}")

    measured = {c.package: c.passed for c in comparisons}
    recorded = ratchet.load(RATCHET)
    if args.update_ratchet:
        ratchet.update(RATCHET, measured)
        print(f"conformance: recorded the pass counts in {RATCHET.relative_to(ROOT)}")
        return 0
    better = ratchet.improvements(recorded, measured)
    if better:
        print("conformance: more tests pass than recorded; record them with --update-ratchet:")
        print("  " + "\n  ".join(better))
    if args.check:
        worse = ratchet.regressions(recorded, measured)
        if worse:
            print("conformance: FAILED, fewer tests pass than recorded:")
            print("  " + "\n  ".join(worse))
            return 1
        print("conformance: no package passes fewer tests than recorded")
    return 0


def _job(
    framework: str, package: packages.Package, python: Path, out_dir: Path, args: argparse.Namespace
) -> run.Job:
    test_ids = tuple(t for t in args.test if t.split(".")[0] == package.name)
    return run.Job(
        framework=framework,
        package=package,
        python=python,
        out=out_dir / f"{package.name}.jsonl",
        test_ids=test_ids,
        verbose=bool(test_ids),
    )


def _print_single(job: run.Job, django_run: results.PackageRun) -> None:
    print()
    ids = sorted(set(job.result.tests) | set(django_run.tests))
    for test_id in ids:
        theirs = django_run.outcome_of(test_id)
        ours = job.result.outcome_of(test_id)
        print(f"{test_id}: Django {theirs.outcome}, scallion {ours.outcome} {ours.reason}")

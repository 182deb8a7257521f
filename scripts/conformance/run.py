"""Running the worker: one process per package and framework, a few at a time.

Django's results (the baseline) are cached under ``.conformance/baseline/<key>/``, the
key naming Django's version, the Python version and a digest of the worker's code:
the baseline changes only when one of those does, so a later run (and a run of one
package) reuses it. scallion's results are always measured afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from conformance import results
from conformance.packages import Package

SCRIPTS_DIR = Path(__file__).resolve().parent.parent
WORKER_DIR = Path(__file__).resolve().parent / "worker"


@dataclass
class Job:
    framework: str
    package: Package
    python: Path
    out: Path
    test_ids: tuple[str, ...] = ()
    verbose: bool = False
    result: results.PackageRun = field(default_factory=results.PackageRun)


@dataclass(frozen=True)
class Limits:
    """Seconds a test, and a package's whole process, may take."""

    per_test: float = 60.0
    per_package: float = 420.0


def worker_digest() -> str:
    """A digest of the worker's code: what decides the baseline besides Django itself."""
    digest = hashlib.sha256()
    for path in sorted(WORKER_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def baseline_dir(cache: Path, django_version: str, python: tuple[int, int]) -> Path:
    key = f"django-{django_version}-py{python[0]}.{python[1]}-{worker_digest()}"
    return cache / "baseline" / key


def forget_other_baselines(keep: Path) -> None:
    """Remove the baselines of earlier worker code (they can no longer be used)."""
    if not keep.parent.is_dir():
        return
    for other in keep.parent.iterdir():
        if other != keep and other.is_dir():
            shutil.rmtree(other)


def cached_baseline(directory: Path, package: Package) -> results.PackageRun | None:
    path = directory / f"{package.name}.jsonl"
    if not path.is_file():
        return None
    run = results.read(path)
    return run if run.done else None


def run_job(job: Job, tests_dir: Path, limits: Limits) -> results.PackageRun:
    """Run one worker process and read what it wrote."""
    job.out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(job.python),
        "-m",
        "conformance.worker",
        "--framework",
        job.framework,
        "--package",
        job.package.name,
        "--tests-dir",
        str(tests_dir),
        "--out",
        str(job.out),
        "--timeout",
        str(limits.per_test),
    ]
    if job.package.modules and not job.test_ids:
        command += ["--modules", ",".join(job.package.modules)]
    for test_id in job.test_ids:
        command += ["--test", test_id]
    if job.verbose:
        command.append("--verbose")
    env = {k: v for k, v in os.environ.items() if not k.endswith("SETTINGS_MODULE")}
    env.update(PYTHONPATH=str(SCRIPTS_DIR), PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1")
    log_path = job.out.with_suffix(".log")
    stopped = ""
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            cwd=tests_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=None if job.verbose else log,
            stderr=None if job.verbose else subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            status = process.wait(timeout=limits.per_package)
        except subprocess.TimeoutExpired:
            status = None
            stopped = f"the package's process passed the {limits.per_package:g} s limit"
        finally:
            _stop_group(process)
    if status:
        stopped = f"the test process exited with status {status} (log: {log_path})"
    job.result = results.read(job.out, stopped)
    if status and not job.result.collected:
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        job.result.stopped = f"{stopped}: {tail[0] if tail else ''}"
    return job.result


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """End the worker and whatever it started (servers of live-server tests)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_jobs(jobs: Sequence[Job], tests_dir: Path, limits: Limits, parallel: int) -> float:
    """Run ``jobs`` with at most ``parallel`` at once; return the wall-clock seconds."""
    started = time.perf_counter()
    if not jobs:
        return 0.0

    def one(job: Job) -> None:
        began = time.perf_counter()
        run = run_job(job, tests_dir, limits)
        spent = time.perf_counter() - began
        state = "done" if run.done else f"stopped ({run.stopped})"
        passed = len(run.passing())
        print(
            f"  {job.framework:8} {job.package.name:24} {passed:5} pass of "
            f"{len(run.collected):5}  {spent:6.1f} s  {state}",
            flush=True,
        )

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        list(pool.map(one, jobs))
    return time.perf_counter() - started


def order_by_weight(jobs: list[Job], durations: dict[str, float]) -> list[Job]:
    """Longest first (from the last run's durations), so the pool ends together."""
    return sorted(jobs, key=lambda j: -durations.get(f"{j.framework}:{j.package.name}", 1.0))


def load_durations(path: Path) -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError):
        return {}


def save_durations(path: Path, jobs: Sequence[Job], known: dict[str, float]) -> None:
    for job in jobs:
        if job.result.done and not job.test_ids:
            known[f"{job.framework}:{job.package.name}"] = job.result.seconds
    path.write_text(json.dumps(known, indent=1, sort_keys=True))


def python_label(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"

"""Where the time of one request goes: cProfile, and instruction counts under callgrind.

Run with the bench venv's Python (``bench/.venv-bench/bin/python``), from the
repository root::

    python bench/profile_request.py scallion hello              # cProfile, top functions
    python bench/profile_request.py scallion hello --icount     # instructions per request
    python bench/profile_request.py scallion,falcon hello --icount

Instruction counts are what ``docs/performance.md`` quotes for the profile:
unlike seconds, they repeat on a shared machine. ``--icount`` runs the app under
``valgrind --tool=callgrind`` twice, with N and 2N requests, and divides the
difference by N, so start-up and the build of the app cancel out. The hash seed
is fixed so that both runs do the same work. Each request is the one the in-process
benchmark times (fresh environ or scope, whole body read, ``close()`` called),
so the harness's own cost is included; the ``raw`` floor measures it.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import subprocess
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIR)
sys.path.append(os.path.dirname(BENCH_DIR))

from worker import Runner, load_app_module  # noqa: E402


def build(framework: str, scenario: str) -> Runner:
    runner = Runner(load_app_module(framework, None), scenario)
    runner.verify()
    return runner


def profile(framework: str, scenario: str, requests: int, top: int) -> None:
    runner = build(framework, scenario)
    runner.run(min(requests, 2000))  # warm caches and specialisations first
    profiler = cProfile.Profile()
    profiler.enable()
    runner.run(requests)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"{framework} {scenario}: {stats.total_calls / requests:.1f} function calls per request")
    stats.sort_stats("tottime").print_stats(top)


def instructions(framework: str, scenario: str, requests: int) -> int:
    """Instructions per request: callgrind totals for 2N and N requests, differenced."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--icount needs valgrind (apt-get install valgrind)")
    totals = []
    for count in (requests, 2 * requests):
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                sys.executable,
                os.path.abspath(__file__),
                framework,
                scenario,
                "--just-run",
                str(count),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=True,
        )
        found = re.search(r"Collected : (\d+)", result.stderr)
        if found is None:
            raise SystemExit(f"no instruction total from callgrind:\n{result.stderr[-2000:]}")
        totals.append(int(found.group(1)))
    return (totals[1] - totals[0]) // requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("frameworks", help="comma list, as bench/run.py names them")
    parser.add_argument("scenario")
    parser.add_argument("--icount", action="store_true", help="instructions per request")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--top", type=int, default=25, help="functions shown by cProfile")
    parser.add_argument("--just-run", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    frameworks = args.frameworks.split(",")
    if args.just_run is not None:  # one run under callgrind: build, verify, N requests
        build(frameworks[0], args.scenario).run(args.just_run)
        return 0
    for framework in frameworks:
        if args.icount:
            requests = args.requests or 2000
            count = instructions(framework, args.scenario, requests)
            print(f"{framework} {args.scenario}: {count:,} instructions per request")
        else:
            profile(framework, args.scenario, args.requests or 20000, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

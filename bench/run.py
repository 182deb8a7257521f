#!/usr/bin/env python3
"""scallion's benchmark suite: one command, run from the repository root.

    python3 bench/run.py              # in-process table + memory and start-up checks
    python3 bench/run.py --server     # gunicorn/uvicorn under wrk instead
    python3 bench/run.py --all        # everything
    python3 bench/run.py --quick      # a smoke test: tiny samples, numbers meaningless

Runs under the bare system Python: it creates ``bench/.venv-bench`` from PyPI on
first use (scallion installed editable, plus the peers), then drives worker
processes there. See ``bench/README.md`` for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIR)

from benchkit import docs, footprint, inprocess, machine, report, server, summary, venvs  # noqa: E402
from benchkit.frameworks import FRAMEWORKS, plan  # noqa: E402
from benchkit.scenarios import SCENARIOS  # noqa: E402

SECTIONS = ("inprocess", "memory", "server", "latest")
# The "latest" section: scallion against Django's newest release, both on the
# newest Python found (Django 6.x needs 3.12+), with Falcon and Starlette as the
# fixed points; the other peers' numbers do not change with Django's version.
LATEST_FRAMEWORKS = [
    "raw",
    "scallion",
    "django",
    "django-jinja2",
    "falcon",
    "raw-asgi",
    "scallion-asgi",
    "django-asgi",
    "starlette",
]


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frameworks", type=_csv, help=f"comma list of: {', '.join(FRAMEWORKS)}")
    parser.add_argument("--scenarios", type=_csv, help=f"comma list of: {', '.join(SCENARIOS)}")
    parser.add_argument(
        "--only",
        action="append",
        metavar="FRAMEWORK/SCENARIO",
        help="glob over cells, repeatable: --only 'scallion*/*' --only '*/hello'",
    )
    parser.add_argument("--quick", action="store_true", help="tiny samples: a smoke test")
    parser.add_argument("--rounds", type=int, help="samples per cell (default 5, >= 5 to publish)")
    parser.add_argument("--sample-time", type=float, help="seconds per sample (default 0.6)")
    parser.add_argument("--server", action="store_true", help="run only the real-server section")
    parser.add_argument("--all", action="store_true", help="run every section")
    parser.add_argument(
        "--sections",
        type=_csv,
        help=f"comma list of: {', '.join(SECTIONS)} (default inprocess,memory; --all: every one)",
    )
    parser.add_argument("--python", help="run workers with this interpreter (no bench venv)")
    parser.add_argument("--extra-apps", help="directory searched first for <framework>_app.py")
    parser.add_argument("--results-dir", default=os.path.join(BENCH_DIR, "results"))
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    args = parser.parse_args(argv)
    unknown = [f for f in args.frameworks or [] if f not in FRAMEWORKS and not args.extra_apps]
    unknown += [s for s in args.scenarios or [] if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown framework or scenario: {', '.join(unknown)}")
    if args.sections:
        bad = [s for s in args.sections if s not in SECTIONS]
        if bad:
            parser.error(f"unknown section {bad}; choose from {SECTIONS}")
    elif args.all:
        args.sections = list(SECTIONS)
    elif args.server:
        args.sections = ["server"]
    elif args.frameworks or args.scenarios or args.only:
        # A filtered run is for iterating on a few cells: the slow checks stay out.
        args.sections = ["inprocess"]
    else:
        args.sections = ["inprocess", "memory"]
    args.measured = {}
    if args.rounds is None:
        args.rounds = 3 if args.quick else 5
    if args.sample_time is None:
        args.sample_time = 0.02 if args.quick else 0.6
    return args


def write_result(args: argparse.Namespace, name: str, text: str, data: object) -> str:
    os.makedirs(args.results_dir, exist_ok=True)
    suffix = "-quick" if args.quick else ""
    base = os.path.join(args.results_dir, f"{machine.today()}-{name}{suffix}")
    with open(base + ".md", "w") as f:
        f.write(text)
    with open(base + ".json", "w") as f:
        json.dump(data, f, indent=1)
    return base + ".md"


def is_full_run(args: argparse.Namespace) -> bool:
    return not (args.quick or args.frameworks or args.scenarios or args.only or args.no_docs)


def run_inprocess(
    args: argparse.Namespace,
    python: str,
    extra: list[str],
    frameworks: list[str] | None = None,
    name: str = "inprocess",
) -> int:
    """One in-process table; ``name`` is both its results file and its docs section.

    The cells and the machine description are kept in ``args.measured[name]`` for
    the README summary.
    """
    groups = plan(frameworks or args.frameworks, args.scenarios, args.only)
    for name in extra:
        # A framework found only in --extra-apps joins every selected WSGI group.
        wsgi_groups = [group for group in groups if group[0] == "wsgi"]
        if not wsgi_groups:
            wsgi_groups = [("wsgi", s, []) for s in args.scenarios or ["hello"]]
            groups += wsgi_groups
        for group in wsgi_groups:
            group[2].append(name)
    if not groups:
        print("bench: nothing selected to run", file=sys.stderr)
        return 2
    print(f"bench: in-process, {args.rounds} rounds of {args.sample_time} s", file=sys.stderr)
    started = time.monotonic()
    meta = machine.describe(python)
    cells = []
    for kind, scenario, frameworks in groups:
        cells += inprocess.run_group(
            python, kind, scenario, frameworks, args.rounds, args.sample_time, args.extra_apps
        )
    elapsed = time.monotonic() - started
    method = (
        f"each framework in its own process, app called directly, median of {args.rounds} "
        f"interleaved samples of ~{args.sample_time} s each"
        + (" (QUICK smoke run: numbers are not meaningful)" if args.quick else "")
        + f"; whole run {elapsed:.0f} s"
    )
    text = report.render(cells, meta, method)
    args.measured[name] = (cells, meta)
    print(text)
    path = write_result(args, name, text, {"meta": meta, "cells": [c.as_json() for c in cells]})
    print(f"bench: wrote {path}", file=sys.stderr)
    if is_full_run(args) and docs.replace_section(name, text):
        print(f"bench: updated {docs.DOC}", file=sys.stderr)
    failed = [c for c in cells if c.status == "fail"]
    for cell in failed:
        print(f"bench: FAILED {cell.framework}/{cell.scenario}: {cell.reason}", file=sys.stderr)
    if failed:
        print(
            f"bench: {len(failed)} cell(s) answered wrongly; their numbers were not taken.",
            file=sys.stderr,
        )
        return 1
    return 0


def run_latest(args: argparse.Namespace) -> int:
    """The in-process table again, on the newest Python, against Django's newest release."""
    base = venvs.latest_python()
    if base is None:
        print(
            "bench: latest: skipped, no Python >= 3.12 found for Django's newest release "
            "(install one, e.g. with pyenv, or set SCALLION_BENCH_LATEST_PYTHON)",
            file=sys.stderr,
        )
        return 0
    python = venvs.ensure("latest", base_python=base)
    wanted = [f for f in LATEST_FRAMEWORKS if not args.frameworks or f in args.frameworks]
    if not wanted:
        return 0
    return run_inprocess(args, python, [], wanted, "inprocess-latest")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    python = args.python or venvs.ensure("main")
    extra = [f for f in args.frameworks or [] if f not in FRAMEWORKS]
    status = 0
    if "inprocess" in args.sections:
        status = max(status, run_inprocess(args, python, extra))
    if "memory" in args.sections:
        text, data = footprint.run(python, quick=args.quick, frameworks=args.frameworks)
        print(text)
        path = write_result(args, "memory", text, data)
        print(f"bench: wrote {path}", file=sys.stderr)
        if is_full_run(args):
            docs.replace_section("memory", text)
    if "server" in args.sections:
        text, data = server.run(python, quick=args.quick, frameworks=args.frameworks)
        print(text)
        args.measured["server"] = data.get("results")
        path = write_result(args, "server", text, data)
        print(f"bench: wrote {path}", file=sys.stderr)
        if is_full_run(args):
            docs.replace_section("server", text)
    if "latest" in args.sections and not args.python:
        status = max(status, run_latest(args))
    if is_full_run(args) and "inprocess" in args.measured:
        cells, meta = args.measured["inprocess"]
        latest_cells, latest_meta = args.measured.get("inprocess-latest", (None, None))
        text = summary.render(cells, meta, latest_cells, latest_meta, args.measured.get("server"))
        if docs.replace_section("summary", text, summary.README):
            print(f"bench: updated {summary.README}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())

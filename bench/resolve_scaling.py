"""Resolve-time scaling: the last of N routes, scallion vs Django, for each kind of route.

Usage::

    bench/.venv-bench/bin/python bench/resolve_scaling.py [--series param,regex]
        [--django-python PATH] [--number N] [--without MECHANISM]

Series (each URLconf has N routes; the last one is resolved):

* ``param``: ``r{i}/<int:id>/item`` (one shape: the shape index);
* ``static``: ``r{i}/item`` (memoized static paths);
* ``mixed``: ``r{i}/...`` routes of six shapes of four segments, in turn (more
  shapes than the index takes for one segment count: the segment tree);
* ``regex``: ``re_path(r"^r{i}/(?P<id>[0-9]+)/item$")`` (opaque routes, grouped by
  their first segment).

``--without`` times scallion with one of the compiled matcher's mechanisms turned
off (``static``, ``shapes``, ``tree``, ``groups``), which is how the ``PERF:``
notes in ``scallion/urls/`` were measured. Django runs in its own process, by
default with the bench venv's interpreter (which ``python3 bench/run.py``
creates, Django included), on the same URLconfs, in the same run. Prints a
markdown table per series (microseconds per resolve, best of several repeats)
and t(10000)/t(10) for each.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

SIZES = (10, 100, 1000, 10000)
SERIES = ("param", "static", "mixed", "regex")
MECHANISMS = ("static", "shapes", "tree", "groups")
REPO = Path(__file__).resolve().parent.parent

# The same code runs under both frameworks; only the import prefix differs.
TIMING_CODE = textwrap.dedent(
    """
    import gc, json, sys, timeit, types
    framework, series, sizes, number, without, mode = (
        sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
        sys.argv[6],
    )
    if framework == "django":
        from django.conf import settings
        settings.configure(ROOT_URLCONF=None, DEBUG=False)
        from django.urls import path, re_path
        from django.urls.resolvers import get_resolver
    else:
        from scallion.conf import settings
        settings.configure(ROOT_URLCONF=None, DEBUG=False)
        from scallion.urls import path, re_path, get_resolver
        from scallion.urls import _matcher
        if without == "shapes":
            _matcher._MAX_SHAPES = 0  # every segment count in a tree
        elif without == "tree":
            _matcher._MAX_SHAPES = 10**9  # every segment count by shapes

    def view(request, **kwargs):
        return None

    MIXED = ("<int:a>/x/y", "x/<int:a>/y", "x/y/<int:a>", "<int:a>/<int:b>/y",
             "<int:a>/x/<int:b>", "x/<int:a>/<int:b>")

    def urlpatterns(size):
        if series == "param":
            return [path(f"r{i}/<int:id>/item", view) for i in range(size)]
        if series == "static":
            return [path(f"r{i}/item", view) for i in range(size)]
        if series == "mixed":
            return [path(f"r{i}/{MIXED[i % 6]}", view) for i in range(size)]
        return [re_path(rf"^r{i}/(?P<id>[0-9]+)/item$", view) for i in range(size)]

    def target(size):
        last = size - 1
        if series in ("param", "regex"):
            return f"/r{last}/123/item"
        if series == "static":
            return f"/r{last}/item"
        return f"/r{last}/" + MIXED[last % 6].replace("<int:a>", "1").replace("<int:b>", "2")

    results = {}
    for size in sizes:
        module = types.ModuleType(f"bench_urls_{series}_{size}")
        module.urlpatterns = urlpatterns(size)
        resolver = get_resolver(module)
        if framework != "django":
            matcher = resolver.compile()
            if without == "static":
                matcher.static.clear()
            elif without == "groups" and matcher.opaque is not None:
                everything = sorted(
                    {id(leaf): leaf for group in matcher.opaque.groups.values() for leaf in group}
                    .values(),
                    key=lambda leaf: leaf.index,
                )
                matcher.opaque.groups.clear()
                matcher.opaque.anywhere[:] = everything
        path_ = target(size)
        match = resolver.resolve(path_)
        assert match.func is view, match
        resolve = resolver.resolve
        if mode == "run":  # under callgrind: just resolve, ``number`` times
            gc.disable()  # a collection walks every route: not the resolve's cost
            for _ in range(number):
                resolve(path_)
            continue
        scale = number if size <= 1000 else max(number // 10, 1000)
        best = min(timeit.repeat(lambda: resolve(path_), number=scale, repeat=5)) / scale
        results[size] = best * 1e6
    print(json.dumps(results))
    """
)


def _command(
    python: str, framework: str, series: str, sizes: tuple[int, ...], number: int, without: str
) -> list[str]:
    mode = "time"
    return [
        python,
        "-c",
        TIMING_CODE,
        framework,
        series,
        json.dumps(sizes),
        str(number),
        without,
        mode,
    ]


def _env() -> dict[str, str]:
    return {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}


def run(python: str, framework: str, series: str, number: int, without: str) -> dict[int, float]:
    completed = subprocess.run(
        _command(python, framework, series, SIZES, number, without),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env=_env(),
    )
    if completed.returncode != 0:
        raise SystemExit(f"{framework} run failed:\n{completed.stderr}")
    return {int(k): v for k, v in json.loads(completed.stdout).items()}


def instructions(python: str, framework: str, series: str, without: str) -> dict[int, float]:
    """Instructions per resolve under callgrind: runs of N and 2N resolves, differenced.

    Unlike seconds, these repeat on a loaded machine. Sizes 10 and 1000 (building
    10,000 routes under callgrind takes minutes).
    """
    if shutil.which("valgrind") is None:
        raise SystemExit("--icount needs valgrind (apt-get install valgrind)")
    results = {}
    for size in (SIZES[0], SIZES[2]):
        totals = []
        for number in (2000, 4000):
            command = _command(python, framework, series, (size,), number, without)
            command[-1] = "run"
            completed = subprocess.run(
                ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                capture_output=True,
                text=True,
                check=False,
                cwd=REPO,
                env=_env(),
            )
            found = re.search(r"Collected : (\d+)", completed.stderr)
            if completed.returncode != 0 or found is None:
                raise SystemExit(f"{framework} run failed:\n{completed.stderr[-2000:]}")
            totals.append(int(found.group(1)))
        results[size] = (totals[1] - totals[0]) / 2000
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--series", default=",".join(SERIES), help=f"comma list of {', '.join(SERIES)}"
    )
    parser.add_argument(
        "--django-python",
        default=str(REPO / "bench" / ".venv-bench" / "bin" / "python"),
        help="an interpreter with Django installed (default: the bench venv's)",
    )
    parser.add_argument("--number", type=int, default=20000, help="resolves per repeat")
    parser.add_argument(
        "--without", choices=MECHANISMS, default="", help="time scallion with one mechanism off"
    )
    parser.add_argument("--no-django", action="store_true", help="time scallion only")
    parser.add_argument(
        "--icount", action="store_true", help="scallion's instructions per resolve (callgrind)"
    )
    options = parser.parse_args()
    for series in options.series.split(","):
        if series not in SERIES:
            raise SystemExit(f"unknown series {series!r}; choose among {', '.join(SERIES)}")
        if options.icount:
            counts = instructions(sys.executable, "scallion", series, options.without)
            label = f"without {options.without}" if options.without else "scallion"
            row = ", ".join(f"{size}: {count:,.0f}" for size, count in counts.items())
            print(f"{series} ({label}), instructions per resolve by route count: {row}")
            continue
        scallion = run(sys.executable, "scallion", series, options.number, options.without)
        django = None
        if not options.no_django:
            django = run(options.django_python, "django", series, options.number, "")
        label = f"scallion without {options.without}" if options.without else "scallion"
        print(f"### {series}\n")
        if django is None:
            print(f"| routes | {label} (µs/resolve) |")
            print("|---:|---:|")
            for size in SIZES:
                print(f"| {size} | {scallion[size]:.2f} |")
        else:
            print(f"| routes | {label} (µs/resolve) | Django (µs/resolve) | Django / scallion |")
            print("|---:|---:|---:|---:|")
            for size in SIZES:
                s, d = scallion[size], django[size]
                print(f"| {size} | {s:.2f} | {d:.2f} | {d / s:.1f}x |")
        print()
        print(f"{label} t(10000)/t(10) = {scallion[10000] / scallion[10]:.2f}")
        if django is not None:
            print(f"Django t(10000)/t(10) = {django[10000] / django[10]:.2f}")
        print()


if __name__ == "__main__":
    main()

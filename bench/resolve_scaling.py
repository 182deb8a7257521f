"""Resolve-time scaling: the last of N routes ``/r{i}/<int:id>/item``, scallion vs Django.

Usage::

    bench/.venv-bench/bin/python bench/resolve_scaling.py [--django-python PATH] [--number N]

Django runs in its own process, by default with the bench venv's interpreter (which
``python3 bench/run.py`` creates, Django included), on the same URLconfs, in the
same run. Prints a markdown table
(microseconds per resolve, best of several repeats) and t(10000)/t(10) for each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

SIZES = (10, 100, 1000, 10000)
REPO = Path(__file__).resolve().parent.parent

# The same code runs under both frameworks; only the import prefix differs.
TIMING_CODE = textwrap.dedent(
    """
    import json, sys, timeit, types
    framework, sizes, number = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    if framework == "django":
        from django.conf import settings
        settings.configure(ROOT_URLCONF=None, DEBUG=False)
        from django.urls import path
        from django.urls.resolvers import get_resolver
    else:
        from scallion.conf import settings
        settings.configure(ROOT_URLCONF=None, DEBUG=False)
        from scallion.urls import path, get_resolver

    def view(request, id):
        return None

    results = {}
    for size in sizes:
        module = types.ModuleType(f"bench_urls_{size}")
        module.urlpatterns = [path(f"r{i}/<int:id>/item", view) for i in range(size)]
        resolver = get_resolver(module)
        target = f"/r{size - 1}/123/item"
        match = resolver.resolve(target)
        assert match.kwargs == {"id": 123}, match
        resolve = resolver.resolve
        scale = number if size <= 1000 else max(number // 10, 1000)
        best = min(timeit.repeat(lambda: resolve(target), number=scale, repeat=5)) / scale
        results[size] = best * 1e6
    print(json.dumps(results))
    """
)


def run(python: str, framework: str, number: int) -> dict[int, float]:
    env_path = str(REPO)
    completed = subprocess.run(
        [python, "-c", TIMING_CODE, framework, json.dumps(SIZES), str(number)],
        capture_output=True,
        text=True,
        check=False,
        cwd=env_path,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    if completed.returncode != 0:
        raise SystemExit(f"{framework} run failed:\n{completed.stderr}")
    return {int(k): v for k, v in json.loads(completed.stdout).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--django-python",
        default=str(REPO / "bench" / ".venv-bench" / "bin" / "python"),
        help="an interpreter with Django installed (default: the bench venv's)",
    )
    parser.add_argument("--number", type=int, default=20000, help="resolves per repeat")
    options = parser.parse_args()
    scallion = run(sys.executable, "scallion", options.number)
    django = run(options.django_python, "django", options.number)
    print("| routes | scallion (µs/resolve) | Django (µs/resolve) | Django / scallion |")
    print("|---:|---:|---:|---:|")
    for size in SIZES:
        s, d = scallion[size], django[size]
        print(f"| {size} | {s:.2f} | {d:.2f} | {d / s:.1f}x |")
    print()
    print(f"scallion t(10000)/t(10) = {scallion[10000] / scallion[10]:.2f}")
    print(f"Django   t(10000)/t(10) = {django[10000] / django[10]:.2f}")


if __name__ == "__main__":
    main()

"""Instructions per template render: Django's template language against scallion's.

Run with a Python that has Django (the bench venv, or ``--python``), from the
repository root::

    python bench/template_instructions.py                 # every row below
    python bench/template_instructions.py page-dtl        # one scenario

Each row renders the page of a benchmark scenario through the backend API
(``get_template(name).render(context, request)``, the request built from the
scenario's environ, as a view's ``render()`` does), without the rest of the
request cycle. Like ``profile_request.py --icount`` it runs under
``valgrind --tool=callgrind`` twice, with N and 2N renders, and divides the
difference by N, so start-up, imports and the first render's compilation
cancel out. Instruction counts repeat on a shared machine where seconds do
not; ``docs/performance.md`` quotes them next to the in-process ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from typing import Any

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIR)
sys.path.append(os.path.dirname(BENCH_DIR))

#: (framework, scenario) rows: the page each engine renders.
ROWS = [
    ("django", "template-dtl"),
    ("scallion", "template-dtl"),
    ("scallion", "template"),
    ("django", "page-dtl"),
    ("scallion", "page-dtl"),
    ("scallion", "page-jinja2"),
]


def renderer(framework: str, scenario: str) -> Any:
    """A function doing one render of the scenario's page, built as its app builds."""
    from benchkit import calls
    from benchkit.scenarios import (
        PAGE_TEMPLATE_DTL,
        PAGE_TEMPLATE_JINJA2,
        SCENARIOS,
        page_context,
        template_context,
    )

    if framework == "django":
        from apps import django_app

        django_app.build(scenario)
        from django.core.handlers.wsgi import WSGIRequest
        from django.template.loader import get_template
    else:
        from apps import scallion_app

        scallion_app.build(scenario)
        from scallion.core.handlers.wsgi import WSGIRequest  # type: ignore[assignment]
        from scallion.template.loader import get_template  # type: ignore[assignment]
    names = {"page-dtl": PAGE_TEMPLATE_DTL, "page-jinja2": PAGE_TEMPLATE_JINJA2}
    template = get_template(names.get(scenario, "page.html"))
    context = page_context() if scenario.startswith("page") else template_context()
    make_environ = calls.environ_factory(SCENARIOS[scenario])

    def render() -> str:
        return str(template.render(context, WSGIRequest(make_environ())))

    render()  # compile (and check) before counting
    return render


def instructions(python: str, framework: str, scenario: str, renders: int) -> int:
    totals = []
    for count in (renders, 2 * renders):
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                python,
                os.path.abspath(__file__),
                "--just-render",
                f"{framework}:{scenario}:{count}",
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
    return (totals[1] - totals[0]) // renders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help="only these scenarios")
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--python", default=sys.executable, help="interpreter with Django")
    parser.add_argument("--just-render", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.just_render is not None:  # one run under callgrind
        framework, scenario, count = args.just_render.split(":")
        render = renderer(framework, scenario)
        for _ in range(int(count)):
            render()
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    counts: dict[tuple[str, str], int] = {}
    print("| framework | scenario | instructions per render |")
    print("|---|---|---|")
    for framework, scenario in ROWS:
        if args.scenarios and scenario not in args.scenarios:
            continue
        counts[framework, scenario] = instructions(args.python, framework, scenario, args.renders)
        print(f"| {framework} | {scenario} | {counts[framework, scenario]:,} |", flush=True)
    for scenario in ("template-dtl", "page-dtl"):
        django = counts.get(("django", scenario))
        ours = counts.get(("scallion", scenario))
        if django and ours:
            print(f"\n{scenario}: Django's DTL / scallion's DTL = {django / ours:.2f}x", end="")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

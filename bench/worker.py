"""One framework, one scenario, one fresh process: build, verify, then time on request.

Started by ``run.py`` with the bench virtualenv's Python. It speaks JSON lines:
it first prints its status (``ready``, ``na`` when the app cannot be imported or
built, ``fail`` when it answers wrongly), then answers ``calibrate``, ``sample``
and ``quit`` commands read from stdin. Keeping the process alive between samples
lets the runner interleave frameworks round by round without paying start-up
(10,000 routes) for every sample, while each framework still has a process of
its own. Anything the app prints goes to stderr, so it cannot corrupt the protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import math
import os
import sys
import time
import traceback
from typing import Any

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
if BENCH_DIR not in sys.path:
    sys.path.insert(0, BENCH_DIR)
# The checkout's scallion, for interpreters that do not have it installed (the
# project's own .venv running the smoke test); an installed one comes first.
sys.path.append(os.path.dirname(BENCH_DIR))

from benchkit import calls  # noqa: E402
from benchkit.scenarios import SCENARIOS, VerificationError  # noqa: E402


def module_name(framework: str) -> str:
    return framework.replace("-", "_") + "_app"


def load_app_module(framework: str, extra_dir: str | None) -> Any:
    if extra_dir:
        sys.path.insert(0, extra_dir)
        try:
            return importlib.import_module(module_name(framework))
        except ModuleNotFoundError as err:
            if err.name != module_name(framework):
                raise
        finally:
            sys.path.remove(extra_dir)
    return importlib.import_module("apps." + module_name(framework))


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Runner:
    """Times one built app; knows whether it speaks WSGI or ASGI."""

    def __init__(self, module: Any, scenario_name: str) -> None:
        self.scenario = SCENARIOS[scenario_name]
        self.kind = getattr(module, "KIND", "wsgi")
        self.app = module.build(scenario_name)
        if self.kind == "asgi":
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            self.make_scope = calls.scope_factory(self.scenario)
        else:
            self.make_environ = calls.environ_factory(self.scenario)

    def request(self) -> tuple[int, list[tuple[str, str]], bytes]:
        if self.kind == "asgi":
            return self.loop.run_until_complete(
                calls.call_asgi(self.app, self.make_scope(), self.scenario.body)
            )
        return calls.call_wsgi(self.app, self.make_environ())

    def verify(self) -> None:
        # Twice: a framework that answers right only on its first request (lazy
        # set-up gone wrong, state leaking between requests) is caught too.
        for _ in range(2):
            self.scenario.verify(*self.request())

    def run(self, n: int) -> float:
        gc.collect()
        if self.kind == "asgi":
            coro = calls.time_asgi(self.app, self.make_scope, self.scenario.body, n)
            start = time.perf_counter()
            self.loop.run_until_complete(coro)
        else:
            start = time.perf_counter()
            calls.time_wsgi(self.app, self.make_environ, n)
        return time.perf_counter() - start

    def calibrate(self, target: float) -> int:
        """Warm up, then pick the request count that takes about ``target`` seconds."""
        n, elapsed = 1, 0.0
        while elapsed < min(0.2, target / 4):
            n *= 2
            elapsed = self.run(n)
        return max(1, math.ceil(n / elapsed * target))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--framework", required=True)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    parser.add_argument("--extra-apps", help="a directory searched first for <name>_app.py")
    args = parser.parse_args(argv)

    proto = sys.stdout
    sys.stdout = sys.stderr

    def reply(**message: Any) -> None:
        proto.write(json.dumps(message) + "\n")
        proto.flush()

    try:
        module = load_app_module(args.framework, args.extra_apps)
        runner = Runner(module, args.scenario)
    except Exception as err:
        traceback.print_exc()
        reply(status="na", reason=f"{type(err).__name__}: {err}".splitlines()[0][:300])
        return 0
    try:
        runner.verify()
    except VerificationError as err:
        reply(status="fail", reason=str(err))
        return 0
    except Exception as err:
        traceback.print_exc()
        reply(status="fail", reason=f"the app raised {type(err).__name__}: {err}"[:500])
        return 0
    version = getattr(module, "version", lambda: "")()
    reply(status="ready", version=version, rss_kib=rss_kib())

    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "calibrate":
            reply(n=runner.calibrate(float(command["target"])))
        elif command["cmd"] == "sample":
            n = int(command["n"])
            reply(n=n, seconds=runner.run(n), rss_kib=rss_kib())
        elif command["cmd"] == "verify":
            runner.verify()
            reply(ok=True)
        else:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())

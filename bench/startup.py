"""Start-up time: from the first import to the first response, with 10,000 routes.

Run in a fresh process per measurement (``python bench/startup.py --framework
scallion``); the clock starts before the framework is imported and stops once
the first request to the last route has been answered and checked. Prints JSON.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--framework", default="scallion")
    parser.add_argument("--scenario", default="param10000")
    args = parser.parse_args()
    sys.stdout, proto = sys.stderr, sys.stdout
    try:
        from worker import Runner, load_app_module

        module = load_app_module(args.framework, None)
        runner = Runner(module, args.scenario)
        runner.scenario.verify(*runner.request())
    except Exception as err:
        proto.write(json.dumps({"status": "na", "reason": f"{type(err).__name__}: {err}"}) + "\n")
        return 0
    seconds = time.perf_counter() - _T0
    proto.write(json.dumps({"status": "ok", "seconds": seconds}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

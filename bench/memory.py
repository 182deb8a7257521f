"""Leak check: resident memory after 1,000 requests and after 100,000.

A framework that keeps something per request (a cache keyed by request, a list
of signals' receivers, an unclosed file) grows steadily; one that does not stays
within allocator noise. Prints JSON: ``{"rss_1k_kib": ..., "rss_100k_kib": ...}``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--framework", default="scallion")
    parser.add_argument("--scenario", default="hello")
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    sys.stdout, proto = sys.stderr, sys.stdout
    try:
        from worker import Runner, load_app_module, rss_kib

        runner = Runner(load_app_module(args.framework, None), args.scenario)
        runner.verify()
    except Exception as err:
        proto.write(json.dumps({"status": "na", "reason": f"{type(err).__name__}: {err}"}) + "\n")
        return 0
    runner.run(1000)
    gc.collect()
    first = rss_kib()
    runner.run(args.requests - 1000)
    gc.collect()
    last = rss_kib()
    runner.verify()
    proto.write(
        json.dumps({"status": "ok", "rss_1k_kib": first, "rss_100k_kib": last, "n": args.requests})
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

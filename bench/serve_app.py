"""The app a real server loads: ``serve_app:app``, chosen by environment variables.

``BENCH_FRAMEWORK`` names a module under ``bench/apps/`` (as in the in-process
run) and ``BENCH_SCENARIO`` the scenario to build, so that gunicorn and uvicorn
serve exactly the app that was verified and timed in-process.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from worker import load_app_module

app = load_app_module(os.environ["BENCH_FRAMEWORK"], None).build(
    os.environ.get("BENCH_SCENARIO", "hello")
)

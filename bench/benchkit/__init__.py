"""The benchmark harness: scenarios, verification, timing, reports (stdlib only).

Everything here must import under the bare system Python, because ``bench/run.py``
runs there to create the bench virtualenvs before any framework is installed.
"""

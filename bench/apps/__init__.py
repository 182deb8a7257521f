"""One small module per framework, each building the same scenarios its own way.

Every module exposes ``KIND`` ("wsgi" or "asgi"), ``SCENARIOS`` (the scenario
names it implements), ``build(scenario) -> app`` and ``version() -> str``.
``build`` imports everything the scenario needs eagerly, so that a missing part
shows up as an import error (reported "n/a") rather than as a 500 at request time.
"""

"""An environment factory for the tests (OPTIONS['environment'])."""

from __future__ import annotations

from typing import Any

import jinja2


def make_environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(**options)
    env.globals.update(site_version="1.2", url=lambda name: f"custom-url:{name}")
    return env


CALLS: list[dict[str, Any]] = []


def counting_environment(**options: Any) -> jinja2.Environment:
    """Records each call (and the options it was given)."""
    CALLS.append(options)
    return jinja2.Environment(**options)

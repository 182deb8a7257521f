"""Django with its Jinja2 template backend: only the template row differs."""

from __future__ import annotations

from typing import Any

from apps import django_app

KIND = "wsgi"
SCENARIOS = ("template",)
version = django_app.version


def build(scenario: str) -> Any:
    return django_app.build(scenario, engine="jinja2")

"""Helpers for the Django-language tests: an engine over templates held in a dict."""

from __future__ import annotations

from typing import Any

from scallion.template.context import Context
from scallion.template.engine import Engine


def engine(templates: dict[str, str] | None = None, **options: Any) -> Engine:
    """An engine whose templates are ``templates`` (name -> source), cached like the default."""
    loaders = [
        (
            "scallion.template.loaders.cached.Loader",
            [("scallion.template.loaders.locmem.Loader", dict(templates or {}))],
        )
    ]
    return Engine(loaders=loaders, **options)


def render(source: str, context: dict[str, Any] | None = None, **options: Any) -> str:
    """Render ``source`` with ``context`` on a fresh engine (autoescaping on)."""
    autoescape = options.pop("autoescape", True)
    template = engine(**options).from_string(source)
    return str(template.render(Context(context, autoescape=autoescape)))


def render_named(
    templates: dict[str, str], name: str, context: dict[str, Any] | None = None, **options: Any
) -> str:
    """Render template ``name`` of ``templates``."""
    return engine(templates, **options).render_to_string(name, context)

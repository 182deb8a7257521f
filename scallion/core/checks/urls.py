"""URLconf checks: it imports, names are unique, patterns are written as intended."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register
from scallion.core.checks.urlwalk import Route, walk


def load_routes() -> list[Route]:
    """Every endpoint of ROOT_URLCONF, importing it now (errors propagate)."""
    from scallion.urls import get_resolver

    return list(walk(get_resolver()))


@register(Tags.urls)
def check_url_config(**kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    from scallion.core.exceptions import ImproperlyConfigured

    try:
        routes = load_routes()
    except Exception as exc:
        # A configuration mistake is fully described by its message; any other
        # error was raised by the project's code, and its traceback shows where.
        hint = (
            "Fix the setting or the pattern named above."
            if isinstance(exc, ImproperlyConfigured)
            else "Run 'scallion routes' for the full traceback."
        )
        return [
            Error(
                f"The URLconf {settings.ROOT_URLCONF!r} could not be loaded: "
                f"{type(exc).__name__}: {exc}",
                hint=hint,
                id="urls.E001",
            )
        ]
    return check_routes(routes)


@register(Tags.urls)
def check_custom_error_handlers(**kwargs: Any) -> list[CheckMessage]:
    """handler400/403/404/500 of ROOT_URLCONF import and are callable (Django's urls.E008)."""
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    from scallion.core.exceptions import ImproperlyConfigured
    from scallion.urls import get_resolver

    try:
        resolver = get_resolver()
    except Exception:
        return []  # reported by check_url_config (urls.E001)
    messages: list[CheckMessage] = []
    for view_type in (400, 403, 404, 500):
        try:
            resolver.resolve_error_handler(view_type)
        except ImproperlyConfigured as exc:
            messages.append(
                Error(
                    str(exc),
                    hint=f"Point handler{view_type} at an importable view.",
                    id="urls.E008",
                )
            )
    return messages


def check_routes(routes: list[Route]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    by_name: dict[str, list[str]] = defaultdict(list)
    for route in routes:
        own = str(route.leaf.pattern)
        if own.startswith("/"):
            messages.append(
                Warning(
                    f"The pattern {own!r} starts with '/': request paths are matched without "
                    "their leading slash, so it never matches.",
                    hint="Remove the leading '/'.",
                    id="urls.W002",
                )
            )
        if route.name and ":" in route.name:
            messages.append(
                Warning(
                    f"The URL name {route.name!r} contains ':', which reverse() reads as a "
                    "namespace separator.",
                    hint="Use a name without ':' and put the pattern in an include() namespace.",
                    id="urls.W003",
                )
            )
        if route.qualified_name:
            by_name[route.qualified_name].append(route.pattern)
    for name, patterns in by_name.items():
        if len(patterns) > 1:
            messages.append(
                Warning(
                    f"The URL name {name!r} is used by {len(patterns)} patterns: "
                    f"{', '.join(repr(p) for p in patterns)}.",
                    hint="reverse() can build only one of them for a given set of arguments; "
                    "give each a distinct name (silence urls.W100 if this is intended).",
                    id="urls.W100",
                )
            )
    return messages


@register(Tags.urls)
def check_url_settings(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for setting in ("STATIC_URL", "MEDIA_URL"):
        value = getattr(settings, setting, None)
        if value and not str(value).endswith("/"):
            messages.append(
                Error(
                    f"The {setting} setting must end with a slash.",
                    hint=f"Use {setting} = {str(value) + '/'!r}.",
                    id="urls.E006",
                )
            )
    return messages

"""System checks (``scallion check``): a registry of functions with stable message IDs.

Importing this package registers the built-in checks; a project registers its
own with ``@register(Tags.security)`` (or any tag) in a module its settings or
URLconf imports. IDs are listed in ``docs/cli.md``; a setting
``SILENCED_SYSTEM_CHECKS = ["urls.W100"]`` hides a message by ID.
"""

from scallion.core.checks import (  # noqa: F401
    caches,
    files,
    middleware,
    model_checks,
    registry,  # the module, as in Django (checks.registry.registry is the registry)
    security,
    staticfiles,
    templates,
    translation,
    urls,
)
from scallion.core.checks.compatibility import django_4_0  # noqa: F401
from scallion.core.checks.messages import (
    CRITICAL,
    DEBUG,
    ERROR,
    INFO,
    WARNING,
    CheckMessage,
    Critical,
    Debug,
    Error,
    Info,
    Warning,
)
from scallion.core.checks.registry import Tags, register, run_checks, tag_exists

__all__ = [
    "CRITICAL",
    "DEBUG",
    "ERROR",
    "INFO",
    "WARNING",
    "CheckMessage",
    "Critical",
    "Debug",
    "Error",
    "Info",
    "Tags",
    "Warning",
    "register",
    "registry",
    "run_checks",
    "tag_exists",
]

"""Django 4.0's rule: ``CSRF_TRUSTED_ORIGINS`` entries are origins, with their scheme."""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error
from scallion.core.checks.registry import Tags, register


@register(Tags.compatibility)
def check_csrf_trusted_origins(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``4_0.E001`` for an entry without ``://`` (``"example.com"`` instead of
    ``"https://example.com"``), which CsrfViewMiddleware refuses at start-up."""
    return [
        Error(
            "As of Django 4.0, the values in the CSRF_TRUSTED_ORIGINS setting must start "
            f"with a scheme (usually http:// or https://) but found {origin}. See the "
            "release notes for details.",
            id="4_0.E001",
        )
        for origin in settings.CSRF_TRUSTED_ORIGINS
        if "://" not in origin
    ]

"""Where messages wait between requests: ``cookie``, ``session`` or ``fallback``."""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.utils.module_loading import import_string


def default_storage(request: Any) -> Any:
    """An instance of the ``MESSAGE_STORAGE`` class for ``request``."""
    return import_string(settings.MESSAGE_STORAGE)(request)


__all__ = ["default_storage"]

"""``override_settings`` for the HTTP tests, usable before ``scallion.test`` imports.

Falls back to a minimal equivalent while ``scallion.urls`` (needed by the test
client) is being written; remove once ``scallion.test`` always imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    from scallion.test import override_settings
except ImportError:  # pragma: no cover - temporary
    from scallion.conf import UserSettingsHolder, settings

    @contextmanager  # type: ignore[no-redef]
    def override_settings(**options: Any) -> Iterator[None]:
        previous = settings._wrapped
        holder = UserSettingsHolder(previous)
        for name, value in options.items():
            setattr(holder, name, value)
        settings._wrapped = holder
        try:
            yield
        finally:
            settings._wrapped = previous


__all__ = ["override_settings"]

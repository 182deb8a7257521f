"""``clearsessions``: remove the expired sessions of ``SESSION_ENGINE`` (for a periodic job).

Stores that expire sessions themselves (cache, Redis, signed cookies) have
nothing to do; the file store deletes the files of expired sessions. Run it from
cron or a scheduler as Django projects do.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from scallion.conf import settings
from scallion.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Can be run as a cronjob or directly to clean out expired sessions."
    requires_system_checks: list[str] = []

    def handle(self, **options: Any) -> None:
        engine_name = settings.SESSION_ENGINE
        engine = import_module(engine_name)
        try:
            engine.SessionStore.clear_expired()
        except NotImplementedError:
            raise CommandError(
                f"Session engine '{engine_name}' doesn't support clearing expired sessions."
            ) from None

"""An app command that shadows a built-in one (the first app listed wins)."""

from typing import Any

from scallion.core.management.base import BaseCommand


class Command(BaseCommand):
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> str:
        return "blog's check"

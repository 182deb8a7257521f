"""``scallion check``: run the system checks; exit 1 when any error is found."""

from __future__ import annotations

from typing import Any

from scallion.core.checks.messages import CheckMessage, console_text
from scallion.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    SystemCheckError,
)

LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Check the project for common mistakes (settings, middleware order, URLs, templates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tag",
            "-t",
            action="append",
            dest="tags",
            default=[],
            help="Run only checks with this tag (may be repeated).",
        )
        parser.add_argument("--list-tags", action="store_true", help="List the tags and exit.")
        parser.add_argument(
            "--deploy", action="store_true", help="Also run the production-deployment checks."
        )
        parser.add_argument(
            "--fail-level",
            default="ERROR",
            choices=list(LEVELS),
            help="The lowest level that makes the command exit 1 (default ERROR).",
        )

    def handle(self, *args: Any, **options: Any) -> int:
        from scallion.core import checks

        if options["list_tags"]:
            self.write(
                "\n".join(sorted(checks.registry.registry.tags_available(options["deploy"])))
            )
            return 0
        unknown = [t for t in options["tags"] if not checks.tag_exists(t, options["deploy"])]
        if unknown:
            available = ", ".join(
                sorted(checks.registry.registry.tags_available(options["deploy"]))
            )
            raise CommandError(
                f'There is no system check with the "{unknown[0]}" tag. '
                f"Available tags: {available or 'none'}.",
                returncode=2,
            )
        return self.report(
            checks.run_checks(
                tags=options["tags"] or None, include_deployment_checks=options["deploy"]
            ),
            LEVELS[options["fail_level"]],
        )

    def report(self, messages: list[CheckMessage], fail_level: int) -> int:
        shown = [m for m in messages if not m.is_silenced()]
        failing = [m for m in shown if m.is_serious(fail_level)]
        for message in sorted(shown, key=lambda m: (-m.level, m.id or "")):
            paint = self.style.ERROR if message.is_serious() else self.style.WARNING
            self.write(paint(f"{message.level_name}: ") + console_text(message))
        silenced = len(messages) - len(shown)
        summary = f"System check identified {len(shown) or 'no'} issue" + (
            "" if len(shown) == 1 else "s"
        )
        summary += f" ({silenced} silenced)." if silenced else "."
        self.write(summary)
        if failing:
            # As Django's: call_command("check") raises, the command line exits 1.
            count = len(failing)
            raise SystemCheckError(
                f"{count} issue{'' if count == 1 else 's'} at or above the fail level.",
                returncode=1,
            )
        return 0

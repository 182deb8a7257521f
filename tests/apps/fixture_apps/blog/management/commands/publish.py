"""An app's own command, as a Django project writes one."""

from typing import Any

from scallion.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Publish posts."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("posts", nargs="+")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--when", dest="publish_at", default="now")

    def handle(self, *args: Any, **options: Any) -> str:
        if "fail" in options["posts"]:
            raise CommandError("cannot publish 'fail'", returncode=3)
        verb = "would publish" if options["dry_run"] else "published"
        if options["verbosity"] >= 2:
            self.stdout.write("working...")
        return f"{verb} {', '.join(options['posts'])} at {options['publish_at']}"

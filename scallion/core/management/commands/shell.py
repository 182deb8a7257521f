"""``scallion shell``: an interactive Python prompt with the project's settings loaded."""

from __future__ import annotations

import code
import importlib
from typing import Any

from scallion.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Start a Python shell (IPython when installed) with the project's settings loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-c", "--command", help="Run this code instead of an interactive prompt."
        )
        parser.add_argument(
            "-i",
            "--interface",
            choices=["ipython", "python"],
            help="Which shell to start (default: IPython if installed, else Python).",
        )

    def namespace(self) -> dict[str, object]:
        from scallion.conf import settings

        return {"settings": settings}

    def handle(self, *args: Any, **options: Any) -> int:
        import scallion

        scallion.setup()
        namespace = self.namespace()
        if options["command"]:
            exec(compile(options["command"], "<scallion shell -c>", "exec"), namespace)
            return 0
        if options["interface"] in (None, "ipython"):
            try:
                start_ipython = importlib.import_module("IPython").start_ipython
            except ImportError:
                if options["interface"] == "ipython":
                    raise CommandError("IPython is not installed: pip install ipython.")
            else:
                start_ipython(argv=[], user_ns=namespace)
                return 0
        code.interact(banner=f"scallion shell; names: {', '.join(namespace)}", local=namespace)
        return 0

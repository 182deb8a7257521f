"""``findstatic PATH...``: where the finders find each static file (all matches, or ``--first``)."""

from __future__ import annotations

import os
from typing import Any

from scallion.contrib.staticfiles import finders
from scallion.core.management.base import CommandParser, LabelCommand


class Command(LabelCommand):
    help = "Finds the absolute paths for the given static file(s)."
    label = "staticfile"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--first",
            action="store_false",
            dest="all",
            help="Only return the first match for each static file.",
        )

    def handle_label(self, label: str, **options: Any) -> str | None:
        verbosity = options["verbosity"]
        result = finders.find(label, find_all=options["all"])
        searched = ""
        if verbosity >= 2:
            searched = "\nLooking in the following locations:\n  " + "\n  ".join(
                str(location) for location in finders.searched_locations
            )
        if result:
            matches = result if isinstance(result, list | tuple) else [result]
            real = [os.path.realpath(match) for match in matches]
            if verbosity >= 1:
                return f"Found '{label}' here:\n  " + "\n  ".join(real) + searched
            return "\n".join(real)
        if verbosity >= 1:
            message = [f"No matching file found for '{label}'."]
            if verbosity >= 2:
                message.append(searched)
            self.stderr.write("\n".join(message))
        return None

"""The command base class: argparse wiring, errors as exit codes, output streams.

A command never calls ``sys.exit`` itself: it raises :class:`CommandError` (or
returns an int), so the same command runs from the console script, from
``call_command`` in a test, and inside the autoreloader's child process.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any, NoReturn

from scallion.core.management.color import Style, make_style
from scallion.core.management.discovery import SettingsSource


class CommandError(Exception):
    """A problem the user can fix; printed as one line and exits with ``returncode``."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.returncode = returncode


class CommandParser(argparse.ArgumentParser):
    """argparse that raises :class:`CommandError` instead of exiting on a bad argument.

    Usage errors exit with 2 (argparse's convention); the message names the
    command so ``scallion runserver --bogus`` says which ``--help`` to read.
    """

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message}\n(see '{self.prog} --help')", returncode=2)


class BaseCommand:
    """One ``scallion`` subcommand: subclasses set ``help`` and implement ``handle``."""

    help = ""
    #: False for commands that must run without a project (startproject).
    requires_settings = True
    #: The arguments after the command name, and where the settings came from
    #: (set by the command-line utility before ``handle``).
    argv: list[str]
    settings_source: SettingsSource | None = None

    def __init__(
        self, name: str, stdout: IO[str] | None = None, stderr: IO[str] | None = None
    ) -> None:
        self.name = name
        self.argv = []
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.style: Style = make_style(self.stdout)
        self.error_style: Style = make_style(self.stderr)

    def create_parser(self, prog_name: str) -> CommandParser:
        parser = CommandParser(
            prog=f"{prog_name} {self.name}",
            description=self.help or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_global_options(parser)
        self.add_arguments(parser)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        """Add this command's own arguments (the global ones are already there)."""

    def handle(self, options: argparse.Namespace) -> int | None:
        raise NotImplementedError(f"{type(self).__name__} must implement handle()")

    def write(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """``--settings`` and ``--pythonpath``, accepted by every command."""
    parser.add_argument(
        "--settings",
        metavar="MODULE",
        help="The settings module, e.g. 'mysite.settings'. Overrides SCALLION_SETTINGS_MODULE "
        "and [tool.scallion] in pyproject.toml.",
    )
    parser.add_argument(
        "--pythonpath",
        metavar="DIR",
        action="append",
        default=[],
        help="A directory to put first on sys.path (may be repeated), e.g. 'examples'.",
    )


def parse_global_options(argv: list[str]) -> tuple[str | None, list[str]]:
    """The ``--settings``/``--pythonpath`` values, read before the command is known."""
    parser = argparse.ArgumentParser(add_help=False)
    add_global_options(parser)
    known: Any
    known, _ = parser.parse_known_args(argv)
    return known.settings, list(known.pythonpath)

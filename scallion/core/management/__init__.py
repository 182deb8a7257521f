"""The ``scallion`` command: finds the settings, then runs one subcommand.

Each subcommand is a module in ``scallion.core.management.commands`` defining
``Command`` (a :class:`~scallion.core.management.base.BaseCommand`). Exit codes:
0 success, 1 an error the command reported (bad settings, failed checks), 2 a
bad invocation (unknown command or option).
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import sys
import traceback
from typing import IO

import scallion
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.management.base import BaseCommand, CommandError, parse_global_options
from scallion.core.management.color import make_style
from scallion.core.management.discovery import (
    apply_settings_source,
    find_settings,
    no_settings_message,
)

PROG = "scallion"


def get_commands() -> list[str]:
    """The names of the available subcommands, sorted."""
    from scallion.core.management import commands

    return sorted(
        info.name
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    )


def load_command(
    name: str, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> BaseCommand:
    module = importlib.import_module(f"scallion.core.management.commands.{name}")
    command: BaseCommand = module.Command(name, stdout=stdout, stderr=stderr)
    return command


def main_help(commands: list[str]) -> str:
    lines = [
        f"usage: {PROG} <command> [options]",
        "",
        "Commands:",
    ]
    for name in commands:
        summary = (load_command(name).help.strip().splitlines() or [""])[0]
        lines.append(f"  {name:<14}{summary}")
    lines += [
        "",
        f"Run '{PROG} <command> --help' for a command's options. Every command accepts",
        "--settings MODULE and --pythonpath DIR; without them the settings come from",
        "SCALLION_SETTINGS_MODULE or [tool.scallion] in the nearest pyproject.toml.",
    ]
    return "\n".join(lines)


def execute_from_command_line(
    argv: list[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run ``scallion <argv>`` and return the exit code (never calls ``sys.exit``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    style = make_style(err)
    commands = get_commands()

    if not argv or argv[0] in ("-h", "--help"):
        out.write(main_help(commands) + "\n")
        return 0
    if argv[0] == "--version":
        out.write(scallion.__version__ + "\n")
        return 0
    name, args = argv[0], argv[1:]
    if name == "help":
        if args and args[0] in commands:
            name, args = args[0], ["--help"]
        else:
            out.write(main_help(commands) + "\n")
            return 0
    if name not in commands:
        message = f"Unknown command: {name!r}."
        close = difflib.get_close_matches(name, commands, n=1)
        if close:
            message += f" Did you mean {close[0]}?"
        err.write(style.ERROR(message) + f"\nType '{PROG} help' for the list of commands.\n")
        return 2

    command = load_command(name, stdout=out, stderr=err)
    try:
        parser = command.create_parser(PROG)
        try:
            options = parser.parse_args(args)
        except SystemExit as exc:  # --help printed by argparse
            return int(exc.code or 0)
        explicit, pythonpath = parse_global_options(args)
        source = find_settings(explicit, pythonpath)
        apply_settings_source(source)
        command.argv = args
        command.settings_source = source
        if command.requires_settings:
            load_settings(source.module, err)
        return command.handle(options) or 0
    except CommandError as exc:
        err.write(style.ERROR(f"Error: {exc}") + "\n")
        return exc.returncode
    except ImproperlyConfigured as exc:
        err.write(style.ERROR(f"Error: {exc}") + "\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the project's code failed: show where, then one clear line
        traceback.print_exc(file=err)
        err.write(style.ERROR(f"Error: '{PROG} {name}' failed: {type(exc).__name__}: {exc}\n"))
        return 1


def load_settings(module: str | None, err: IO[str] | None = None) -> None:
    """Import the settings now, so a broken settings module fails before the command."""
    from scallion.conf import settings

    if settings.configured:
        return
    if module is None:
        raise CommandError(no_settings_message())
    try:
        settings.DEBUG  # noqa: B018 -- the first read imports the module
    except ImproperlyConfigured:
        raise
    except Exception as exc:
        traceback.print_exc(file=err or sys.stderr)
        raise CommandError(
            f"The settings module {module!r} raised {type(exc).__name__} while importing "
            "(traceback above)."
        ) from exc


def call_command(
    name: str, *args: str, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run a subcommand in-process (for tests and scripts); returns the exit code."""
    return execute_from_command_line([name, *args], stdout=stdout, stderr=stderr)


__all__ = [
    "BaseCommand",
    "CommandError",
    "call_command",
    "execute_from_command_line",
    "get_commands",
]

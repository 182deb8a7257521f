"""The ``scallion`` command (and a ported ``manage.py``): finds the settings, runs one command.

Commands are modules named after themselves in a ``management/commands``
package, each defining ``Command`` (a :class:`~scallion.core.management.base.BaseCommand`):
scallion's own in ``scallion.core.management.commands``, and those of every
installed app, as in Django (an app listed first wins a name, so
``scallion.contrib.staticfiles`` supplies its own ``runserver``).

Exit codes: 0 success, 1 an error the command reported (bad settings, failed
checks), 2 a bad invocation (unknown command or option).
"""

from __future__ import annotations

import argparse
import difflib
import functools
import os
import pkgutil
import sys
import traceback
from collections.abc import Iterator
from importlib import import_module
from typing import IO, Any

import scallion
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    SystemCheckError,
)
from scallion.core.management.color import make_style
from scallion.core.management.discovery import (
    apply_settings_source,
    find_settings,
    no_settings_message,
)
from scallion.core.signals import setting_changed

PROG = "scallion"
CORE = "scallion.core"


def find_commands(management_dir: str) -> list[str]:
    """The command names in ``<management_dir>/commands`` (modules not starting with ``_``)."""
    command_dir = os.path.join(management_dir, "commands")
    return [
        name
        for _, name, is_pkg in pkgutil.iter_modules([command_dir])
        if not is_pkg and not name.startswith("_")
    ]


def load_command_class(app_name: str, name: str) -> BaseCommand:
    """A fresh ``Command`` from ``<app_name>.management.commands.<name>``."""
    module = import_module(f"{app_name}.management.commands.{name}")
    command: BaseCommand = module.Command()
    return command


@functools.cache
def get_commands() -> dict[str, str]:
    """``{command name: app name}``: scallion's commands, then each installed app's.

    Only scallion's own are listed while there are no settings. Cached until
    ``INSTALLED_APPS`` changes.
    """
    from scallion.conf import settings

    commands = {name: CORE for name in find_commands(os.path.dirname(__file__))}
    if not settings.configured:
        return commands
    from scallion.apps import apps

    for app_config in reversed(apps.get_app_configs()):
        path = os.path.join(app_config.path, "management")
        commands.update({name: app_config.name for name in find_commands(path)})
    return commands


def _get_commands_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        get_commands.cache_clear()


setting_changed.connect(_get_commands_setting_changed, dispatch_uid="scallion.management")


def fetch_command(name: str) -> BaseCommand:
    """The command called ``name``; ``CommandError`` naming the nearest one otherwise."""
    commands = get_commands()
    try:
        app_name = commands[name]
    except KeyError:
        message = f"Unknown command: {name!r}"
        close = difflib.get_close_matches(name, commands, n=1)
        if close:
            message += f". Did you mean {close[0]}?"
        raise CommandError(message, returncode=2) from None
    return load_command_class(app_name, name)


def call_command(command_name: str | BaseCommand, *args: Any, **options: Any) -> Any:
    """Run a command in this process, as ``call_command`` does in Django; returns its output.

    ``options`` are given by their option name or ``dest`` (``use_default_ignore_patterns``
    or ``no_default_ignore``); an unknown one raises ``TypeError`` listing the
    valid ones. System checks are skipped unless ``skip_checks=False``.
    """
    if isinstance(command_name, BaseCommand):
        command = command_name
        command_name = type(command).__module__.rpartition(".")[2]
    else:
        try:
            app_name = get_commands()[command_name]
        except KeyError:
            raise CommandError(f"Unknown command: {command_name!r}") from None
        command = load_command_class(app_name, command_name)

    parser = command.create_parser("", command_name)
    opt_mapping = {
        min(action.option_strings).lstrip("-").replace("-", "_"): action.dest
        for action in parser._actions
        if action.option_strings
    }
    arg_options = {opt_mapping.get(key, key): value for key, value in options.items()}
    parse_args: list[str] = []
    for arg in args:
        if isinstance(arg, list | tuple):
            parse_args += map(str, arg)
        else:
            parse_args.append(str(arg))
    parser_actions = list(_parser_actions(parser))
    required_in_groups = {
        action
        for group in parser._mutually_exclusive_groups
        for action in group._group_actions
        if group.required
    }
    # Required options given as keywords must go through parse_args to satisfy argparse.
    for action in parser_actions:
        if action.dest in options and (action.required or action in required_in_groups):
            if sum(dest == action.dest for dest in opt_mapping.values()) > 1:
                raise TypeError(
                    f"Cannot pass the dest {action.dest!r} that matches multiple arguments via "
                    "**options."
                )
            parse_args.append(min(action.option_strings))
            if isinstance(
                action,
                argparse._AppendConstAction | argparse._CountAction | argparse._StoreConstAction,
            ):
                continue
            value = arg_options[action.dest]
            if isinstance(value, list | tuple):
                parse_args += map(str, value)
            else:
                parse_args.append(str(value))
    defaults = dict(parser.parse_args(args=parse_args)._get_kwargs(), **arg_options)
    stealth_options = set(command.base_stealth_options + command.stealth_options)
    dest_parameters = {action.dest for action in parser_actions}
    valid_options = (dest_parameters | stealth_options).union(opt_mapping)
    unknown = set(options) - valid_options
    if unknown:
        raise TypeError(
            f"Unknown option(s) for {command_name} command: {', '.join(sorted(unknown))}. "
            f"Valid options are: {', '.join(sorted(valid_options))}."
        )
    positional = defaults.pop("args", ())
    if "skip_checks" not in options:
        defaults["skip_checks"] = True
    return command.execute(*positional, **defaults)


def _parser_actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """The parser's actions, and those of its sub-parsers."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_parser in action.choices.values():
                yield from _parser_actions(sub_parser)
        else:
            yield action


class ManagementUtility:
    """The command line: ``[prog, command, *arguments]`` in, an exit code out.

    Where Django reads only ``--settings`` and ``DJANGO_SETTINGS_MODULE``,
    scallion also finds the settings in the nearest ``pyproject.toml``
    (``[tool.scallion] settings = "..."``) and puts the project on sys.path.
    """

    def __init__(
        self,
        argv: list[str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.argv = list(argv if argv is not None else sys.argv)
        self.prog_name = os.path.basename(self.argv[0]) if self.argv else PROG
        if self.prog_name == "__main__.py":
            self.prog_name = "python -m scallion"
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr

    def main_help_text(self, commands_only: bool = False) -> str:
        commands = sorted(get_commands())
        if commands_only:
            return "\n".join(commands)
        lines = [f"usage: {self.prog_name} <command> [options]", "", "Commands:"]
        for name in commands:
            try:
                summary = (fetch_command(name).help.strip().splitlines() or [""])[0]
            except Exception as exc:  # a broken app command must not hide the others
                summary = f"(cannot be loaded: {type(exc).__name__}: {exc})"
            lines.append(f"  {name:<14}{summary}")
        lines += [
            "",
            f"Run '{self.prog_name} help <command>' for a command's options. Every command accepts",
            "--settings MODULE and --pythonpath DIR; without them the settings come from",
            "SCALLION_SETTINGS_MODULE or [tool.scallion] in the nearest pyproject.toml.",
        ]
        return "\n".join(lines)

    def execute(self) -> int:
        """Run the command line; return the exit code (this never calls ``sys.exit``)."""
        style = make_style(self.stderr)
        args = self.argv[1:]
        try:
            return self._execute(args)
        except CommandError as exc:
            message = str(exc) if isinstance(exc, SystemCheckError) else f"Error: {exc}"
            self.stderr.write(style.ERROR(message) + "\n")
            if exc.returncode == 2:
                self.stderr.write(f"Type '{self.prog_name} help' for the list of commands.\n")
            return exc.returncode
        except ImproperlyConfigured as exc:
            self.stderr.write(style.ERROR(f"Error: {exc}") + "\n")
            return 1
        except KeyboardInterrupt:
            return 130
        except SystemExit as exc:  # argparse: --help, --version, a usage error
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:  # the project's code failed: show where, then one clear line
            name = args[0] if args else ""
            traceback.print_exc(file=self.stderr)
            self.stderr.write(
                style.ERROR(f"Error: '{self.prog_name} {name}' failed: {type(exc).__name__}: {exc}")
                + "\n"
            )
            return 1

    def _execute(self, args: list[str]) -> int:
        if not args or args[0] in ("-h", "--help"):
            self._configure(args)
            self.stdout.write(self.main_help_text() + "\n")
            return 0
        if args[0] in ("--version", "version"):
            self.stdout.write(scallion.__version__ + "\n")
            return 0
        name, rest = args[0], args[1:]
        standalone = _standalone_command(name)
        source = self._configure(rest, import_settings=standalone is None)
        if name == "help":
            if "--commands" in rest:
                self.stdout.write(self.main_help_text(commands_only=True) + "\n")
            elif rest and not rest[0].startswith("-"):
                command = fetch_command(rest[0])
                command.use_streams(self.stdout, self.stderr)
                command.print_help(self.prog_name, rest[0])
            else:
                self.stdout.write(self.main_help_text() + "\n")
            return 0
        command = standalone or fetch_command(name)
        command.argv = rest
        command.settings_source = source
        command.use_streams(self.stdout, self.stderr)
        if command.requires_settings:
            load_settings(source.module, self.stderr)
        return command.run_from_argv_returning_code([self.prog_name, name, *rest])

    def _configure(self, args: list[str], import_settings: bool = True) -> Any:
        """Read ``--settings``/``--pythonpath`` early: they decide which commands exist.

        The settings are imported here (to find the apps' commands) unless the
        command runs without them: ``runserver``'s supervising process and
        ``startproject`` never import the project.
        """
        parser = CommandParser(add_help=False, allow_abbrev=False)
        parser.add_argument("--settings")
        parser.add_argument("--pythonpath", action="append", default=[])
        try:
            options, _ = parser.parse_known_args(args)
        except CommandError:
            options = argparse.Namespace(settings=None, pythonpath=[])
        source = find_settings(options.settings, options.pythonpath)
        apply_settings_source(source)
        if import_settings and source.module is not None:
            from scallion.conf import settings

            try:
                settings.INSTALLED_APPS  # noqa: B018 -- import the settings now
            except Exception:
                # A broken settings module: only scallion's own commands are listed,
                # and the command reports the error when it loads the settings.
                get_commands.cache_clear()
        return source


def _standalone_command(name: str) -> BaseCommand | None:
    """scallion's own command ``name`` if it runs without settings (apps cannot replace it)."""
    if name not in find_commands(os.path.dirname(__file__)):
        return None
    command = load_command_class(CORE, name)
    return None if command.requires_settings else command


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


def execute_from_command_line(argv: list[str] | None = None) -> None:
    """Run the command line ``argv`` (default ``sys.argv``); exit with its code on failure."""
    code = ManagementUtility(argv).execute()
    if code:
        sys.exit(code)


__all__ = [
    "BaseCommand",
    "CommandError",
    "ManagementUtility",
    "call_command",
    "execute_from_command_line",
    "find_commands",
    "get_commands",
    "load_command_class",
]

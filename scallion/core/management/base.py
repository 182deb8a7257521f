"""The command base classes, with Django's API: ``BaseCommand``, ``LabelCommand``, ``AppCommand``.

A command subclasses ``BaseCommand``, declares its options in
``add_arguments(parser)`` and does its work in ``handle(*args, **options)``;
what ``handle`` returns (a string) is written to ``stdout``. The same command
runs from the ``scallion`` console script (or a ported ``manage.py``), from
``call_command()`` in a test, and inside the autoreloader's child process.

A problem the user can fix is raised as ``CommandError`` (with a
``returncode``, 1 by default): the command line prints it as one line and
exits with that code; ``call_command`` lets it propagate. scallion's own
commands may also return an ``int``: the exit code, with nothing written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from io import TextIOBase
from typing import IO, Any, NoReturn

import scallion
from scallion.core.management.color import Style, color_style, no_style
from scallion.core.management.discovery import SettingsSource

ALL_CHECKS = "__all__"


class CommandError(Exception):
    """A problem the user can fix; printed as one line, exits with ``returncode``."""

    def __init__(self, *args: Any, returncode: int = 1, **kwargs: Any) -> None:
        self.returncode = returncode
        super().__init__(*args, **kwargs)


class SystemCheckError(CommandError):
    """The system checks found a serious problem; the message lists them."""


class CommandParser(argparse.ArgumentParser):
    """argparse that raises ``CommandError`` instead of exiting, unless run from a shell.

    From the command line a usage error prints the usage and exits 2 (argparse's
    convention), naming the ``--help`` to read; from ``call_command`` it raises
    ``CommandError("Error: ...")`` so a test sees the message.
    """

    def __init__(
        self,
        *,
        missing_args_message: str | None = None,
        called_from_command_line: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self.missing_args_message = missing_args_message
        self.called_from_command_line = called_from_command_line
        #: Where ``--help``/``--version`` and usage errors go (the command's streams).
        self.streams: tuple[IO[str], IO[str]] | None = None
        super().__init__(**kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        if self.streams is not None and message:
            out, err = self.streams
            target = err if file is sys.stderr else out
            getattr(target, "_out", target).write(message)  # as is: no ending added
            return
        super()._print_message(message, file)

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        if self.missing_args_message and not (
            args and any(not arg.startswith("-") for arg in args)
        ):
            self.error(self.missing_args_message)
        return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")
        raise CommandError(f"Error: {message}")

    def add_subparsers(self, **kwargs: Any) -> Any:
        parser_class = kwargs.get("parser_class", type(self))
        if issubclass(parser_class, CommandParser):
            kwargs["parser_class"] = partial(
                parser_class, called_from_command_line=self.called_from_command_line
            )
        return super().add_subparsers(**kwargs)


def handle_default_options(options: argparse.Namespace) -> None:
    """Apply ``--settings`` and ``--pythonpath`` before the command runs."""
    if options.settings:
        os.environ["DJANGO_SETTINGS_MODULE"] = options.settings
        os.environ["SCALLION_SETTINGS_MODULE"] = options.settings
    if options.pythonpath:
        sys.path.insert(0, options.pythonpath)


def no_translations(handle_func: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command with translations deactivated (then restore the language)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from scallion.utils import translation

        saved_locale = translation.get_language()
        translation.deactivate_all()
        try:
            return handle_func(*args, **kwargs)
        finally:
            if saved_locale is not None:
                translation.activate(saved_locale)

    return wrapper


class DjangoHelpFormatter(argparse.HelpFormatter):
    """``--help`` lists the command's own options before the ones every command has."""

    show_last = {
        "--version",
        "--verbosity",
        "--traceback",
        "--settings",
        "--pythonpath",
        "--no-color",
        "--force-color",
        "--skip-checks",
    }

    def _reordered_actions(self, actions: Iterable[argparse.Action]) -> list[argparse.Action]:
        return sorted(actions, key=lambda a: bool(set(a.option_strings) & self.show_last))

    def add_usage(
        self, usage: Any, actions: Iterable[argparse.Action], *args: Any, **kwargs: Any
    ) -> None:
        super().add_usage(usage, self._reordered_actions(actions), *args, **kwargs)

    def add_arguments(self, actions: Iterable[argparse.Action]) -> None:
        super().add_arguments(self._reordered_actions(actions))


class OutputWrapper:
    """A stream that ends each ``write`` with a newline and styles it on a terminal."""

    def __init__(self, out: IO[str], ending: str = "\n") -> None:
        self._out = out
        self.style_func = None
        self.ending = ending

    @property
    def style_func(self) -> Callable[[str], str]:
        return self._style_func

    @style_func.setter
    def style_func(self, style_func: Callable[[str], str] | None) -> None:
        # Colour only where a person reads it: a terminal.
        self._style_func = style_func if style_func and self.isatty() else (lambda x: x)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)

    def flush(self) -> None:
        if hasattr(self._out, "flush"):
            self._out.flush()

    def isatty(self) -> bool:
        return hasattr(self._out, "isatty") and bool(self._out.isatty())

    def write(
        self,
        msg: str = "",
        style_func: Callable[[str], str] | None = None,
        ending: str | None = None,
    ) -> None:
        ending = self.ending if ending is None else ending
        if ending and not msg.endswith(ending):
            msg += ending
        style_func = style_func or self.style_func
        self._out.write(style_func(msg))


TextIOBase.register(OutputWrapper)


class BaseCommand:
    """One command: options in ``add_arguments``, the work in ``handle``.

    ``requires_system_checks`` (``"__all__"`` or a list of tags) runs the checks
    before ``handle`` when the command line runs it (``--skip-checks`` skips
    them; ``call_command`` skips them unless ``skip_checks=False``).
    """

    help = ""
    _called_from_command_line = False
    output_transaction = False
    requires_migrations_checks = False
    requires_system_checks: str | Sequence[str] = ALL_CHECKS
    #: Options every command accepts that are not parser arguments.
    base_stealth_options: tuple[str, ...] = ("stderr", "stdout")
    #: This command's options that are not parser arguments.
    stealth_options: tuple[str, ...] = ()
    suppressed_base_arguments: set[str] = set()
    #: False for commands that run without a project (startproject).
    requires_settings = True
    #: The arguments after the command name, and where the settings came from
    #: (set by the command line before ``execute``).
    argv: list[str]
    settings_source: SettingsSource | None = None

    def __init__(
        self,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        no_color: bool = False,
        force_color: bool = False,
    ) -> None:
        self.argv = []
        self.stdout = OutputWrapper(stdout or sys.stdout)
        self.stderr = OutputWrapper(stderr or sys.stderr)
        if no_color and force_color:
            raise CommandError("'no_color' and 'force_color' can't be used together.")
        self.style: Style
        self.error_style: Style = color_style(stream=stderr or sys.stderr)
        if no_color:
            self.style = no_style()
        else:
            self.style = color_style(force_color, stream=stdout or sys.stdout)
            self.stderr.style_func = self.style.ERROR
        if (
            not isinstance(self.requires_system_checks, list | tuple)
            and self.requires_system_checks != ALL_CHECKS
        ):
            raise TypeError("requires_system_checks must be a list or tuple.")

    def use_streams(self, stdout: IO[str], stderr: IO[str]) -> None:
        """Write to these streams from now on (styled for them)."""
        self.stdout = OutputWrapper(stdout)
        self.stderr = OutputWrapper(stderr)
        self.style = color_style(stream=stdout)
        self.error_style = color_style(stream=stderr)
        self.stderr.style_func = self.error_style.ERROR

    @property
    def name(self) -> str:
        """The command's name: its module's last part (``collectstatic``)."""
        return type(self).__module__.rpartition(".")[2]

    def get_version(self) -> str:
        return scallion.get_version()

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """The parser for ``prog_name subcommand``: the common options, then this command's."""
        kwargs.setdefault("formatter_class", DjangoHelpFormatter)
        parser = CommandParser(
            prog=f"{os.path.basename(prog_name)} {subcommand}".strip(),
            description=self.help or None,
            missing_args_message=getattr(self, "missing_args_message", None),
            called_from_command_line=getattr(self, "_called_from_command_line", None),
            **kwargs,
        )
        self.add_base_argument(
            parser,
            "--version",
            action="version",
            version=self.get_version(),
            help="Show program's version number and exit.",
        )
        self.add_base_argument(
            parser,
            "-v",
            "--verbosity",
            default=1,
            type=int,
            choices=[0, 1, 2, 3],
            help="Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, "
            "3=very verbose output",
        )
        self.add_base_argument(
            parser,
            "--settings",
            metavar="MODULE",
            help="The settings module, e.g. 'mysite.settings'. Overrides "
            "SCALLION_SETTINGS_MODULE (or DJANGO_SETTINGS_MODULE) and [tool.scallion] in "
            "pyproject.toml.",
        )
        self.add_base_argument(
            parser,
            "--pythonpath",
            metavar="DIR",
            help="A directory to put first on sys.path, e.g. 'examples'.",
        )
        self.add_base_argument(
            parser,
            "--traceback",
            action="store_true",
            help="Show the full traceback of a CommandError.",
        )
        self.add_base_argument(
            parser, "--no-color", action="store_true", help="Don't colorize the command output."
        )
        self.add_base_argument(
            parser,
            "--force-color",
            action="store_true",
            help="Force colorization of the command output.",
        )
        if self.requires_system_checks:
            parser.add_argument("--skip-checks", action="store_true", help="Skip system checks.")
        self.add_arguments(parser)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        """Add this command's own arguments (the common ones are already there)."""

    def add_base_argument(self, parser: CommandParser, *args: Any, **kwargs: Any) -> None:
        """Add a common argument, its help hidden if ``suppressed_base_arguments`` names it."""
        if any(arg in self.suppressed_base_arguments for arg in args):
            kwargs["help"] = argparse.SUPPRESS
        parser.add_argument(*args, **kwargs)

    def print_help(self, prog_name: str, subcommand: str) -> None:
        parser = self.create_parser(prog_name, subcommand)
        parser.streams = (self.stdout, self.stderr)  # type: ignore[assignment]
        parser.print_help()

    def run_from_argv(self, argv: list[str]) -> None:
        """Run from ``[prog, subcommand, *arguments]``; a ``CommandError`` exits with its code."""
        code = self.run_from_argv_returning_code(argv)
        if code:
            sys.exit(code)

    def run_from_argv_returning_code(self, argv: list[str]) -> int:
        """``run_from_argv`` without exiting: the exit code (0 success)."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        parser.streams = (self.stdout, self.stderr)  # type: ignore[assignment]
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            result = self.execute(*args, **cmd_options)
        except CommandError as exc:
            if options.traceback:
                raise
            if isinstance(exc, SystemCheckError):
                self.stderr.write(str(exc), lambda x: x)
            else:
                self.stderr.write(f"{type(exc).__name__}: {exc}")
            return exc.returncode
        return result if isinstance(result, int) and not isinstance(result, bool) else 0

    def execute(self, *args: Any, **options: Any) -> Any:
        """Run the checks if asked, then ``handle``; write what it returns to stdout."""
        if options.get("force_color") and options.get("no_color"):
            raise CommandError("The --no-color and --force-color options can't be used together.")
        if options.get("force_color"):
            self.style = color_style(force_color=True)
        elif options.get("no_color"):
            self.style = no_style()
            self.stderr.style_func = None
        if options.get("stdout"):
            self.stdout = OutputWrapper(options["stdout"])
        if options.get("stderr"):
            self.stderr = OutputWrapper(options["stderr"])
        if self.requires_system_checks and not options.get("skip_checks"):
            self.check(**self.get_check_kwargs(options))
        output = self.handle(*args, **options)
        if output and isinstance(output, str):
            self.stdout.write(output)
        return output

    def get_check_kwargs(self, options: dict[str, Any]) -> dict[str, Any]:
        if self.requires_system_checks == ALL_CHECKS:
            return {}
        return {"tags": self.requires_system_checks}

    def check(
        self,
        app_configs: Any = None,
        tags: Sequence[str] | None = None,
        display_num_errors: bool = False,
        include_deployment_checks: bool = False,
        fail_level: int | None = None,
        databases: Any = None,
    ) -> None:
        """Run the system checks: serious messages raise ``SystemCheckError``, others print."""
        from scallion.core import checks

        fail = checks.ERROR if fail_level is None else fail_level
        issues = checks.run_checks(tags=tags, include_deployment_checks=include_deployment_checks)
        visible = [issue for issue in issues if not issue.is_silenced()]
        # (heading, lowest level, level above): most serious first.
        groups = (
            ("CRITICALS", checks.CRITICAL, None),
            ("ERRORS", checks.ERROR, checks.CRITICAL),
            ("WARNINGS", checks.WARNING, checks.ERROR),
            ("INFOS", checks.INFO, checks.WARNING),
            ("DEBUGS", None, checks.INFO),
        )
        body = ""
        for group_name, lowest, above in groups:
            members = [
                issue
                for issue in visible
                if (lowest is None or issue.level >= lowest)
                and (above is None or issue.level < above)
            ]
            if members:
                lines = sorted(
                    (self.style.ERROR if i.is_serious() else self.style.WARNING)(str(i))
                    for i in members
                )
                body += f"\n{group_name}:\n" + "\n".join(lines) + "\n"
        header = "System check identified some issues:\n" if visible else ""
        footer = ""
        if display_num_errors:
            if visible:
                footer += "\n"
            count = len(visible)
            said = "no issues" if count == 0 else "1 issue" if count == 1 else f"{count} issues"
            footer += f"System check identified {said} ({len(issues) - count} silenced)."
        if any(issue.is_serious(fail) for issue in visible):
            raise SystemCheckError(self.style.ERROR(f"SystemCheckError: {header}") + body + footer)
        message = header + body + footer
        if message:
            if visible:
                self.stderr.write(message, lambda x: x)
            else:
                self.stdout.write(message)

    def check_migrations(self) -> None:
        """Nothing to check: scallion has no ORM and no migrations."""

    def handle(self, *args: Any, **options: Any) -> Any:
        raise NotImplementedError("subclasses of BaseCommand must provide a handle() method")

    def write(self, text: str = "") -> None:
        """Write a line to stdout now (scallion's commands report as they go)."""
        self.stdout.write(text)
        self.stdout.flush()


class AppCommand(BaseCommand):
    """A command over installed app labels: ``handle_app_config`` runs once per app."""

    missing_args_message = "Enter at least one application label."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "args", metavar="app_label", nargs="+", help="One or more application label."
        )

    def handle(self, *app_labels: str, **options: Any) -> str:
        from scallion.apps import apps

        try:
            app_configs = [apps.get_app_config(label) for label in app_labels]
        except (LookupError, ImportError) as exc:
            raise CommandError(
                f"{exc}. Are you sure your INSTALLED_APPS setting is correct?"
            ) from exc
        output = [self.handle_app_config(config, **options) for config in app_configs]
        return "\n".join(text for text in output if text)

    def handle_app_config(self, app_config: Any, **options: Any) -> str | None:
        raise NotImplementedError(
            "Subclasses of AppCommand must provide a handle_app_config() method."
        )


class LabelCommand(BaseCommand):
    """A command over arbitrary labels: ``handle_label`` runs once per label."""

    label = "label"
    missing_args_message = "Enter at least one %s."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.missing_args_message == LabelCommand.missing_args_message:
            self.missing_args_message = self.missing_args_message % self.label

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", metavar=self.label, nargs="+")

    def handle(self, *labels: str, **options: Any) -> str:
        output = [self.handle_label(label, **options) for label in labels]
        return "\n".join(text for text in output if text)

    def handle_label(self, label: str, **options: Any) -> str | None:
        raise NotImplementedError("subclasses of LabelCommand must provide a handle_label() method")


__all__ = [
    "ALL_CHECKS",
    "AppCommand",
    "BaseCommand",
    "CommandError",
    "CommandParser",
    "DjangoHelpFormatter",
    "LabelCommand",
    "OutputWrapper",
    "SystemCheckError",
    "handle_default_options",
    "no_translations",
]

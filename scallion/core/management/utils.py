"""Helpers for commands, with Django's names: running programs, paths, patterns, secrets."""

from __future__ import annotations

import fnmatch
import locale
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from scallion.core.management.base import CommandError, CommandParser
from scallion.utils.crypto import get_random_string

#: The characters of a generated SECRET_KEY (Django's set).
SECRET_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"
SECRET_KEY_LENGTH = 50


def popen_wrapper(args: Sequence[str], stdout_encoding: str = "utf-8") -> tuple[str, str, int]:
    """Run ``args``; return its stdout, its stderr (in the locale's encoding) and exit code."""
    try:
        process = subprocess.run(args, capture_output=True, close_fds=os.name != "nt", check=False)
    except OSError as err:
        raise CommandError(f"Error executing {args[0]}") from err
    return (
        process.stdout.decode(stdout_encoding),
        process.stderr.decode(locale.getpreferredencoding(False) or "utf-8", errors="replace"),
        process.returncode,
    )


def handle_extensions(extensions: Iterable[str]) -> set[str]:
    """``['.html', 'js,py']`` → ``{'.html', '.js', '.py'}`` (commas split, dots added)."""
    found = []
    for extension in extensions:
        found.extend(extension.replace(" ", "").split(","))
    return {ext if ext.startswith(".") else f".{ext}" for ext in found}


def find_command(
    cmd: str, path: str | Sequence[str] | None = None, pathext: Sequence[str] | None = None
) -> str | None:
    """The full path of program ``cmd`` on ``path`` (default ``PATH``), or None."""
    if path is None:
        path = os.environ.get("PATH", "").split(os.pathsep)
    if isinstance(path, str):
        path = [path]
    if pathext is None:
        pathext = os.environ.get("PATHEXT", ".COM;.EXE;.BAT;.CMD").split(os.pathsep)
    if any(cmd.endswith(ext) for ext in pathext):
        pathext = [""]
    for folder in path:
        candidate = os.path.join(folder, cmd)
        if os.path.isfile(candidate):
            return candidate
        for ext in pathext:
            if os.path.isfile(candidate + ext):
                return candidate + ext
    return None


def get_random_secret_key() -> str:
    """A 50-character random string for the ``SECRET_KEY`` setting."""
    return get_random_string(SECRET_KEY_LENGTH, SECRET_KEY_CHARS)


def parse_apps_and_model_labels(labels: Iterable[str]) -> tuple[set[Any], set[Any]]:
    """``(models, app configs)`` named by ``app_label`` and ``app_label.Model`` labels.

    scallion has no ORM, so a model label is always unknown.
    """
    from scallion.apps import apps

    app_configs = set()
    for label in labels:
        if "." in label:
            raise CommandError(f"Unknown model: {label}")
        try:
            app_configs.add(apps.get_app_config(label))
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
    return set(), app_configs


def get_command_line_option(argv: Sequence[str], option: str) -> Any:
    """The value of ``option`` (e.g. ``--settings``) in a command line, or None."""
    parser = CommandParser(add_help=False, allow_abbrev=False)
    parser.add_argument(option, dest="value")
    try:
        options, _ = parser.parse_known_args(argv[2:])
    except CommandError:
        return None
    return options.value


def normalize_path_patterns(patterns: Iterable[str]) -> list[str]:
    """Glob patterns in the OS's case, a trailing ``/*`` meaning the folder itself."""
    dir_suffixes = {f"{separator}*" for separator in {"/", os.sep}}
    normalized = []
    for pattern in (os.path.normcase(p) for p in patterns):
        for suffix in dir_suffixes:
            if pattern.endswith(suffix):
                normalized.append(pattern.removesuffix(suffix))
                break
        else:
            normalized.append(pattern)
    return normalized


def is_ignored_path(path: str | os.PathLike[str], ignore_patterns: Iterable[str]) -> bool:
    """True if the path's name, or the whole path, matches one of the glob patterns."""
    candidate = Path(path)
    return any(
        fnmatch.fnmatchcase(candidate.name, pattern) or fnmatch.fnmatchcase(str(candidate), pattern)
        for pattern in normalize_path_patterns(ignore_patterns)
    )


def find_formatters() -> dict[str, str | None]:
    return {"black_path": shutil.which("black")}


_UNSET: Any = object()


def run_formatters(
    written_files: Sequence[str], black_path: Any = _UNSET, stderr: IO[str] = sys.stderr
) -> None:
    """Format the files a command wrote with ``black``, when it is installed."""
    if black_path is _UNSET:
        black_path = shutil.which("black")
    if black_path:
        try:
            subprocess.run([black_path, "--fast", "--", *written_files], capture_output=True)
        except OSError:
            stderr.write("Formatters failed to launch:")
            traceback.print_exc(file=stderr)

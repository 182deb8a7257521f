"""Which settings module a command (or ``pytest``) uses, and what goes on sys.path.

Precedence, first match wins: ``--settings``, ``SCALLION_SETTINGS_MODULE``,
``DJANGO_SETTINGS_MODULE``, then ``[tool.scallion] settings = "..."`` in the
nearest ``pyproject.toml`` from the current directory upwards (whose directory
is put on sys.path, so a generated project works with no flag and no variable).
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from scallion.conf import DJANGO_ENVIRONMENT_VARIABLE, ENVIRONMENT_VARIABLE
from scallion.core.exceptions import ImproperlyConfigured

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class SettingsSource:
    """Where the settings module name came from, for messages and child processes."""

    module: str | None
    origin: str
    #: Directories this source needs first on sys.path (``--pythonpath``, the project root).
    paths: tuple[str, ...] = field(default=())


def find_pyproject_settings(start: Path) -> tuple[str, Path] | None:
    """The ``[tool.scallion] settings`` value of the nearest pyproject.toml that has one."""
    for directory in [start, *start.parents]:
        candidate = directory / PYPROJECT
        if not candidate.is_file():
            continue
        try:
            with candidate.open("rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ImproperlyConfigured(f"{candidate} could not be read: {err}") from err
        table = data.get("tool", {}).get("scallion")
        if table is None:
            continue
        module = table.get("settings") if isinstance(table, dict) else None
        if not isinstance(module, str) or not module.strip():
            raise ImproperlyConfigured(
                f'{candidate}: [tool.scallion] needs settings = "yourproject.settings" '
                "(a dotted module name)."
            )
        return module.strip(), directory
    return None


def find_settings(
    explicit: str | None = None, pythonpath: list[str] | None = None, cwd: Path | None = None
) -> SettingsSource:
    """Resolve the settings module by precedence, without importing anything."""
    cwd = cwd or Path.cwd()
    extra = [str((cwd / p).resolve()) for p in pythonpath or []]
    if explicit:
        return SettingsSource(explicit, "--settings", (*extra, str(cwd)))
    for variable in (ENVIRONMENT_VARIABLE, DJANGO_ENVIRONMENT_VARIABLE):
        value = os.environ.get(variable)
        if value:
            return SettingsSource(value, variable, (*extra, str(cwd)))
    found = find_pyproject_settings(cwd)
    if found:
        module, root = found
        return SettingsSource(module, f"{root / PYPROJECT}", (*extra, str(root)))
    return SettingsSource(None, "none", (*extra, str(cwd)))


def apply_settings_source(source: SettingsSource) -> None:
    """Put the source's directories on sys.path and name the module in the environment.

    The environment variable makes the lazy ``settings`` object (and any child
    process, such as the autoreloader's) load the same module.
    """
    for path in reversed(source.paths):
        if path not in sys.path:
            sys.path.insert(0, path)
    if source.module:
        os.environ[ENVIRONMENT_VARIABLE] = source.module


def no_settings_message() -> str:
    return (
        "No settings module: pass --settings mysite.settings, set "
        f"{ENVIRONMENT_VARIABLE}=mysite.settings, or run the command inside a project whose "
        f'{PYPROJECT} has [tool.scallion] settings = "mysite.settings" '
        "(scallion startproject writes one)."
    )

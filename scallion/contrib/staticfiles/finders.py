"""Finders: where static files live before ``collect`` (``STATICFILES_FINDERS``).

``FileSystemFinder`` searches ``STATICFILES_DIRS`` (entries are a folder or a
``(prefix, folder)`` pair); ``AppDirectoriesFinder`` searches the ``static/``
folder of each ``INSTALLED_APPS`` package. The first finder that has a path wins.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from typing import Any, Literal, overload

from scallion.conf import settings
from scallion.contrib.staticfiles.utils import (
    DEFAULT_IGNORE_PATTERNS,
    is_ignored_path,
    walk_files,
)
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.signals import setting_changed
from scallion.template.backends.base import app_directories
from scallion.utils.module_loading import import_string
from scallion.views.static import resolve_within, safe_relative_path


class BaseFinder:
    """A source of static files: ``find`` one path, ``list`` them all."""

    def locations(self) -> list[tuple[str, str]]:
        """``(prefix, folder)`` pairs searched, in order."""
        raise NotImplementedError(f"{type(self).__name__} must implement locations().")

    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        """The absolute path of ``path`` (all of them with ``find_all``), or None/[].

        A path that ``collect`` would ignore (``.env``, ``.git/...``, ``CVS``,
        ``backup~``) is not found either, so development serves what
        production would.
        """
        matches: list[str] = []
        relative = safe_relative_path(path)
        if relative is None or is_ignored_path(relative, DEFAULT_IGNORE_PATTERNS):
            return [] if find_all else None
        for prefix, root in self.locations():
            if prefix:
                if not relative.startswith(prefix + "/"):
                    continue
                inner = relative[len(prefix) + 1 :]
            else:
                inner = relative
            found = resolve_within(root, inner)
            if found is not None and os.path.isfile(found):
                if not find_all:
                    return found
                matches.append(found)
        return matches if find_all else None

    def list(
        self, ignore_patterns: Sequence[str] = DEFAULT_IGNORE_PATTERNS
    ) -> Iterator[tuple[str, str]]:
        """``(relative path as served, absolute path)`` of every file."""
        for prefix, root in self.locations():
            if not os.path.isdir(root):
                continue
            for relative, absolute in walk_files(root, ignore_patterns):
                yield (f"{prefix}/{relative}" if prefix else relative), absolute


class FileSystemFinder(BaseFinder):
    def locations(self) -> list[tuple[str, str]]:
        found = []
        static_root = os.path.realpath(settings.STATIC_ROOT) if settings.STATIC_ROOT else None
        for entry in settings.STATICFILES_DIRS:
            if isinstance(entry, list | tuple):
                prefix, root = entry
                prefix = str(prefix).strip("/")
            else:
                prefix, root = "", entry
            root = os.fspath(root)
            if static_root is not None and os.path.realpath(root) == static_root:
                raise ImproperlyConfigured(
                    f"STATICFILES_DIRS contains STATIC_ROOT ({root}): collect copies files into "
                    "STATIC_ROOT, so it cannot also be a source. Use another folder."
                )
            found.append((prefix, root))
        return found


class AppDirectoriesFinder(BaseFinder):
    source_dir = "static"

    def locations(self) -> list[tuple[str, str]]:
        return [("", folder) for folder in app_directories(self.source_dir)]


@functools.cache
def get_finder(import_path: str) -> BaseFinder:
    try:
        finder_class = import_string(import_path)
    except ImportError as err:
        raise ImproperlyConfigured(
            f"STATICFILES_FINDERS lists {import_path!r}, which cannot be imported: {err}."
        ) from err
    if not (isinstance(finder_class, type) and issubclass(finder_class, BaseFinder)):
        raise ImproperlyConfigured(
            f"Finder {import_path!r} is not a subclass of "
            "scallion.contrib.staticfiles.finders.BaseFinder."
        )
    return finder_class()


def get_finders() -> Iterator[BaseFinder]:
    for path in settings.STATICFILES_FINDERS:
        yield get_finder(path)


@overload
def find(path: str, find_all: Literal[False] = False) -> str | None: ...
@overload
def find(path: str, find_all: Literal[True]) -> list[str]: ...
def find(path: str, find_all: bool = False) -> Any:
    """The absolute path of ``path`` in the first finder that has it (all with ``find_all``)."""
    matches: list[str] = []
    for finder in get_finders():
        result = finder.find(path, find_all=find_all)
        if not find_all and result:
            return result
        if find_all and isinstance(result, list):
            matches.extend(result)
    return matches if find_all else None


def _finders_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STATICFILES_FINDERS":
        get_finder.cache_clear()


setting_changed.connect(_finders_setting_changed, dispatch_uid="scallion.staticfiles.finders")

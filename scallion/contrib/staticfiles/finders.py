"""Finders: where static files live before ``collectstatic`` (``STATICFILES_FINDERS``).

``FileSystemFinder`` searches ``STATICFILES_DIRS`` (a folder, or a
``(prefix, folder)`` pair); ``AppDirectoriesFinder`` the ``static/`` folder of
each installed app; ``DefaultStorageFinder`` the default storage. ``find()``
asks each finder in turn: the first that has a path wins. ``list()`` gives
``(relative path, storage)`` pairs for ``collectstatic``.

A path to find must be a plain relative path: ``..``, empty or ``.``
segments, backslashes, NUL bytes and absolute paths find nothing, and
neither does a name ``collectstatic`` would ignore by default (``.env``,
``.git/config``, ``backup~``), so development serves what production would.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from typing import Any

from scallion.conf import settings
from scallion.contrib.staticfiles import utils
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.files.storage import FileSystemStorage, Storage, default_storage
from scallion.core.signals import setting_changed
from scallion.utils._os import safe_join
from scallion.utils.functional import LazyObject, empty
from scallion.utils.module_loading import import_string
from scallion.views.static import safe_relative_path

#: The folders the last ``find()`` searched (``findstatic -v 2`` lists them).
searched_locations: list[str] = []


def _findable(path: str) -> str | None:
    """``path`` if it may be looked up: plain, relative, not a name collectstatic ignores."""
    relative = safe_relative_path(path)
    if relative is None:
        return None
    parts = relative.split("/")
    if any(utils.matches_patterns(part, utils.DEFAULT_IGNORE_PATTERNS) for part in parts):
        return None
    return relative


class BaseFinder:
    """A source of static files: ``find`` one path, ``list`` them all, ``check`` the setup."""

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        raise NotImplementedError(
            "subclasses may provide a check() method to verify the finder is configured correctly."
        )

    def find(self, path: str, find_all: bool = False) -> Any:
        """The absolute path of ``path`` (with ``find_all``, the list of every match)."""
        raise NotImplementedError("subclasses of BaseFinder must provide a find() method")

    def list(self, ignore_patterns: Sequence[str] | None) -> Iterator[tuple[str, Storage]]:
        """``(relative path, storage)`` of every file, less those ``ignore_patterns`` match."""
        raise NotImplementedError("subclasses of BaseFinder must provide a list() method")


class FileSystemFinder(BaseFinder):
    """The folders of ``STATICFILES_DIRS``."""

    def __init__(self, app_names: Sequence[str] | None = None, *args: Any, **kwargs: Any) -> None:
        self.locations: list[tuple[str, Any]] = []
        self.storages: dict[Any, FileSystemStorage] = {}
        for entry in settings.STATICFILES_DIRS:
            prefix, root = entry if isinstance(entry, list | tuple) else ("", entry)
            if (prefix, root) not in self.locations:
                self.locations.append((prefix, root))
        for prefix, root in self.locations:
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]
            self.storages[root] = storage
        super().__init__(*args, **kwargs)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if not isinstance(settings.STATICFILES_DIRS, list | tuple):
            return [
                Error(
                    "The STATICFILES_DIRS setting is not a tuple or list.",
                    hint="Perhaps you forgot a trailing comma?",
                    id="staticfiles.E001",
                )
            ]
        errors: list[CheckMessage] = []
        for entry in settings.STATICFILES_DIRS:
            root = entry
            if isinstance(entry, list | tuple):
                prefix, root = entry
                if prefix.endswith("/"):
                    errors.append(
                        Error(
                            f"The prefix {prefix!r} in the STATICFILES_DIRS setting must not end "
                            "with a slash.",
                            id="staticfiles.E003",
                        )
                    )
            if settings.STATIC_ROOT and os.path.abspath(settings.STATIC_ROOT) == os.path.abspath(
                root
            ):
                errors.append(
                    Error(
                        "The STATICFILES_DIRS setting should not contain the STATIC_ROOT setting.",
                        id="staticfiles.E002",
                    )
                )
            if not os.path.isdir(root):
                errors.append(
                    Warning(
                        f"The directory '{root}' in the STATICFILES_DIRS setting does not exist.",
                        id="staticfiles.W004",
                    )
                )
        return errors

    def find(self, path: str, find_all: bool = False) -> Any:
        matches = []
        for prefix, root in self.locations:
            if root not in searched_locations:
                searched_locations.append(root)
            matched = self.find_location(root, path, prefix)
            if matched:
                if not find_all:
                    return matched
                matches.append(matched)
        return matches

    def find_location(self, root: Any, path: str, prefix: str | None = None) -> str | None:
        """The absolute path of ``path`` in ``root`` (under ``prefix/``), or None."""
        relative = _findable(path.replace(os.sep, "/"))
        if relative is None:
            return None
        if prefix:
            if not relative.startswith(f"{prefix}/"):
                return None
            relative = relative.removeprefix(f"{prefix}/")
        full = safe_join(root, relative)
        if not os.path.exists(full) or not _stays_inside(root, full):
            return None
        return full

    def list(self, ignore_patterns: Sequence[str] | None) -> Iterator[tuple[str, Storage]]:
        for _prefix, root in self.locations:
            if os.path.isdir(root):
                storage = self.storages[root]
                for path in utils.get_files(storage, ignore_patterns):
                    yield path, storage


class AppDirectoriesFinder(BaseFinder):
    """The ``static/`` folder (``source_dir``) of each installed app."""

    storage_class: type[FileSystemStorage] = FileSystemStorage
    source_dir = "static"

    def __init__(self, app_names: Sequence[str] | None = None, *args: Any, **kwargs: Any) -> None:
        from scallion.apps import apps

        self.apps: list[str] = []
        self.storages: dict[str, FileSystemStorage] = {}
        app_configs = apps.get_app_configs()
        if app_names:
            wanted = set(app_names)
            app_configs = [config for config in app_configs if config.name in wanted]
        for app_config in app_configs:
            storage = self.storage_class(os.path.join(app_config.path, self.source_dir))
            if os.path.isdir(storage.location):
                self.storages[app_config.name] = storage
                if app_config.name not in self.apps:
                    self.apps.append(app_config.name)
        super().__init__(*args, **kwargs)

    def list(self, ignore_patterns: Sequence[str] | None) -> Iterator[tuple[str, Storage]]:
        for storage in self.storages.values():
            if storage.exists(""):
                for path in utils.get_files(storage, ignore_patterns):
                    yield path, storage

    def find(self, path: str, find_all: bool = False) -> Any:
        matches = []
        for app in self.apps:
            location = self.storages[app].location
            if location not in searched_locations:
                searched_locations.append(location)
            match = self.find_in_app(app, path)
            if match:
                if not find_all:
                    return match
                matches.append(match)
        return matches

    def find_in_app(self, app: str, path: str) -> str | None:
        """The absolute path of ``path`` in ``app``'s static folder, or None."""
        storage = self.storages.get(app)
        relative = _findable(path.replace(os.sep, "/"))
        if storage is None or relative is None or not storage.exists(relative):
            return None
        full = storage.path(relative)
        return full if _stays_inside(storage.location, full) else None


class BaseStorageFinder(BaseFinder):
    """The files of one storage (``storage``: an instance, or a class to build)."""

    storage: Any = None

    def __init__(self, storage: Any = None, *args: Any, **kwargs: Any) -> None:
        if storage is not None:
            self.storage = storage
        if self.storage is None:
            raise ImproperlyConfigured(
                f"The staticfiles storage finder {type(self)!r} doesn't have a storage class "
                "assigned."
            )
        if not isinstance(self.storage, Storage | LazyObject):
            self.storage = self.storage()
        super().__init__(*args, **kwargs)

    def find(self, path: str, find_all: bool = False) -> Any:
        """Look in the storage, when it is on the local disk."""
        try:
            self.storage.path("")
        except NotImplementedError:
            return []
        if self.storage.location not in searched_locations:
            searched_locations.append(self.storage.location)
        relative = _findable(path.replace(os.sep, "/"))
        if relative is not None and self.storage.exists(relative):
            match = self.storage.path(relative)
            return [match] if find_all else match
        return []

    def list(self, ignore_patterns: Sequence[str] | None) -> Iterator[tuple[str, Storage]]:
        for path in utils.get_files(self.storage, ignore_patterns):
            yield path, self.storage


class DefaultStorageFinder(BaseStorageFinder):
    """The files of the default storage (``STORAGES["default"]``, usually ``MEDIA_ROOT``)."""

    storage = default_storage

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base_location = getattr(self.storage, "base_location", empty)
        if not base_location:
            raise ImproperlyConfigured(
                f"The storage backend of the staticfiles finder {type(self)!r} doesn't have a "
                "valid location."
            )


def _stays_inside(root: Any, full: str) -> bool:
    """False when a symbolic link takes ``full`` out of ``root``."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(full)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def find(path: str, find_all: bool = False) -> Any:
    """The absolute path of ``path`` in the first finder that has it (all with ``find_all``).

    None (or ``[]`` with ``find_all``) when no finder has it.
    """
    searched_locations[:] = []
    matches: list[str] = []
    for finder in get_finders():
        result = finder.find(path, find_all=find_all)
        if not find_all and result:
            return result
        matches.extend(result if isinstance(result, list | tuple) else [result])
    matches = [match for match in matches if match]
    if matches:
        return matches
    return [] if find_all else None


def get_finders() -> Iterator[BaseFinder]:
    for finder_path in settings.STATICFILES_FINDERS:
        yield get_finder(finder_path)


@functools.cache
def get_finder(import_path: str) -> BaseFinder:
    """The finder at ``import_path``, built once."""
    finder_class = import_string(import_path)
    if not (isinstance(finder_class, type) and issubclass(finder_class, BaseFinder)):
        raise ImproperlyConfigured(f'Finder "{finder_class}" is not a subclass of "{BaseFinder}"')
    finder: BaseFinder = finder_class()
    return finder


_FINDER_SETTINGS = frozenset(
    {"STATICFILES_FINDERS", "STATICFILES_DIRS", "INSTALLED_APPS", "STORAGES", "MEDIA_ROOT"}
)


def _finders_setting_changed(*, setting: str, **kwargs: Any) -> None:
    # Finders read their folders when built: build them again after a change.
    if setting in _FINDER_SETTINGS:
        get_finder.cache_clear()


setting_changed.connect(_finders_setting_changed, dispatch_uid="scallion.staticfiles.finders")

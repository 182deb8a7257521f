"""``EngineHandler``: the configured template engines, built from ``TEMPLATES`` once.

The engines are built on first use and kept until ``TEMPLATES`` (or a setting
they were built from: ``DEBUG``, ``INSTALLED_APPS``) changes through
``override_settings``: the package's ``engines`` listens to ``setting_changed``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.template.backends.base import BaseEngine
from scallion.utils.module_loading import import_string

DEFAULT_BACKEND = "scallion.template.backends.jinja2.Jinja2"


class InvalidTemplateEngineError(ImproperlyConfigured):
    pass


class BackendImportError(ImproperlyConfigured, ImportError):
    """A ``TEMPLATES`` backend that cannot be imported (an ``ImportError`` too, as in Django)."""


def default_templates() -> list[dict[str, Any]]:
    """The engine used when ``TEMPLATES`` is not set at all: Jinja2, so a page renders.

    Its folder is ``templates/`` beside the module named by ``ROOT_URLCONF`` (a
    single-file app's own file), as Flask looks beside the app. Setting
    ``TEMPLATES`` (even to ``[]``) replaces it.
    """
    return [{"BACKEND": DEFAULT_BACKEND, "DIRS": _urlconf_templates_dir()}]


def _urlconf_templates_dir() -> list[str]:
    module_name = getattr(settings, "ROOT_URLCONF", None)
    if not isinstance(module_name, str) or not module_name:
        return []
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    if filename is None:
        try:
            spec = importlib.util.find_spec(module_name)
        except (ImportError, ValueError):
            spec = None
        filename = spec.origin if spec is not None else None
    if not filename or not os.path.isfile(filename):
        return []
    return [os.path.join(os.path.dirname(os.path.abspath(filename)), "templates")]


class EngineHandler:
    """``engines[alias]``, ``engines.all()`` and iteration over the aliases."""

    def __init__(self, templates: list[dict[str, Any]] | None = None) -> None:
        self._explicit = templates
        self._templates: dict[str, dict[str, Any]] | None = None
        self._engines: dict[str, BaseEngine] = {}
        self._all: list[BaseEngine] | None = None

    @property
    def templates(self) -> dict[str, dict[str, Any]]:
        """The ``TEMPLATES`` entries by alias, with defaults filled in."""
        if self._templates is None:
            entries = self._explicit if self._explicit is not None else settings.TEMPLATES
            if self._explicit is None and not entries and not settings.is_overridden("TEMPLATES"):
                entries = default_templates()
            templates: dict[str, dict[str, Any]] = {}
            names = []
            for entry in entries:
                entry = {"DIRS": [], "APP_DIRS": False, "OPTIONS": {}, **entry}
                entry.setdefault("BACKEND", DEFAULT_BACKEND)
                entry.setdefault("NAME", entry["BACKEND"].rsplit(".", 2)[-2])
                templates[entry["NAME"]] = entry
                names.append(entry["NAME"])
            duplicates = [name for name, count in Counter(names).most_common() if count > 1]
            if duplicates:
                raise ImproperlyConfigured(
                    f"Template engine aliases aren't unique, duplicates: {', '.join(duplicates)}. "
                    "Set a unique NAME for each engine in settings.TEMPLATES."
                )
            self._templates = templates
        return self._templates

    def __getitem__(self, alias: str) -> BaseEngine:
        engine = self._engines.get(alias)
        if engine is not None:
            return engine
        try:
            params = dict(self.templates[alias])
        except KeyError:
            raise InvalidTemplateEngineError(
                f"Could not find config for {alias!r} in settings.TEMPLATES "
                f"(configured: {', '.join(self.templates) or 'none'})."
            ) from None
        backend_path = params.pop("BACKEND")
        try:
            backend = import_string(backend_path)
        except ImportError as err:
            raise BackendImportError(
                f"TEMPLATES entry {alias!r} has BACKEND {backend_path!r}, which cannot be "
                f"imported: {err}."
            ) from err
        engine = backend(params)
        self._engines[alias] = engine
        return engine  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self.templates)

    def all(self) -> list[BaseEngine]:
        if self._all is None:
            self._all = [self[alias] for alias in self]
        return self._all

    def reset(self) -> None:
        """Forget the engines; they are rebuilt from the settings on next use."""
        self._templates = None
        self._engines = {}
        self._all = None

    def setting_changed(self, *, setting: str, **kwargs: Any) -> None:
        """Receiver of ``setting_changed``: reset when a setting the engines read changes."""
        if setting in _RESET_ON:
            self.reset()


def get_app_template_dirs(dirname: str) -> tuple[Path, ...]:
    """The ``<package>/<dirname>`` directories of the ``INSTALLED_APPS`` packages."""
    from scallion.template.backends.base import app_directories

    return tuple(Path(path) for path in app_directories(dirname))


_RESET_ON = frozenset({"TEMPLATES", "DEBUG", "INSTALLED_APPS", "ROOT_URLCONF"})

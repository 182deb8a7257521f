"""``BaseEngine``: what a template backend must provide to plug into scallion.

A backend is built once from one entry of ``settings.TEMPLATES``. It must
implement :meth:`BaseEngine.get_template` and :meth:`BaseEngine.from_string`,
both returning an object with ``render(context=None, request=None) -> str``.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Protocol

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest
from scallion.utils.module_loading import import_string


class Template(Protocol):
    """What ``get_template``/``from_string`` return."""

    def render(
        self, context: Mapping[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str: ...


class BaseEngine:
    """The common part of every backend: name, ``DIRS`` and ``APP_DIRS`` handling."""

    #: The folder looked up inside each ``INSTALLED_APPS`` package when ``APP_DIRS`` is on.
    app_dirname = "templates"

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        self.name: str = params.pop("NAME")
        self.dirs: list[str] = [os.fspath(d) for d in params.pop("DIRS", [])]
        self.app_dirs: bool = bool(params.pop("APP_DIRS", False))
        if params:
            raise ImproperlyConfigured(
                f"Unknown parameters in the {self.name!r} entry of TEMPLATES: "
                f"{', '.join(sorted(params))}. Allowed: BACKEND, NAME, DIRS, APP_DIRS, OPTIONS."
            )

    @cached_property
    def template_dirs(self) -> tuple[str, ...]:
        """``DIRS`` first, then each installed package's ``templates/`` folder."""
        dirs = list(self.dirs)
        if self.app_dirs:
            dirs.extend(app_directories(self.app_dirname))
        return tuple(dirs)

    def check(self, **kwargs: Any) -> list[Any]:
        """This engine's system-check messages (``scallion check``); none by default.

        A backend overrides it to report mistakes in its ``OPTIONS``.
        """
        return []

    def get_template(self, template_name: str) -> Template:
        raise NotImplementedError(
            f"{type(self).__name__} must implement get_template(template_name)."
        )

    def from_string(self, template_code: str) -> Template:
        raise NotImplementedError(f"{type(self).__name__} must implement from_string(code).")


def app_directories(dirname: str) -> list[str]:
    """``<package>/<dirname>`` for each ``INSTALLED_APPS`` package that has one."""
    found = []
    for app in installed_packages():
        spec = importlib.util.find_spec(app)
        if spec is None:
            continue
        for location in spec.submodule_search_locations or ():
            candidate = os.path.join(location, dirname)
            if os.path.isdir(candidate):
                found.append(candidate)
    return found


def installed_packages() -> list[str]:
    """The package of each ``INSTALLED_APPS`` entry.

    An entry is a package, or (as Django allows) the dotted path of an app
    configuration class, whose ``name`` is the package.
    """
    packages = []
    for entry in settings.INSTALLED_APPS:
        try:
            spec = importlib.util.find_spec(entry)
        except ImportError:
            spec = None
        if spec is not None:
            packages.append(entry)
            continue
        try:
            config = import_string(entry)
        except ImportError:
            raise ImproperlyConfigured(
                f"INSTALLED_APPS lists {entry!r}, which cannot be imported. Fix the dotted path."
            ) from None
        name = getattr(config, "name", None)
        if isinstance(name, str):
            packages.append(name)
    return packages

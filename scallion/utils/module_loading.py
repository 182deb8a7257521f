"""Import objects by dotted path, with errors that name the path; find apps' modules.

The dotted-path helpers live in ``scallion.utils.importing`` (which imports nothing of
scallion's, so the app registry can use them); this module adds
``autodiscover_modules``, which reads the app registry.
"""

from __future__ import annotations

import copy
import importlib
from typing import Any

from scallion.utils.importing import (
    cached_import,
    import_string,
    module_dir,
    module_has_submodule,
)

__all__ = [
    "autodiscover_modules",
    "cached_import",
    "import_string",
    "module_dir",
    "module_has_submodule",
]


def autodiscover_modules(*module_names: str, register_to: Any = None) -> None:
    """Import ``<app>.<name>`` for each installed app and each of ``module_names``.

    An app without such a module is skipped; one whose module fails to import
    raises (after ``register_to._registry``, if given, is put back as it was, so a
    later retry does not meet half-registered entries). The apps are the app
    registry's, so an ``INSTALLED_APPS`` entry naming an ``AppConfig`` works.
    """
    from scallion.apps import apps

    for app_config in apps.get_app_configs():
        for name in module_names:
            before = copy.copy(register_to._registry) if register_to is not None else None
            try:
                importlib.import_module(f"{app_config.name}.{name}")
            except Exception:
                if register_to is not None:
                    register_to._registry = before
                if app_config.module is not None and module_has_submodule(app_config.module, name):
                    raise

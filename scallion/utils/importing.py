"""Import objects by dotted path, with errors that name the path.

These helpers import nothing of scallion's, so the app registry and settings can use
them; ``scallion.utils.module_loading`` (Django's module name) offers them together
with ``autodiscover_modules``, which needs the app registry.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType
from typing import Any

__all__ = ["cached_import", "import_string", "module_dir", "module_has_submodule"]


def cached_import(module_path: str, class_name: str) -> Any:
    """``module_path.class_name``, without the import machinery when the module is loaded.

    A module still being imported (a circular import in progress) is imported
    properly, so that its error surfaces rather than a missing attribute.
    """
    module = sys.modules.get(module_path)
    spec = getattr(module, "__spec__", None)
    if module is None or spec is None or getattr(spec, "_initializing", False):
        module = importlib.import_module(module_path)
    return getattr(module, class_name)


def import_string(dotted_path: str) -> Any:
    """Import ``package.module.Attribute`` and return the attribute.

    Raises ImportError naming the path when the module or the attribute is missing.
    """
    try:
        module_path, class_name = dotted_path.rsplit(".", 1)
    except (ValueError, AttributeError) as err:
        raise ImportError(f"{dotted_path} doesn't look like a module path") from err
    try:
        return cached_import(module_path, class_name)
    except AttributeError as err:
        raise ImportError(
            f'Module "{module_path}" does not define a "{class_name}" attribute/class'
        ) from err


def module_has_submodule(package: ModuleType, module_name: str) -> bool:
    """True if ``package`` (a package, not a plain module) has the submodule ``module_name``,
    found without importing it."""
    if not hasattr(package, "__path__"):
        return False  # a plain module has no submodules
    try:
        return importlib.util.find_spec(f"{package.__name__}.{module_name}") is not None
    except ModuleNotFoundError:
        return False  # an invalid dotted name


def module_dir(module: ModuleType) -> str:
    """The directory holding ``module``; ValueError for a namespace package spread over
    several directories."""
    paths = list(getattr(module, "__path__", []))
    if len(paths) == 1:
        return str(paths[0])
    filename: str | None = getattr(module, "__file__", None)
    if filename is not None:
        return os.path.dirname(filename)
    raise ValueError(f"Cannot determine directory containing {module}")

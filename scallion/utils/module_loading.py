"""Import objects by dotted path, with errors that name the path."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import Any


def import_string(dotted_path: str) -> Any:
    """Import ``package.module.Attribute`` and return the attribute.

    Raises ImportError naming the path when the module or the attribute is missing.
    """
    try:
        module_path, class_name = dotted_path.rsplit(".", 1)
    except (ValueError, AttributeError) as err:
        raise ImportError(f"{dotted_path!r} doesn't look like a module path") from err
    module = importlib.import_module(module_path)
    try:
        return getattr(module, class_name)
    except AttributeError as err:
        raise ImportError(
            f'Module "{module_path}" does not define a "{class_name}" attribute/class'
        ) from err


def module_has_submodule(package: ModuleType, module_name: str) -> bool:
    """True if ``package`` has a submodule called ``module_name`` (without importing it)."""
    try:
        package_name = package.__name__
        package.__path__  # noqa: B018 -- only packages have submodules
    except AttributeError:
        return False  # a plain module has no submodules
    full_module_name = f"{package_name}.{module_name}"
    if full_module_name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(full_module_name) is not None
    except ModuleNotFoundError:
        # A parent package that cannot be found.
        return False


def module_dir(module: ModuleType) -> str:
    """The folder of ``module`` (a package with one location, or a plain module)."""
    import os

    paths = list(getattr(module, "__path__", []))
    if len(paths) == 1:
        return str(paths[0])
    filename = getattr(module, "__file__", None)
    if filename is not None:
        return os.path.dirname(str(filename))
    raise ValueError(f"Cannot determine directory containing {module}")


def autodiscover_modules(*args: str, **kwargs: Any) -> None:
    """Import ``<app>.<name>`` for each installed app that has it (``admin``-style discovery).

    ``register_to`` (an object with a ``_registry`` attribute) is restored if
    importing one app's module fails, so a broken module leaves no partial
    registrations, as in Django.
    """
    import copy

    from scallion.apps import apps

    register_to = kwargs.get("register_to")
    for app_config in apps.get_app_configs():
        for module_to_search in args:
            before_import_registry = None
            if register_to is not None:
                before_import_registry = copy.copy(register_to._registry)
            try:
                importlib.import_module(f"{app_config.name}.{module_to_search}")
            except Exception:
                if register_to is not None:
                    register_to._registry = before_import_registry
                if app_config.module is not None and module_has_submodule(
                    app_config.module, module_to_search
                ):
                    raise

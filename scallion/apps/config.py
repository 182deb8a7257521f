"""``AppConfig``: one entry of ``INSTALLED_APPS``, with Django's rules for finding it.

An entry is a package (``"blog"``) or the dotted path of an ``AppConfig``
subclass (``"blog.apps.BlogConfig"``). For a package, an ``apps`` submodule
holding exactly one ``AppConfig`` subclass (or one marked ``default = True``)
supplies the configuration, as in Django. ``ready()`` runs once the registry
has every app: the place to connect signals.

scallion has no ORM, so an app config has no models: ``models_module`` is
None, ``get_models()`` is empty and ``get_model()`` raises ``LookupError``.
"""

from __future__ import annotations

import inspect
import os
from importlib import import_module
from types import ModuleType
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.utils.importing import import_string, module_has_submodule

APPS_MODULE_NAME = "apps"
MODELS_MODULE_NAME = "models"


class AppConfig:
    """An installed application: its ``name``, ``label``, ``path`` and ``ready()`` hook."""

    name: str
    label: str
    verbose_name: str
    path: str

    def __init__(self, app_name: str, app_module: ModuleType | None) -> None:
        self.name = app_name
        self.module = app_module
        # The registry (scallion.apps.registry.Apps) holding this config once it is
        # registered; typed loosely because the registry imports this module.
        self.apps: Any = None
        # Class attributes of a subclass win over the defaults.
        if not hasattr(self, "label"):
            self.label = app_name.rpartition(".")[2]
        if not self.label.isidentifier():
            raise ImproperlyConfigured(
                f"The app label '{self.label}' is not a valid Python identifier."
            )
        if not hasattr(self, "verbose_name"):
            self.verbose_name = self.label.title()
        if not hasattr(self, "path"):
            self.path = self._path_from_module(app_module)
        self.models_module: ModuleType | None = None
        self.models: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.label}>"

    def _path_from_module(self, module: ModuleType | None) -> str:
        """The app's folder: its package's single location, or its module's folder."""
        paths = list(getattr(module, "__path__", []))
        if len(paths) != 1:
            filename = getattr(module, "__file__", None)
            paths = [os.path.dirname(filename)] if filename is not None else list(set(paths))
        if len(paths) > 1:
            raise ImproperlyConfigured(
                f"The app module {module!r} has multiple filesystem locations ({paths!r}); you "
                "must configure this app with an AppConfig subclass with a 'path' class attribute."
            )
        if not paths:
            raise ImproperlyConfigured(
                f"The app module {module!r} has no filesystem location, you must configure this "
                "app with an AppConfig subclass with a 'path' class attribute."
            )
        return str(paths[0])

    @classmethod
    def create(cls, entry: str) -> AppConfig:
        """The app config an ``INSTALLED_APPS`` entry stands for."""
        app_config_class: type[AppConfig] | None = None
        app_name: str | None = None
        app_module: ModuleType | None
        try:
            app_module = import_module(entry)
        except Exception:
            app_module = None
        else:
            app_config_class = cls._default_config_class(entry, app_module)
            if app_config_class is None:
                app_config_class, app_name = cls, entry
        if app_config_class is None:
            try:
                app_config_class = import_string(entry)
            except Exception:
                app_config_class = None
        if app_module is None and app_config_class is None:
            cls._explain_bad_entry(entry)
        assert app_config_class is not None
        if not (isinstance(app_config_class, type) and issubclass(app_config_class, AppConfig)):
            raise ImproperlyConfigured(f"'{entry}' isn't a subclass of AppConfig.")
        if app_name is None:
            try:
                app_name = app_config_class.name
            except AttributeError:
                raise ImproperlyConfigured(f"'{entry}' must supply a name attribute.") from None
        try:
            app_module = import_module(app_name)
        except ImportError:
            raise ImproperlyConfigured(
                f"Cannot import '{app_name}'. Check that "
                f"'{app_config_class.__module__}.{app_config_class.__qualname__}.name' is correct."
            ) from None
        return app_config_class(app_name, app_module)

    @classmethod
    def _default_config_class(cls, entry: str, app_module: ModuleType) -> type[AppConfig] | None:
        """The one ``AppConfig`` subclass of ``<entry>.apps`` (or its ``default = True`` one)."""
        if not module_has_submodule(app_module, APPS_MODULE_NAME):
            return None
        mod_path = f"{entry}.{APPS_MODULE_NAME}"
        module = import_module(mod_path)
        candidates = [
            (name, candidate)
            for name, candidate in inspect.getmembers(module, inspect.isclass)
            if issubclass(candidate, cls)
            and candidate is not cls
            and getattr(candidate, "default", True)
        ]
        if len(candidates) == 1:
            return candidates[0][1]
        defaults = [(name, c) for name, c in candidates if getattr(c, "default", False)]
        if len(defaults) > 1:
            names = ", ".join(repr(name) for name, _ in defaults)
            raise RuntimeError(f"{mod_path!r} declares more than one default AppConfig: {names}.")
        return defaults[0][1] if defaults else None

    @classmethod
    def _explain_bad_entry(cls, entry: str) -> None:
        """Raise the clearest error for an entry that is neither a module nor a config."""
        mod_path, _, cls_name = entry.rpartition(".")
        if mod_path and cls_name[:1].isupper():
            # Probably an app config class with a typo: name the ones there are.
            module = import_module(mod_path)
            found = [
                repr(name)
                for name, candidate in inspect.getmembers(module, inspect.isclass)
                if issubclass(candidate, cls) and candidate is not cls
            ]
            message = f"Module '{mod_path}' does not contain a '{cls_name}' class."
            if found:
                message += f" Choices are: {', '.join(found)}."
            raise ImportError(message)
        import_module(entry)  # raises the module's own import error

    def get_model(self, model_name: str, require_ready: bool = True) -> Any:
        """No app has models in scallion (it has no ORM)."""
        raise LookupError(f"App '{self.label}' doesn't have a '{model_name}' model.")

    def get_models(
        self, include_auto_created: bool = False, include_swapped: bool = False
    ) -> list[Any]:
        return []

    def import_models(self) -> None:
        """Nothing to import: scallion has no ORM."""

    def ready(self) -> None:
        """Run once every installed app is registered (connect signals here)."""

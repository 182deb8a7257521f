"""``apps``: the registry of installed applications, filled from ``INSTALLED_APPS``.

It is filled by ``scallion.setup()`` (as ``django.setup()`` fills Django's),
or on first use when nothing called ``setup()``, so a script or a test that
only configured settings still finds its apps. Each app's ``ready()`` runs
once, after every app is registered. Changing ``INSTALLED_APPS`` with
``override_settings`` empties the registry; it fills again from the new list
at once (and ``ready()`` runs again for that list).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

from scallion.apps.config import AppConfig
from scallion.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from scallion.core.signals import setting_changed


class Apps:
    """The installed applications, by label."""

    def __init__(self, installed_apps: Iterable[str | AppConfig] | None = ()) -> None:
        self.app_configs: dict[str, AppConfig] = {}
        self.apps_ready = self.models_ready = self.ready = False
        self.ready_event = threading.Event()
        self._lock = threading.RLock()
        self.loading = False
        #: True for the global registry: it fills itself from settings when first used.
        self._from_settings = installed_apps is None
        if installed_apps is not None:
            self.populate(installed_apps)

    def populate(self, installed_apps: Iterable[str | AppConfig] | None = None) -> None:
        """Register ``installed_apps`` (default ``settings.INSTALLED_APPS``) and run ``ready()``."""
        if self.ready:
            return
        with self._lock:
            if self.ready:
                return
            if self.loading:
                raise RuntimeError(
                    "populate() isn't reentrant: an app's import or ready() used the app "
                    "registry while it was being filled."
                )
            self.loading = True
            try:
                if installed_apps is None:
                    from scallion.conf import settings

                    installed_apps = settings.INSTALLED_APPS
                configs = self._create_configs(installed_apps)
                self.app_configs = {config.label: config for config in configs}
                self.apps_ready = self.models_ready = True
                for config in configs:
                    config.ready()
                self.ready = True
                self.ready_event.set()
            finally:
                self.loading = False

    def _create_configs(self, installed_apps: Iterable[str | AppConfig]) -> list[AppConfig]:
        configs = [
            entry if isinstance(entry, AppConfig) else AppConfig.create(entry)
            for entry in installed_apps
        ]
        labels = Counter(config.label for config in configs)
        duplicate_labels = [label for label, count in labels.items() if count > 1]
        if duplicate_labels:
            raise ImproperlyConfigured(
                f"Application labels aren't unique, duplicates: {duplicate_labels[0]}"
            )
        names = Counter(config.name for config in configs)
        duplicates = [name for name, count in names.items() if count > 1]
        if duplicates:
            raise ImproperlyConfigured(
                f"Application names aren't unique, duplicates: {', '.join(duplicates)}"
            )
        for config in configs:
            config.apps = self
        return configs

    def _ensure_ready(self) -> None:
        if not self.ready:
            if not self._from_settings:
                raise AppRegistryNotReady("Apps aren't loaded yet.")
            self.populate()

    def check_apps_ready(self) -> None:
        """Raise ``AppRegistryNotReady`` while the registry is being filled."""
        if self.loading and not self.apps_ready:
            raise AppRegistryNotReady("Apps aren't loaded yet.")
        self._ensure_ready()

    def check_models_ready(self) -> None:
        self.check_apps_ready()

    def get_app_configs(self) -> list[AppConfig]:
        """Every installed app's config, in ``INSTALLED_APPS`` order."""
        self.check_apps_ready()
        return list(self.app_configs.values())

    def get_app_config(self, app_label: str) -> AppConfig:
        """The config of the app labelled ``app_label``; ``LookupError`` naming a near miss."""
        self.check_apps_ready()
        try:
            return self.app_configs[app_label]
        except KeyError:
            message = f"No installed app with label '{app_label}'."
            for config in self.app_configs.values():
                if config.name == app_label:
                    message += f" Did you mean '{config.label}'?"
                    break
            raise LookupError(message) from None

    def is_installed(self, app_name: str) -> bool:
        """True if an app with this dotted name (``"scallion.contrib.messages"``) is installed."""
        self.check_apps_ready()
        return any(config.name == app_name for config in self.app_configs.values())

    def get_containing_app_config(self, object_name: str) -> AppConfig | None:
        """The config of the app whose package contains ``object_name`` (a dotted path)."""
        self.check_apps_ready()
        found = [
            config
            for config in self.app_configs.values()
            if object_name == config.name or object_name.startswith(config.name + ".")
        ]
        return max(found, key=lambda config: len(config.name)) if found else None

    def get_models(
        self, include_auto_created: bool = False, include_swapped: bool = False
    ) -> list[Any]:
        """Always empty: scallion has no ORM."""
        self.check_models_ready()
        return []

    def get_model(
        self, app_label: str, model_name: str | None = None, require_ready: bool = True
    ) -> Any:
        """scallion has no ORM: every look-up raises ``LookupError``."""
        if model_name is None:
            app_label, _, model_name = app_label.partition(".")
        config = self.get_app_config(app_label)
        return config.get_model(model_name or "", require_ready=require_ready)

    def clear_cache(self) -> None:
        """Nothing is cached per model (no ORM); kept for Django's callers."""

    def reset(self) -> None:
        """Forget every app: the next use fills the registry again from settings."""
        with self._lock:
            self.app_configs = {}
            self.apps_ready = self.models_ready = self.ready = False
            self.ready_event.clear()


#: The project's registry.
apps = Apps(installed_apps=None)


def _installed_apps_changed(*, setting: str, **kwargs: Any) -> None:
    # Filled again at once, as Django's registry is: an app found on a sys.path
    # entry added only while the override is made must be imported now.
    if setting == "INSTALLED_APPS":
        apps.reset()
        apps.populate()


setting_changed.connect(_installed_apps_changed, dispatch_uid="scallion.apps.installed_apps")

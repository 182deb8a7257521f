"""``storages``: the storages ``STORAGES`` names, built once per alias."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.files.storage.base import Storage
from scallion.utils.module_loading import import_string


class InvalidStorageError(ImproperlyConfigured):
    """``STORAGES`` has no such alias, or its backend cannot be imported."""


class StorageHandler:
    """``storages["default"]``: the storage of an alias, created on first use."""

    def __init__(self, backends: dict[str, dict[str, Any]] | None = None) -> None:
        self._backends = backends
        self._storages: dict[str, Storage] = {}

    @cached_property
    def backends(self) -> dict[str, dict[str, Any]]:
        if self._backends is None:
            self._backends = dict(settings.STORAGES)
        return self._backends

    def __getitem__(self, alias: str) -> Storage:
        try:
            return self._storages[alias]
        except KeyError:
            pass
        try:
            params = self.backends[alias]
        except KeyError:
            raise InvalidStorageError(
                f"Could not find config for '{alias}' in settings.STORAGES."
            ) from None
        storage = self.create_storage(params)
        self._storages[alias] = storage
        return storage

    def create_storage(self, params: dict[str, Any]) -> Storage:
        """An instance of ``params["BACKEND"]`` built with ``params["OPTIONS"]``."""
        params = dict(params)
        backend = params.pop("BACKEND")
        options = params.pop("OPTIONS", {})
        try:
            storage_class = import_string(backend)
        except ImportError as exc:
            raise InvalidStorageError(f"Could not find backend {backend!r}: {exc}") from exc
        storage: Storage = storage_class(**options)
        return storage

    def reset(self) -> None:
        """Forget the storages built: the next look-up reads ``STORAGES`` again."""
        self._storages = {}
        self.__dict__.pop("backends", None)
        self._backends = None

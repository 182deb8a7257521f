"""File storages with Django's API: ``Storage``, ``FileSystemStorage``, ``storages``.

``STORAGES`` names them by alias (``"default"`` for uploaded files,
``"staticfiles"`` for collected static files); ``storages[alias]`` builds one
on first use, and ``default_storage`` stands for ``storages["default"]``.
Changing ``STORAGES``, ``STATIC_ROOT`` or ``STATIC_URL`` (``override_settings``) makes
them build afresh.
"""

from __future__ import annotations

from typing import Any

from scallion.conf import DEFAULT_STORAGE_ALIAS
from scallion.core.files.storage.base import Storage
from scallion.core.files.storage.filesystem import FileSystemStorage, StorageSettingsMixin
from scallion.core.files.storage.handler import InvalidStorageError, StorageHandler
from scallion.core.signals import setting_changed
from scallion.utils.functional import LazyObject, empty

__all__ = [
    "DefaultStorage",
    "FileSystemStorage",
    "InvalidStorageError",
    "Storage",
    "StorageHandler",
    "StorageSettingsMixin",
    "default_storage",
    "storages",
]


class DefaultStorage(LazyObject):
    """Stands for ``storages["default"]``."""

    def _setup(self) -> None:
        self._wrapped = storages[DEFAULT_STORAGE_ALIAS]


storages = StorageHandler()
default_storage = DefaultStorage()


#: Settings that storages read when they are built (the static files' storage reads
#: STATIC_ROOT and STATIC_URL): after a change, build them again.
_STORAGE_SETTINGS = frozenset({"STORAGES", "STATIC_ROOT", "STATIC_URL"})


def _storages_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _STORAGE_SETTINGS:
        storages.reset()
        default_storage._wrapped = empty


setting_changed.connect(_storages_setting_changed, dispatch_uid="scallion.files.storages")

"""The cache framework: ``caches[alias]`` and ``cache`` (the ``"default"`` alias).

``CACHES`` maps aliases to backends, with Django's keys: ``BACKEND`` (a dotted
path), ``LOCATION``, ``TIMEOUT``, ``KEY_PREFIX``, ``VERSION``, ``KEY_FUNCTION``
and ``OPTIONS``. ``caches[alias]`` builds the backend on first use, one instance
per thread (as Django: a backend's client need not be thread-safe); local-memory
caches of the same ``LOCATION`` share one store across those instances.

Backends whose ``close()`` does something (a custom one, say) are closed when a
request finishes. scallion connects that ``request_finished`` receiver only once
such a backend exists, so that an application whose caches need no closing keeps
a response path nobody listens to.
"""

from __future__ import annotations

import threading
from typing import Any

from scallion.conf import settings
from scallion.core.cache.backends.base import (
    DEFAULT_TIMEOUT,
    BaseCache,
    CacheKeyWarning,
    InvalidCacheBackendError,
    InvalidCacheKey,
)
from scallion.core.signals import request_finished, setting_changed
from scallion.utils.module_loading import import_string

DEFAULT_CACHE_ALIAS = "default"


class CacheHandler:
    """``caches``: the backend of each ``CACHES`` alias, built on first use, per thread."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self._settings = settings
        self._connections = threading.local()

    @property
    def settings(self) -> dict[str, Any]:
        if self._settings is None:
            configured: dict[str, Any] = settings.CACHES
            self._settings = configured
        return self._settings

    def create_connection(self, alias: str) -> BaseCache:
        params = dict(self.settings[alias])
        try:
            backend = params.pop("BACKEND")
        except KeyError:
            raise InvalidCacheBackendError(
                f"CACHES[{alias!r}] has no 'BACKEND': name a backend class, for example "
                "'scallion.core.cache.backends.locmem.LocMemCache'."
            ) from None
        location = params.pop("LOCATION", "")
        try:
            backend_cls = import_string(backend)
        except ImportError as exc:
            raise InvalidCacheBackendError(f"Could not find backend '{backend}': {exc}") from exc
        instance: BaseCache = backend_cls(location, params)
        if type(instance).close is not BaseCache.close:
            _listen_for_request_finished()
        return instance

    def __getitem__(self, alias: str) -> BaseCache:
        try:
            connection: BaseCache = getattr(self._connections, alias)
            return connection
        except AttributeError:
            if alias not in self.settings:
                raise InvalidCacheBackendError(f"The connection '{alias}' doesn't exist.") from None
        connection = self.create_connection(alias)
        setattr(self._connections, alias, connection)
        return connection

    def __setitem__(self, alias: str, value: BaseCache) -> None:
        setattr(self._connections, alias, value)

    def __delitem__(self, alias: str) -> None:
        delattr(self._connections, alias)

    def __iter__(self) -> Any:
        return iter(self.settings)

    def all(self, initialized_only: bool = False) -> list[BaseCache]:
        """Every alias's backend (only those built already, with ``initialized_only``)."""
        return [
            self[alias]
            for alias in self
            if not initialized_only or hasattr(self._connections, alias)
        ]

    def close_all(self) -> None:
        for connection in self.all(initialized_only=True):
            connection.close()

    def reset(self) -> None:
        """Forget the built backends and the settings read (``CACHES`` changed)."""
        self._settings = None
        self._connections = threading.local()


caches = CacheHandler()


class CacheProxy:
    """``cache``: stands for ``caches["default"]`` of the calling thread."""

    def __init__(self, handler: CacheHandler, alias: str) -> None:
        self.__dict__["_handler"] = handler
        self.__dict__["_alias"] = alias

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handler[self._alias], name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._handler[self._alias], name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._handler[self._alias], name)

    def __contains__(self, key: Any) -> bool:
        return key in self._handler[self._alias]

    def __eq__(self, other: object) -> bool:
        return bool(self._handler[self._alias] == other)

    def __hash__(self) -> int:
        return hash(self._handler[self._alias])


cache: Any = CacheProxy(caches, DEFAULT_CACHE_ALIAS)


def close_caches(**kwargs: Any) -> None:
    """Close every backend built so far (connected to ``request_finished`` when needed)."""
    caches.close_all()


def _listen_for_request_finished() -> None:
    request_finished.connect(close_caches, dispatch_uid="scallion.core.cache.close_caches")


def _caches_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "CACHES":
        close_caches()
        caches.reset()


setting_changed.connect(_caches_setting_changed, dispatch_uid="scallion.core.cache.settings")

__all__ = [
    "DEFAULT_CACHE_ALIAS",
    "DEFAULT_TIMEOUT",
    "BaseCache",
    "CacheHandler",
    "CacheKeyWarning",
    "InvalidCacheBackendError",
    "InvalidCacheKey",
    "cache",
    "caches",
    "close_caches",
]

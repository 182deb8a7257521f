"""``RedisCache``: a cache shared by every server process, on redis-py.

``LOCATION`` is one URL or several (a list, or one string separated by ``,`` or
``;``). Writes go to the first server; reads are spread at random over the
others when there are several (read replicas of the first), as Django does.
``OPTIONS`` go to redis-py's connection pool (``socket_timeout``,
``max_connections``...), except ``serializer``, ``pool_class`` and
``parser_class``, which name classes.

Differences from Django's backend, both about failing softly:

- Without ``socket_connect_timeout``/``socket_timeout`` in ``OPTIONS`` a
  command waits at most :data:`DEFAULT_SOCKET_TIMEOUT` seconds (redis-py would
  wait forever), so a Redis that hangs is an error, not a hung worker.
- A stored value that cannot be unpickled (written by another version of the
  code, or damaged) is a miss, logged on ``scallion.cache``, not an exception.
"""

from __future__ import annotations

import logging
import pickle
import random
import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from scallion.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from scallion.core.exceptions import ImproperlyConfigured
from scallion.utils.module_loading import import_string

logger = logging.getLogger("scallion.cache")

#: Seconds a connect or a reply may take, unless ``OPTIONS`` say otherwise.
DEFAULT_SOCKET_TIMEOUT = 1.0


class RedisSerializer:
    """Pickles values, except plain ints, which Redis stores as numbers (atomic INCR)."""

    def __init__(self, protocol: int | None = None) -> None:
        self.protocol = pickle.HIGHEST_PROTOCOL if protocol is None else protocol

    def dumps(self, obj: Any) -> bytes | int:
        # type(), not isinstance(): True must stay a bool.
        if type(obj) is int:
            return obj
        return pickle.dumps(obj, self.protocol)

    def loads(self, data: bytes) -> Any:
        try:
            return int(data)
        except ValueError:
            return pickle.loads(data)


def _import_redis() -> Any:
    try:
        import redis
    except ImportError:
        raise ImproperlyConfigured(
            "A CACHES entry uses scallion.core.cache.backends.redis.RedisCache, but the "
            "redis package is not installed: pip install 'scallion[redis]' (or redis>=5)."
        ) from None
    return redis


class RedisCacheClient:
    """The redis-py side: one connection pool per server, made on first use."""

    def __init__(
        self,
        servers: list[str],
        serializer: Any = None,
        pool_class: Any = None,
        parser_class: Any = None,
        **options: Any,
    ) -> None:
        redis = _import_redis()
        self._lib = redis
        self._servers = servers
        self._pools: dict[int, Any] = {}
        self._client = redis.Redis
        if isinstance(pool_class, str):
            pool_class = import_string(pool_class)
        self._pool_class = pool_class or redis.ConnectionPool
        if isinstance(serializer, str):
            serializer = import_string(serializer)
        if callable(serializer):
            serializer = serializer()
        self._serializer = serializer or RedisSerializer()
        if isinstance(parser_class, str):
            parser_class = import_string(parser_class)
        parser_class = parser_class or redis.connection.DefaultParser
        if hasattr(redis, "DriverInfo"):
            driver: dict[str, Any] = {
                "driver_info": redis.DriverInfo().add_upstream_driver("scallion", _version())
            }
        else:
            driver = {"lib_name": f"redis-py(scallion_v{_version()})"}
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        self._pool_options = {"parser_class": parser_class, **driver, **options}

    def _get_connection_pool_index(self, write: bool) -> int:
        # Writes to the first server; reads from one of the others, if any.
        if write or len(self._servers) == 1:
            return 0
        return random.randint(1, len(self._servers) - 1)

    def _get_connection_pool(self, write: bool) -> Any:
        index = self._get_connection_pool_index(write)
        pool = self._pools.get(index)
        if pool is None:
            pool = self._pools[index] = self._pool_class.from_url(
                self._servers[index], **self._pool_options
            )
        return pool

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # ``key`` is unused here; a subclass may pick a server by it (sharding).
        return self._client(connection_pool=self._get_connection_pool(write))

    def _loads(self, key: Any, value: bytes, default: Any) -> Any:
        try:
            return self._serializer.loads(value)
        except Exception as exc:
            logger.warning(
                "Cache value of %r could not be decoded (%s: %s); treated as a miss.",
                key,
                type(exc).__name__,
                exc,
            )
            return default

    def add(self, key: Any, value: Any, timeout: int | None) -> bool:
        client = self.get_client(key, write=True)
        value = self._serializer.dumps(value)
        if timeout == 0:
            added = bool(client.set(key, value, nx=True))
            if added:
                client.delete(key)
            return added
        return bool(client.set(key, value, ex=timeout, nx=True))

    def get(self, key: Any, default: Any) -> Any:
        value = self.get_client(key).get(key)
        return default if value is None else self._loads(key, value, default)

    def set(self, key: Any, value: Any, timeout: int | None) -> None:
        client = self.get_client(key, write=True)
        value = self._serializer.dumps(value)
        if timeout == 0:
            client.delete(key)
        else:
            client.set(key, value, ex=timeout)

    def touch(self, key: Any, timeout: int | None) -> bool:
        client = self.get_client(key, write=True)
        if timeout is None:
            return bool(client.persist(key))
        return bool(client.expire(key, timeout))

    def delete(self, key: Any) -> bool:
        return bool(self.get_client(key, write=True).delete(key))

    def get_many(self, keys: Iterable[Any]) -> dict[Any, Any]:
        keys = list(keys)
        values = self.get_client(None).mget(keys)
        missing = object()
        found = {}
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                decoded = self._loads(key, value, missing)
                if decoded is not missing:
                    found[key] = decoded
        return found

    def has_key(self, key: Any) -> bool:
        return bool(self.get_client(key).exists(key))

    def incr(self, key: Any, delta: int) -> Any:
        client = self.get_client(key, write=True)
        if not client.exists(key):
            raise ValueError(f"Key '{key}' not found.")
        return client.incr(key, delta)

    def set_many(self, data: Mapping[Any, Any], timeout: int | None) -> None:
        pipeline = self.get_client(None, write=True).pipeline()
        pipeline.mset({k: self._serializer.dumps(v) for k, v in data.items()})
        if timeout is not None:
            # MSET takes no expiry: one EXPIRE per key, in the same round trip.
            for key in data:
                pipeline.expire(key, timeout)
        pipeline.execute()

    def delete_many(self, keys: Iterable[Any]) -> None:
        self.get_client(None, write=True).delete(*keys)

    def clear(self) -> bool:
        return bool(self.get_client(None, write=True).flushdb())


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scallion")
    except PackageNotFoundError:
        return "unknown"


class RedisCache(BaseCache):
    def __init__(self, server: str | list[str], params: Mapping[str, Any]) -> None:
        super().__init__(params)
        self._servers = re.split("[;,]", server) if isinstance(server, str) else list(server)
        self._class = RedisCacheClient
        self._options: dict[str, Any] = dict(params.get("OPTIONS") or {})

    @cached_property
    def _cache(self) -> RedisCacheClient:
        return self._class(self._servers, **self._options)

    @property
    def unavailable_errors(self) -> tuple[type[BaseException], ...]:  # type: ignore[override]
        """A server down, refusing, or slower than the socket timeout."""
        redis = _import_redis()
        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> int | None:
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        # None persists the key; 0 or less deletes it.
        return None if timeout is None else max(0, int(timeout))

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.add(key, value, self.get_backend_timeout(timeout))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.get(key, default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._cache.set(key, value, self.get_backend_timeout(timeout))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.touch(key, self.get_backend_timeout(timeout))

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.delete(key)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._cache.get_many(key_map.keys())
        return {key_map[k]: v for k, v in found.items()}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.has_key(key)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        return self._cache.incr(key, delta)

    def set_many(
        self, data: Mapping[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        if not data:
            return []
        safe_data = {self.make_and_validate_key(k, version=version): v for k, v in data.items()}
        self._cache.set_many(safe_data, self.get_backend_timeout(timeout))
        return []

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        safe_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        if safe_keys:
            self._cache.delete_many(safe_keys)

    def clear(self) -> bool:  # type: ignore[override]
        return self._cache.clear()


__all__ = ["DEFAULT_SOCKET_TIMEOUT", "RedisCache", "RedisCacheClient", "RedisSerializer"]

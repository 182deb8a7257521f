"""``BaseCache``: the API every cache backend offers, with Django's semantics.

A backend implements ``add``, ``get``, ``set``, ``touch``, ``delete``,
``has_key`` and ``clear``; everything else (``get_many``, ``incr``,
``incr_version``, ``get_or_set``...) is built here from those, and a backend
overrides what its store does better in one round trip. Every method has an
``a``-prefixed async twin; by default it runs the sync method in a thread, and
backends whose work never blocks (local memory, the dummy cache) override the
twins to run on the event loop.

Keys: ``make_key`` turns the caller's key into the stored one
(``KEY_PREFIX:VERSION:key`` unless ``KEY_FUNCTION`` says otherwise), and
``validate_key`` warns (``CacheKeyWarning``) about keys memcached would refuse,
so that code stays portable between backends.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from asgiref.sync import sync_to_async

from scallion.core.exceptions import ImproperlyConfigured
from scallion.utils.module_loading import import_string


class InvalidCacheBackendError(ImproperlyConfigured):
    """A ``CACHES`` alias that does not exist, or a ``BACKEND`` that cannot be imported."""


class CacheKeyWarning(RuntimeWarning):
    """A key that would fail on memcached (too long, or containing control characters)."""


class InvalidCacheKey(ValueError):
    """A key the backend cannot store at all (raised by memcached-like backends)."""


class _DefaultTimeout:
    """The "no timeout given" marker: the alias's ``TIMEOUT`` applies."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "DEFAULT_TIMEOUT"


#: Passed as ``timeout`` (and the default of every ``timeout`` parameter) to mean
#: "the cache's own TIMEOUT"; ``None`` means forever and ``0`` means expire at once.
DEFAULT_TIMEOUT: Any = _DefaultTimeout()

#: memcached refuses keys longer than this.
MEMCACHE_MAX_KEY_LENGTH = 250

Timeout = float | int | None
KeyFunc = Callable[[str, str, Any], str]

_MEMCACHE_BAD_CHARS = re.compile(r"[\x00-\x20\x7f]")


def default_key_func(key: Any, key_prefix: str, version: Any) -> str:
    """``KEY_PREFIX:VERSION:key``: the stored form of a key unless ``KEY_FUNCTION`` is set."""
    return f"{key_prefix}:{version}:{key}"


def get_key_func(key_func: KeyFunc | str | None) -> KeyFunc:
    """The key function named by ``KEY_FUNCTION`` (a callable or a dotted path)."""
    if key_func is None:
        return default_key_func
    if callable(key_func):
        return key_func
    function: KeyFunc = import_string(key_func)
    return function


def memcache_key_warnings(key: str) -> Iterator[str]:
    """The reasons memcached would refuse ``key``: too long, or control characters."""
    if len(key) > MEMCACHE_MAX_KEY_LENGTH:
        yield (
            f"Cache key will cause errors if used with memcached: {key!r} "
            f"(longer than {MEMCACHE_MAX_KEY_LENGTH})"
        )
    if _MEMCACHE_BAD_CHARS.search(key):
        yield (
            f"Cache key contains characters that will cause errors if used with memcached: {key!r}"
        )


def _int_option(value: Any, default: int) -> int:
    # Django falls back to the default for a value that is not a number.
    try:
        return int(value)
    except (ValueError, TypeError):
        return default


# Keys already found portable, so that the hot path validates each key once.
# Bounded: past the limit keys are simply checked every time. PERF: cached.
_PORTABLE_KEYS: set[str] = set()
_PORTABLE_KEYS_MAX = 4096


#: What ``BaseCache._get_page`` gives for a page it did not read.
PAGE_NOT_READ: Any = object()


class BaseCache:
    """The cache API. Subclasses implement the storage; see the module docstring."""

    _missing_key: Any = object()
    #: Errors meaning "the store cannot be reached right now" (a server down, a
    #: timeout), as opposed to a bug. The page cache (``CacheMiddleware``) falls
    #: back to the view on these instead of failing the request.
    unavailable_errors: tuple[type[BaseException], ...] = (OSError,)

    def __init__(self, params: Mapping[str, Any]) -> None:
        timeout = params.get("timeout", params.get("TIMEOUT", 300))
        if timeout is not None:
            timeout = _int_option(timeout, 300)
        self.default_timeout: int | None = timeout
        options = params.get("OPTIONS") or {}
        self._max_entries = _int_option(
            params.get("max_entries", options.get("MAX_ENTRIES", 300)), 300
        )
        self._cull_frequency = _int_option(
            params.get("cull_frequency", options.get("CULL_FREQUENCY", 3)), 3
        )
        self.key_prefix: str = params.get("KEY_PREFIX", "")
        self.version: int = params.get("VERSION", 1)
        self.key_func: KeyFunc = get_key_func(params.get("KEY_FUNCTION"))

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> float | None:
        """When an entry set now with ``timeout`` expires (a timestamp), or None for never."""
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        elif timeout == 0:
            # Expire at once, whatever the clock's precision.
            timeout = -1
        return None if timeout is None else time.time() + timeout

    def make_key(self, key: Any, version: int | None = None) -> str:
        """The stored form of ``key``: the key function applied to it, the prefix and version."""
        if version is None:
            version = self.version
        return self.key_func(key, self.key_prefix, version)

    def validate_key(self, key: str) -> None:
        """Warn (``CacheKeyWarning``) about a key memcached would refuse."""
        if key in _PORTABLE_KEYS:
            return
        portable = True
        for warning in memcache_key_warnings(key):
            portable = False
            warnings.warn(warning, CacheKeyWarning, stacklevel=3)
        if portable and len(_PORTABLE_KEYS) < _PORTABLE_KEYS_MAX:
            _PORTABLE_KEYS.add(key)

    def make_and_validate_key(self, key: Any, version: int | None = None) -> str:
        """``make_key`` then ``validate_key``: what every method does with its key."""
        made = self.make_key(key, version=version)
        self.validate_key(made)
        return made

    # -- what a backend implements ---------------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """Store ``value`` only if ``key`` is absent; True if it was stored."""
        raise NotImplementedError("subclasses of BaseCache must provide an add() method")

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        """The value of ``key``, or ``default`` if it is absent or expired."""
        raise NotImplementedError("subclasses of BaseCache must provide a get() method")

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        """Store ``value`` under ``key`` for ``timeout`` seconds (None: forever)."""
        raise NotImplementedError("subclasses of BaseCache must provide a set() method")

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        """Give ``key`` a new expiry; False if it is absent."""
        raise NotImplementedError("subclasses of BaseCache must provide a touch() method")

    def delete(self, key: Any, version: int | None = None) -> bool:
        """Remove ``key``; True if it was there."""
        raise NotImplementedError("subclasses of BaseCache must provide a delete() method")

    def clear(self) -> None:
        """Remove every entry of this cache."""
        raise NotImplementedError("subclasses of BaseCache must provide a clear() method")

    # -- built from the above -----------------------------------------------------

    def _get_page(self, header_key: str, plain_page_key: str, now: float) -> tuple[Any, Any]:
        """The page cache's reads: ``(header list, page)``.

        The header list is ``get(header_key)``. When it is empty the page is
        ``get(plain_page_key)`` (the page key of an empty list); else it is
        ``PAGE_NOT_READ`` and the caller builds the key from the list. A backend
        may return the page as a ``FrozenResponse`` (the caller thaws it), and
        may do both reads at once (the local-memory cache does). ``now`` is the
        caller's ``time.time()``: a backend that keeps the expiry itself (the
        local-memory cache) checks it against that, so the request reads the
        clock once.
        """
        headerlist = self.get(header_key)
        if headerlist is None or headerlist:
            return headerlist, PAGE_NOT_READ
        return headerlist, self.get(plain_page_key)

    async def _aget_page(self, header_key: str, plain_page_key: str, now: float) -> tuple[Any, Any]:
        """``_get_page`` with the async methods."""
        headerlist = await self.aget(header_key)
        if headerlist is None or headerlist:
            return headerlist, PAGE_NOT_READ
        return headerlist, await self.aget(plain_page_key)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        """``{key: value}`` for the keys present; absent keys are left out."""
        found = {}
        for key in keys:
            value = self.get(key, self._missing_key, version=version)
            if value is not self._missing_key:
                found[key] = value
        return found

    def get_or_set(
        self, key: Any, default: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> Any:
        """The value of ``key``; if absent, ``default`` (called if callable) is added first.

        The value is read again after the add, so that of two racing callers both
        get the one that won.
        """
        value = self.get(key, self._missing_key, version=version)
        if value is self._missing_key:
            if callable(default):
                default = default()
            self.add(key, default, timeout=timeout, version=version)
            return self.get(key, default, version=version)
        return value

    def has_key(self, key: Any, version: int | None = None) -> bool:
        """True if ``key`` is present and not expired."""
        return self.get(key, self._missing_key, version=version) is not self._missing_key

    def __contains__(self, key: Any) -> bool:
        # Through has_key, so a subclass's has_key counts for ``in`` as well.
        return self.has_key(key)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Add ``delta`` to the value of ``key`` and return it; ValueError if absent."""
        value = self.get(key, self._missing_key, version=version)
        if value is self._missing_key:
            raise ValueError(f"Key '{key}' not found")
        new_value = value + delta
        self.set(key, new_value, version=version)
        return new_value

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Subtract ``delta`` from the value of ``key``; ValueError if absent."""
        return self.incr(key, -delta, version=version)

    def set_many(
        self, data: Mapping[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        """Store every pair of ``data``; the keys that could not be stored (usually none)."""
        for key, value in data.items():
            self.set(key, value, timeout=timeout, version=version)
        return []

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        """Remove every key of ``keys``."""
        for key in keys:
            self.delete(key, version=version)

    def incr_version(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """Move ``key``'s value to version ``version + delta``; the new version."""
        if version is None:
            version = self.version
        value = self.get(key, self._missing_key, version=version)
        if value is self._missing_key:
            raise ValueError(f"Key '{key}' not found")
        self.set(key, value, version=version + delta)
        self.delete(key, version=version)
        return version + delta

    def decr_version(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """Move ``key``'s value to version ``version - delta``; the new version."""
        return self.incr_version(key, -delta, version)

    def close(self, **kwargs: Any) -> None:
        """Release connections at the end of a request (a no-op unless the backend has some)."""

    # -- async twins -----------------------------------------------------------------
    # Each runs its sync method in a thread unless the backend overrides it. The
    # composite ones go through the backend's own async primitives when the
    # backend did not override the sync composite (as Django does).

    def _overrides(self, name: str) -> bool:
        return getattr(type(self), name) is not getattr(BaseCache, name)

    async def aadd(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        result: bool = await sync_to_async(self.add, thread_sensitive=True)(
            key, value, timeout, version
        )
        return result

    async def aget(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return await sync_to_async(self.get, thread_sensitive=True)(key, default, version)

    async def aset(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        await sync_to_async(self.set, thread_sensitive=True)(key, value, timeout, version)

    async def atouch(
        self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        result: bool = await sync_to_async(self.touch, thread_sensitive=True)(key, timeout, version)
        return result

    async def adelete(self, key: Any, version: int | None = None) -> bool:
        result: bool = await sync_to_async(self.delete, thread_sensitive=True)(key, version)
        return result

    async def aclear(self) -> None:
        await sync_to_async(self.clear, thread_sensitive=True)()

    async def aclose(self, **kwargs: Any) -> None:
        await sync_to_async(self.close, thread_sensitive=True)(**kwargs)

    async def aget_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        if self._overrides("get_many"):
            found: dict[Any, Any] = await sync_to_async(self.get_many, thread_sensitive=True)(
                keys, version=version
            )
            return found
        found = {}
        for key in keys:
            value = await self.aget(key, self._missing_key, version=version)
            if value is not self._missing_key:
                found[key] = value
        return found

    async def aget_or_set(
        self, key: Any, default: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> Any:
        if self._overrides("get_or_set"):
            return await sync_to_async(self.get_or_set, thread_sensitive=True)(
                key, default, timeout=timeout, version=version
            )
        value = await self.aget(key, self._missing_key, version=version)
        if value is self._missing_key:
            if callable(default):
                default = default()
            await self.aadd(key, default, timeout=timeout, version=version)
            return await self.aget(key, default, version=version)
        return value

    async def ahas_key(self, key: Any, version: int | None = None) -> bool:
        if self._overrides("has_key"):
            found: bool = await sync_to_async(self.has_key, thread_sensitive=True)(
                key, version=version
            )
            return found
        return await self.aget(key, self._missing_key, version=version) is not self._missing_key

    async def aincr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        if self._overrides("incr"):
            return await sync_to_async(self.incr, thread_sensitive=True)(
                key, delta=delta, version=version
            )
        value = await self.aget(key, self._missing_key, version=version)
        if value is self._missing_key:
            raise ValueError(f"Key '{key}' not found")
        new_value = value + delta
        await self.aset(key, new_value, version=version)
        return new_value

    async def adecr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        return await self.aincr(key, -delta, version=version)

    async def aset_many(
        self, data: Mapping[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        if self._overrides("set_many"):
            failed: list[Any] = await sync_to_async(self.set_many, thread_sensitive=True)(
                data, timeout=timeout, version=version
            )
            return failed
        for key, value in data.items():
            await self.aset(key, value, timeout=timeout, version=version)
        return []

    async def adelete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        if self._overrides("delete_many"):
            await sync_to_async(self.delete_many, thread_sensitive=True)(keys, version=version)
            return
        for key in keys:
            await self.adelete(key, version=version)

    async def aincr_version(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        if self._overrides("incr_version"):
            new_version: int = await sync_to_async(self.incr_version, thread_sensitive=True)(
                key, delta=delta, version=version
            )
            return new_version
        if version is None:
            version = self.version
        value = await self.aget(key, self._missing_key, version=version)
        if value is self._missing_key:
            raise ValueError(f"Key '{key}' not found")
        await self.aset(key, value, version=version + delta)
        await self.adelete(key, version=version)
        return version + delta

    async def adecr_version(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return await self.aincr_version(key, -delta, version)


__all__ = [
    "DEFAULT_TIMEOUT",
    "MEMCACHE_MAX_KEY_LENGTH",
    "BaseCache",
    "CacheKeyWarning",
    "InvalidCacheBackendError",
    "InvalidCacheKey",
    "default_key_func",
    "get_key_func",
    "memcache_key_warnings",
]

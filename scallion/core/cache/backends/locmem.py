"""``LocMemCache``: a thread-safe, per-process cache in memory (the default backend).

Caches with the same ``LOCATION`` share one store in a process; each process has
its own, so it suits one server (or tests), not several. Entries are kept in
least-recently-used order; when ``MAX_ENTRIES`` is reached, the oldest
``1/CULL_FREQUENCY`` of them are dropped (all of them when it is 0).

Values are stored pickled, so that changing an object after ``set`` does not
change the cached copy and each ``get`` returns a fresh one. Values that cannot
change (``str``, ``bytes``, numbers, ``None``) are kept as they are: a copy of
them would be equal anyway, and skipping the pickle keeps reads of them cheap.
Lists of such values and responses (what the page cache stores) are kept in
immutable forms that give a fresh copy faster than an unpickle would.

Nothing here blocks on I/O, so the async methods run on the event loop instead
of a thread.
"""

from __future__ import annotations

import pickle
import sys
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from threading import Lock
from typing import Any

from scallion.core.cache.backends.base import (
    _PORTABLE_KEYS,
    DEFAULT_TIMEOUT,
    PAGE_NOT_READ,
    BaseCache,
    default_key_func,
)
from scallion.http.response import FrozenResponse, HttpResponse, freeze_response

# The stores, one per LOCATION, shared by every LocMemCache of that name.
_caches: dict[str, OrderedDict[str, Any]] = {}
_expire_info: dict[str, dict[str, float | None]] = {}
_locks: dict[str, Lock] = {}

# Types whose values cannot change: stored as they are (in a 1-tuple), not pickled.
_IMMUTABLE = frozenset({str, bytes, int, float, bool, type(None)})

# Whether the page cache's reads may go without the lock. Under the GIL every
# step they take (a dict look-up, OrderedDict.move_to_end) is atomic, and
# another thread's set, delete, cull or clear between two steps leaves either a
# valid read or a KeyError, taken as a miss. A free-threaded build runs the
# steps in parallel, so there they take the lock. PERF: cached.
_UNLOCKED_READS = getattr(sys, "_is_gil_enabled", lambda: True)()

# What the stored form of a key is made with: the page cache's memo of stored
# keys holds while these attributes stay as they were.
_KEY_MAKERS = frozenset({"key_prefix", "version", "key_func"})

# How many page-cache header keys each cache remembers the stored keys of.
_PAGE_KEYS_MAX = 4096


class _FrozenList(tuple):  # type: ignore[type-arg]
    """A list of immutable values, kept as a tuple and handed out as a new list."""

    __slots__ = ()


# The frozen empty list: what the page cache stores for a page that varies on no
# header, its commonest header list. One object, so a read knows it by identity.
_NO_HEADERS = _FrozenList()


def _freeze(value: Any, protocol: int) -> Any:
    """What the store keeps for ``value``: something ``_thaw`` makes a fresh copy from.

    Pickled bytes in general; ``(value,)`` for an immutable value; a tuple for a
    list of immutable values (the page cache's header lists); a
    ``FrozenResponse`` for a response (the page cache's pages). Each thaws to what
    unpickling would give, faster. PERF: cached.
    """
    cls = value.__class__
    if cls in _IMMUTABLE:
        return (value,)
    if cls is list and all(item.__class__ in _IMMUTABLE for item in value):
        return _FrozenList(value) if value else _NO_HEADERS
    if isinstance(value, HttpResponse):
        frozen = freeze_response(value)
        if frozen is not None:
            return frozen
    return pickle.dumps(value, protocol)


def _thaw(entry: Any) -> Any:
    cls = entry.__class__
    if cls is bytes:
        return pickle.loads(entry)
    if cls is tuple:
        return entry[0]
    if cls is _FrozenList:
        return list(entry)
    return entry.thaw()


class LocMemCache(BaseCache):
    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, name: str, params: Mapping[str, Any]) -> None:
        super().__init__(params)
        self._cache = _caches.setdefault(name, OrderedDict())
        self._expire_info = _expire_info.setdefault(name, {})
        self._lock = _locks.setdefault(name, Lock())
        cls = type(self)
        # (key_func is checked per call: code may assign cache.key_func later.)
        self._plain_keys = (
            cls.make_key is BaseCache.make_key
            and cls.validate_key is BaseCache.validate_key
            and cls.make_and_validate_key is BaseCache.make_and_validate_key
        )
        # The page cache's header key -> its plain page key and the stored
        # forms of both (see _made_page_keys).
        self._page_keys_memo: dict[str, tuple[str, str, str]] = {}

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in _KEY_MAKERS:
            self._forget_made_keys()

    def _forget_made_keys(self) -> None:
        """Drop the remembered stored keys: what they were made with has changed.

        A new memo, not the old one emptied: a read making keys from the old
        attributes meanwhile files them in the memo it took before reading them
        (see _made_page_keys), which is then no longer the cache's.
        """
        self._page_keys_memo = {}

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        frozen = _freeze(value, self.pickle_protocol)
        with self._lock:
            if self._has_expired(key):
                self._set(key, frozen, timeout)
                return True
            return False

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        if self._plain_keys and self.key_func is default_key_func:
            # make_and_validate_key, inlined for the default key function: the
            # page cache's hit path does two gets. PERF: cached.
            key = f"{self.key_prefix}:{self.version if version is None else version}:{key}"
            if key not in _PORTABLE_KEYS:
                self.validate_key(key)
        else:
            key = self.make_and_validate_key(key, version=version)
        with self._lock:
            # _has_expired, inlined: this is the page cache's hit path. PERF: cached.
            expiry = self._expire_info.get(key, -1)
            if expiry is not None and expiry <= time.time():
                self._delete(key)
                return default
            entry = self._cache[key]
            self._cache.move_to_end(key, last=False)
        # _thaw, inlined for the page cache's two kinds of entry. PERF: cached.
        cls = entry.__class__
        if cls is FrozenResponse:
            return entry.thaw()
        if cls is _FrozenList:
            return list(entry)
        return _thaw(entry)

    def _made_page_keys(self, header_key: str, plain_page_key: str) -> tuple[str, str]:
        """The stored forms of the page cache's two keys, made and validated.

        With the default key function, remembered by the header key until the
        prefix, the version or the key function changes (``__setattr__``
        forgets them), and only for portable keys: a key that warns is made,
        and warns, on every read. Bounded; emptied when full.
        """
        # The memo is taken before the attributes are read: if one is assigned
        # meanwhile, what is made here goes to a memo already replaced.
        memo = self._page_keys_memo
        key_func = self.key_func
        if not (self._plain_keys and key_func is default_key_func):
            return self.make_and_validate_key(header_key), self.make_and_validate_key(
                plain_page_key
            )
        prefix = self.key_prefix
        version = self.version
        made = f"{prefix}:{version}:"
        made_header, made_page = made + header_key, made + plain_page_key
        self.validate_key(made_header)
        self.validate_key(made_page)
        if made_header in _PORTABLE_KEYS and made_page in _PORTABLE_KEYS:
            if len(memo) >= _PAGE_KEYS_MAX:
                memo.clear()
            memo[header_key] = plain_page_key, made_header, made_page
        return made_header, made_page

    def _read_page(
        self, header_key: str, plain_page_key: str, now: float, held: Lock | None = None
    ) -> tuple[Any, Any]:
        """``_get_page``'s steps, without taking the lock (``held`` if the caller has it).

        Both reads with one clock reading, each entry with its own expiry and
        marked used as get() does; a stored page comes back frozen. get()'s
        steps, inlined, with the made keys remembered, move_to_end's flag
        passed by position (a keyword costs an argument parse). PERF: cached,
        11,750 -> 4,400 instructions per _get_page.

        Without the lock, another thread may delete an entry between two steps:
        the look-up that then finds nothing raises KeyError, taken as a miss
        (as if this read had come just after the deletion).
        """
        try:  # a subscript, not .get(): no method call. PERF: cached.
            plain, made_header, made_page = self._page_keys_memo[header_key]
        except KeyError:
            plain = None
        if plain is plain_page_key:
            header_key, page_key = made_header, made_page
        else:
            header_key, page_key = self._made_page_keys(header_key, plain_page_key)
        store = self._cache
        expire_info = self._expire_info
        try:
            expiry = expire_info[header_key]
            if expiry is not None and expiry <= now:
                self._drop_expired(header_key, held)
                return None, PAGE_NOT_READ
            headers = store[header_key]
            store.move_to_end(header_key, False)
        except KeyError:  # not stored, or deleted meanwhile
            return None, PAGE_NOT_READ
        if headers is not _NO_HEADERS:
            # The page key depends on the headers named. Thawed outside the
            # try: an error a stored value raises is not a miss.
            return _thaw(headers), PAGE_NOT_READ
        try:
            expiry = expire_info[page_key]
            if expiry is not None and expiry <= now:
                self._drop_expired(page_key, held)
                return [], None
            page = store[page_key]
            store.move_to_end(page_key, False)
        except KeyError:
            return [], None
        return [], page if page.__class__ is FrozenResponse else _thaw(page)

    def _read_page_locked(
        self, header_key: str, plain_page_key: str, now: float
    ) -> tuple[Any, Any]:
        """``_read_page`` under the lock: what a build without the GIL needs."""
        lock = self._lock
        with lock:
            return self._read_page(header_key, plain_page_key, now, lock)

    # Without the lock where the GIL makes each step atomic (see _UNLOCKED_READS),
    # chosen once rather than tested on every read. PERF: cached.
    _get_page = _read_page if _UNLOCKED_READS else _read_page_locked

    def _drop_expired(self, key: str, held: Lock | None) -> None:
        """Delete ``key`` if it is still expired (or absent), under the lock.

        ``held`` is the lock when the caller holds it already (it has just
        seen the entry expired).
        """
        if held is not None:
            self._delete(key)
            return
        with self._lock:
            if self._has_expired(key):
                self._delete(key)

    async def _aget_page(self, header_key: str, plain_page_key: str, now: float) -> tuple[Any, Any]:
        return self._get_page(header_key, plain_page_key, now)

    def _set(self, key: str, frozen: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        if len(self._cache) >= self._max_entries:
            self._cull()
        self._cache[key] = frozen
        self._cache.move_to_end(key, last=False)
        self._expire_info[key] = self.get_backend_timeout(timeout)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        frozen = _freeze(value, self.pickle_protocol)
        with self._lock:
            self._set(key, frozen, timeout)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                return False
            self._expire_info[key] = self.get_backend_timeout(timeout)
            return True

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            new_value = _thaw(self._cache[key]) + delta
            self._cache[key] = _freeze(new_value, self.pickle_protocol)
            self._cache.move_to_end(key, last=False)
        return new_value

    def has_key(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return False
            return True

    def _has_expired(self, key: str) -> bool:
        expiry = self._expire_info.get(key, -1)
        return expiry is not None and expiry <= time.time()

    def _cull(self) -> None:
        if self._cull_frequency == 0:
            self._cache.clear()
            self._expire_info.clear()
            return
        for _ in range(len(self._cache) // self._cull_frequency):
            key, _value = self._cache.popitem()  # the least recently used
            del self._expire_info[key]

    def _delete(self, key: str) -> bool:
        try:
            del self._cache[key]
            del self._expire_info[key]
        except KeyError:
            return False
        return True

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            return self._delete(key)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()

    # The store is in memory: the async twins run here, on the event loop.
    async def aadd(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self.add(key, value, timeout, version)

    async def aget(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self.get(key, default, version)

    async def aset(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self.set(key, value, timeout, version)

    async def atouch(
        self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self.touch(key, timeout, version)

    async def adelete(self, key: Any, version: int | None = None) -> bool:
        return self.delete(key, version)

    async def aclear(self) -> None:
        self.clear()

    async def aclose(self, **kwargs: Any) -> None:
        self.close(**kwargs)

    async def ahas_key(self, key: Any, version: int | None = None) -> bool:
        return self.has_key(key, version)

    async def aincr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        return self.incr(key, delta, version)

    async def aget_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self.get_many(keys, version)


__all__ = ["LocMemCache"]

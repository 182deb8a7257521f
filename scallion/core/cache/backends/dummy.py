"""``DummyCache``: a cache that stores nothing (every read misses).

For development and tests, where a configured cache should not cache: the
keys are still made and validated, so a key that would fail elsewhere warns here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scallion.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class DummyCache(BaseCache):
    def __init__(self, host: Any, params: Mapping[str, Any]) -> None:
        super().__init__(params)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        self.make_and_validate_key(key, version=version)
        return True

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        self.make_and_validate_key(key, version=version)
        return default

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self.make_and_validate_key(key, version=version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        self.make_and_validate_key(key, version=version)
        return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        self.make_and_validate_key(key, version=version)
        return False

    def has_key(self, key: Any, version: int | None = None) -> bool:
        self.make_and_validate_key(key, version=version)
        return False

    def clear(self) -> None:
        pass

    # Nothing to wait for: the async twins answer on the event loop.
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

    async def ahas_key(self, key: Any, version: int | None = None) -> bool:
        return self.has_key(key, version)

    async def aclear(self) -> None:
        pass


__all__ = ["DummyCache"]

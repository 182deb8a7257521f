"""Cache fixtures: each backend configured as the ``default`` alias for one test.

The Redis backend runs against the real ``redis-server`` of ``tests.fixtures_redis``
(one per xdist worker); a ``KEY_PREFIX`` per test keeps tests apart on it, and
``clear()``, which flushes a whole database, runs on a database of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.core.cache import BaseCache, caches
from scallion.test import override_settings
from tests.fixtures_redis import RedisServer

LOCMEM = "scallion.core.cache.backends.locmem.LocMemCache"
FILEBASED = "scallion.core.cache.backends.filebased.FileBasedCache"
REDIS = "scallion.core.cache.backends.redis.RedisCache"
DUMMY = "scallion.core.cache.backends.dummy.DummyCache"

#: Redis databases: 0 holds prefixed keys; these others may be flushed.
CLEARABLE_DB = 3
REPLICA_DB = 4


def backend_config(
    name: str, request: pytest.FixtureRequest, tmp_path: Path, **extra: Any
) -> dict[str, Any]:
    """The CACHES entry of backend ``name`` for this test."""
    prefix = f"t{uuid.uuid4().hex[:12]}"
    if name == "locmem":
        return {"BACKEND": LOCMEM, "LOCATION": prefix, **extra}
    if name == "filebased":
        return {"BACKEND": FILEBASED, "LOCATION": str(tmp_path / "cache"), **extra}
    if name == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        return {"BACKEND": REDIS, "LOCATION": server.url, "KEY_PREFIX": prefix, **extra}
    if name == "dummy":
        return {"BACKEND": DUMMY, **extra}
    raise ValueError(name)


@pytest.fixture(params=["locmem", "filebased", "redis"])
def backend_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def cache(backend_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCache]:
    """The default cache, of each real backend in turn."""
    config = backend_config(backend_name, request, tmp_path)
    other = {**config, "KEY_PREFIX": "other-" + config.get("KEY_PREFIX", "")}
    if backend_name == "locmem":
        other["LOCATION"] = config["LOCATION"] + "-other"
    elif backend_name == "filebased":
        other["LOCATION"] = str(tmp_path / "other")
    with override_settings(CACHES={"default": config, "other": other}):
        yield caches["default"]
        caches["default"].close()


@pytest.fixture
def clearable_redis(redis_server: RedisServer) -> str:
    """A Redis URL of a database this test may flush (each xdist worker has its own server)."""
    return f"redis://{redis_server.host}:{redis_server.port}/{CLEARABLE_DB}"

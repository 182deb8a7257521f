"""The BaseCache API with Django's semantics, on locmem, filebased and a real Redis."""

from __future__ import annotations

import asyncio
import pickle
import time
from typing import Any
from unittest import mock

import pytest

from scallion.core.cache import DEFAULT_TIMEOUT, BaseCache, CacheKeyWarning, cache, caches


class Unpicklable:
    def __getstate__(self) -> Any:
        raise pickle.PickleError("not today")


def test_set_get_and_default(cache: BaseCache) -> None:
    assert cache.get("missing") is None
    assert cache.get("missing", "fallback") == "fallback"
    cache.set("key", {"a": [1, 2]})
    assert cache.get("key") == {"a": [1, 2]}
    cache.set("none", None)
    # A stored None is a value: the default is for absent keys.
    assert cache.get("none", "default") is None
    assert cache.has_key("none")


def test_values_are_copies(cache: BaseCache) -> None:
    value = {"items": [1]}
    cache.set("key", value)
    value["items"].append(2)
    got = cache.get("key")
    assert got == {"items": [1]}
    got["items"].append(3)
    assert cache.get("key") == {"items": [1]}


@pytest.mark.parametrize(
    "value",
    ["text", "ünïcode ✓", b"\x00\xffbytes", 42, -7, 2**70, 1.5, True, False, (1, "a"), {1, 2}],
)
def test_data_types_round_trip(cache: BaseCache, value: Any) -> None:
    cache.set("key", value)
    got = cache.get("key")
    assert got == value
    assert type(got) is type(value)


def test_add_only_when_absent(cache: BaseCache) -> None:
    assert cache.add("key", "first") is True
    assert cache.add("key", "second") is False
    assert cache.get("key") == "first"


def test_delete(cache: BaseCache) -> None:
    cache.set("key", 1)
    assert cache.delete("key") is True
    assert cache.delete("key") is False
    assert cache.get("key") is None


def test_has_key_and_in(cache: BaseCache) -> None:
    cache.set("key", "v")
    assert cache.has_key("key")
    assert "key" in cache
    assert not cache.has_key("other")
    assert "other" not in cache


def test_incr_decr(cache: BaseCache) -> None:
    cache.set("n", 1)
    assert cache.incr("n") == 2
    assert cache.incr("n", 10) == 12
    assert cache.decr("n") == 11
    assert cache.decr("n", 5) == 6
    assert cache.get("n") == 6
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")
    with pytest.raises(ValueError, match="not found"):
        cache.decr("absent")


def test_many(cache: BaseCache) -> None:
    assert cache.set_many({"a": 1, "b": [2], "c": "3"}) == []
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": 1, "b": [2], "c": "3"}
    cache.delete_many(["a", "b", "nope"])
    assert cache.get_many(["a", "b", "c"]) == {"c": "3"}
    assert cache.set_many({}) == []
    cache.delete_many([])


def test_get_or_set(cache: BaseCache) -> None:
    assert cache.get_or_set("key", "made") == "made"
    assert cache.get_or_set("key", "other") == "made"
    calls = []

    def make() -> str:
        calls.append(1)
        return "called"

    assert cache.get_or_set("lazy", make) == "called"
    assert cache.get_or_set("lazy", make) == "called"
    assert calls == [1]
    assert cache.get_or_set("versioned", "v2", version=2) == "v2"
    assert cache.get("versioned") is None


def test_get_or_set_losing_a_race_returns_the_winner(cache: BaseCache) -> None:
    real_add = cache.add

    def racing_add(key: Any, value: Any, *args: Any, **kwargs: Any) -> bool:
        real_add(key, "winner")
        return real_add(key, value, *args, **kwargs)

    with mock.patch.object(cache, "add", racing_add):
        assert cache.get_or_set("key", "loser") == "winner"


def test_timeouts(cache: BaseCache) -> None:
    cache.set("zero", "v", 0)
    assert cache.get("zero") is None
    cache.set("negative", "v", -1)
    assert cache.get("negative") is None
    assert cache.add("zero-add", "v", 0) is True
    assert cache.get("zero-add") is None
    cache.set("forever", "v", None)
    assert cache.get("forever") == "v"
    cache.set("long", "v", 60 * 60 * 24 * 365)
    assert cache.get("long") == "v"
    cache.set("float", "v", 1.5)
    assert cache.get("float") == "v"


def test_expiry(cache: BaseCache) -> None:
    now = time.time()
    cache.set("key", "v", 10)
    cache.set_many({"a": 1}, 10)
    if type(cache).__name__ == "RedisCache":
        # Redis keeps the clock: check the TTL it was given.
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        assert 0 < client.ttl(cache.make_key("key")) <= 10
        assert 0 < client.ttl(cache.make_key("a")) <= 10
        return
    with mock.patch("time.time", return_value=now + 11):
        assert cache.get("key") is None
        assert cache.get("a") is None
        assert cache.add("key", "again") is True


def test_touch(cache: BaseCache) -> None:
    cache.set("key", "v", 1)
    assert cache.touch("key", 100) is True
    assert cache.touch("absent") is False
    if type(cache).__name__ == "RedisCache":
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        assert client.ttl(cache.make_key("key")) > 50
        assert cache.touch("key", None) is True
        assert client.ttl(cache.make_key("key")) == -1  # persistent
        return
    with mock.patch("time.time", return_value=time.time() + 50):
        assert cache.get("key") == "v"
    assert cache.touch("key", None) is True
    with mock.patch("time.time", return_value=time.time() + 10**8):
        assert cache.get("key") == "v"


def test_versions(cache: BaseCache) -> None:
    cache.set("key", "v1", version=1)
    cache.set("key", "v2", version=2)
    assert cache.get("key") == "v1"
    assert cache.get("key", version=2) == "v2"
    assert cache.incr_version("key") == 2
    assert cache.get("key", version=1) is None
    assert cache.get("key", version=2) == "v1"
    assert cache.decr_version("key", version=2) == 1
    assert cache.get("key") == "v1"
    with pytest.raises(ValueError, match="not found"):
        cache.incr_version("absent")
    cache.set_many({"m": 1}, version=3)
    assert cache.get_many(["m"], version=3) == {"m": 1}
    assert cache.get_many(["m"]) == {}


def test_prefix_and_aliases_are_apart(cache: BaseCache) -> None:
    other = caches["other"]
    cache.set("key", "default")
    other.set("key", "other")
    assert cache.get("key") == "default"
    assert other.get("key") == "other"


def reversed_key(key: str, key_prefix: str, version: int) -> str:
    return f"rev-{key_prefix}-{version}-{key[::-1]}"


@pytest.mark.parametrize("key_function", [reversed_key, "tests.cache.test_backends.reversed_key"])
def test_custom_key_function(
    backend_name: str, request: Any, tmp_path: Any, key_function: Any
) -> None:
    from scallion.test import override_settings
    from tests.cache.conftest import backend_config

    config = backend_config(backend_name, request, tmp_path, KEY_FUNCTION=key_function)
    with override_settings(CACHES={"default": config}):
        custom = caches["default"]
        assert custom.make_key("abc") == f"rev-{custom.key_prefix}-1-cba"
        custom.set("abc", 1)
        assert custom.get("abc") == 1


def test_unpicklable_values_fail_on_set(cache: BaseCache) -> None:
    with pytest.raises(pickle.PickleError):
        cache.set("key", Unpicklable())
    with pytest.raises(pickle.PickleError):
        cache.add("key", Unpicklable())
    assert cache.get("key") is None


def test_key_warnings(cache: BaseCache) -> None:
    with pytest.warns(CacheKeyWarning, match="characters that will cause errors"):
        cache.set("key with spaces", 1)
    with pytest.warns(CacheKeyWarning, match="longer than 250"):
        cache.set("x" * 251, 1)
    # Warned every time, not only the first.
    with pytest.warns(CacheKeyWarning):
        cache.get("key with spaces")


def test_proxy_is_the_default_alias(cache: BaseCache) -> None:
    from scallion.core.cache import cache as proxy

    proxy.set("via-proxy", 1)
    assert cache.get("via-proxy") == 1
    assert "via-proxy" in proxy
    assert proxy == cache


def test_async_twins(cache: BaseCache) -> None:
    async def scenario() -> None:
        assert await cache.aadd("a", 1) is True
        assert await cache.aadd("a", 2) is False
        assert await cache.aget("a") == 1
        await cache.aset("b", [1])
        assert await cache.aget_many(["a", "b", "c"]) == {"a": 1, "b": [1]}
        assert await cache.ahas_key("b")
        assert await cache.aincr("a", 5) == 6
        assert await cache.adecr("a") == 5
        assert await cache.aget_or_set("c", "made") == "made"
        assert await cache.atouch("c", 100) is True
        assert await cache.aset_many({"d": 1, "e": 2}) == []
        await cache.adelete_many(["d"])
        assert await cache.aget("d") is None
        assert await cache.aincr_version("e") == 2
        assert await cache.aget("e", version=2) == 2
        assert await cache.adecr_version("e", version=2) == 1
        assert await cache.adelete("e") is True
        await cache.aclose()

    asyncio.run(scenario())


def test_default_timeout_marker_and_settings(
    backend_name: str, request: Any, tmp_path: Any
) -> None:
    from scallion.test import override_settings
    from tests.cache.conftest import backend_config

    config = backend_config(backend_name, request, tmp_path, TIMEOUT=None)
    with override_settings(CACHES={"default": config}):
        assert caches["default"].default_timeout is None
        cache.set("forever", 1, DEFAULT_TIMEOUT)
        assert cache.get("forever") == 1
    config = backend_config(backend_name, request, tmp_path, TIMEOUT="not a number")
    with override_settings(CACHES={"default": config}):
        assert caches["default"].default_timeout == 300
    config = backend_config(backend_name, request, tmp_path)
    with override_settings(CACHES={"default": config}):
        assert caches["default"].default_timeout == 300

"""RedisCache on a real redis-server: several LOCATIONs, soft failures, the serializer."""

from __future__ import annotations

import logging
import pickle
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from scallion.core.cache.backends.redis import (
    DEFAULT_SOCKET_TIMEOUT,
    RedisCache,
    RedisSerializer,
)
from tests.cache.conftest import REPLICA_DB
from tests.fixtures_redis import RedisServer


def make(location: Any, **options: Any) -> RedisCache:
    return RedisCache(location, {"OPTIONS": options, "KEY_PREFIX": "redis-tests"})


def test_clear_flushes_its_database(clearable_redis: str) -> None:
    cache = make(clearable_redis)
    cache.set("a", 1)
    assert cache.clear() is True
    assert cache.get("a") is None


def test_writes_go_to_the_first_location_reads_to_the_others(redis_server: RedisServer) -> None:
    primary = f"redis://{redis_server.host}:{redis_server.port}/0"
    replica = f"redis://{redis_server.host}:{redis_server.port}/{REPLICA_DB}"
    for location in ([primary, replica], f"{primary},{replica}", f"{primary};{replica}"):
        cache = make(location)
        cache.set("spread", "written")
        # The "replica" is another database that nothing replicates to: a read
        # that went there misses, which proves where reads go.
        assert cache.get("spread") is None
        assert make(primary).get("spread") == "written"
        make(replica).set("spread", "on the replica")
        assert cache.get("spread") == "on the replica"
        assert cache.incr("counter", 1) if cache.add("counter", 1) else True
        cache.delete("spread")
        assert make(primary).get("spread") is None
        make(replica).delete("spread")
        make(primary).delete("counter")


def test_pool_index(redis_server: RedisServer) -> None:
    single = make(redis_server.url)._cache
    assert single._get_connection_pool_index(write=True) == 0
    assert single._get_connection_pool_index(write=False) == 0
    several = make([redis_server.url] * 3)._cache
    assert several._get_connection_pool_index(write=True) == 0
    assert {several._get_connection_pool_index(write=False) for _ in range(50)} <= {1, 2}


def test_ints_are_stored_as_numbers(redis_server: RedisServer) -> None:
    cache = make(redis_server.url)
    cache.set("number", 41)
    raw = cache._cache.get_client(write=True).get(cache.make_key("number"))
    assert raw == b"41"
    assert cache.incr("number") == 42
    cache.set("flag", True)
    assert cache.get("flag") is True
    serializer = RedisSerializer()
    assert serializer.dumps(5) == 5
    assert serializer.loads(serializer.dumps([5])) == [5]
    cache.delete_many(["number", "flag"])


def test_undecodable_value_is_a_miss(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    cache = make(redis_server.url)
    client = cache._cache.get_client(write=True)
    client.set(cache.make_key("bad"), b"\x80\x05not a pickle")
    client.set(cache.make_key("gone"), pickle.dumps(1)[:-1] + b"\x00")
    with caplog.at_level(logging.WARNING, logger="scallion.cache"):
        assert cache.get("bad", "default") == "default"
        assert cache.get_many(["bad", "gone"]) == {}
    assert "could not be decoded" in caplog.text
    cache.delete_many(["bad", "gone"])


def test_socket_timeouts_have_a_default(redis_server: RedisServer) -> None:
    cache = make(redis_server.url)
    options = cache._cache._pool_options
    assert options["socket_timeout"] == DEFAULT_SOCKET_TIMEOUT
    assert options["socket_connect_timeout"] == DEFAULT_SOCKET_TIMEOUT
    custom = make(redis_server.url, socket_timeout=5, max_connections=7)._cache._pool_options
    assert custom["socket_timeout"] == 5
    assert custom["max_connections"] == 7


def test_serializer_and_pool_class_by_path(redis_server: RedisServer) -> None:
    cache = make(
        redis_server.url,
        serializer="scallion.core.cache.backends.redis.RedisSerializer",
        pool_class="redis.BlockingConnectionPool",
    )
    cache.set("key", [1])
    assert cache.get("key") == [1]
    assert isinstance(cache._cache._get_connection_pool(write=True), redis.BlockingConnectionPool)
    cache.delete("key")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port: int = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_down_server_raises_an_unavailable_error() -> None:
    cache = make(f"redis://127.0.0.1:{_closed_port()}/0")
    with pytest.raises(cache.unavailable_errors):
        cache.get("key")
    with pytest.raises(cache.unavailable_errors):
        cache.set("key", 1)


def test_a_hung_server_times_out(silent_server: int) -> None:
    cache = make(f"redis://127.0.0.1:{silent_server}/0", socket_timeout=0.2)
    with pytest.raises(cache.unavailable_errors):
        cache.get("key")

"""The cache session engine: sessions in a CACHES alias (here a real Redis)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.contrib.sessions.backends import cache as cache_backend
from scallion.contrib.sessions.backends.base import UpdateError
from scallion.core.cache import caches
from scallion.test import override_settings

REDIS = "scallion.core.cache.backends.redis.RedisCache"


@pytest.fixture
def redis_sessions(redis_server: Any) -> Iterator[None]:
    caches_setting = {
        "default": {"BACKEND": "scallion.core.cache.backends.locmem.LocMemCache"},
        "sessions": {
            "BACKEND": REDIS,
            "LOCATION": redis_server.url,
            "KEY_PREFIX": uuid.uuid4().hex,
        },
    }
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.cache",
        CACHES=caches_setting,
        SESSION_CACHE_ALIAS="sessions",
    ):
        yield


def test_a_session_is_one_signed_entry_with_the_session_age(redis_sessions: None) -> None:
    session = cache_backend.SessionStore()
    session["count"] = 3
    session.set_expiry(120)
    session.save()
    assert session.session_key is not None
    store = caches["sessions"]
    raw = store.get(cache_backend.KEY_PREFIX + session.session_key)
    assert isinstance(raw, str) and "count" not in raw  # signed and compressed
    client = store._cache.get_client(write=True)  # type: ignore[attr-defined]
    key = store.make_key(cache_backend.KEY_PREFIX + session.session_key)
    assert 100 < client.ttl(key) <= 120
    # Another process (another store object on the same cache) reads it back.
    again = cache_backend.SessionStore(session.session_key)
    assert again["count"] == 3


def test_an_unknown_key_is_not_adopted(redis_sessions: None) -> None:
    session = cache_backend.SessionStore("attackerchosenkey123")
    assert session.get("anything") is None
    assert session.session_key is None


def test_an_entry_not_written_by_the_engine_is_not_a_session(redis_sessions: None) -> None:
    caches["sessions"].set(cache_backend.KEY_PREFIX + "plantedsessionkey1", {"admin": True})
    session = cache_backend.SessionStore("plantedsessionkey1")
    assert session.get("admin") is None


def test_a_session_deleted_elsewhere_is_not_brought_back(redis_sessions: None) -> None:
    session = cache_backend.SessionStore()
    session["a"] = 1
    session.save()
    assert session.session_key is not None
    cache_backend.SessionStore(session.session_key).delete()
    session["a"] = 2
    with pytest.raises(UpdateError):
        session.save()
    assert not session.exists(session.session_key)


def test_a_cache_that_stores_nothing_is_reported() -> None:
    with override_settings(
        CACHES={"default": {"BACKEND": "scallion.core.cache.backends.dummy.DummyCache"}}
    ):
        session = cache_backend.SessionStore()
        # The dummy cache accepts every add, so creation succeeds but nothing persists.
        session.create()
        assert not session.exists(session.session_key or "")
        key = session.session_key
        assert cache_backend.SessionStore(key).get("x") is None


def test_creation_gives_up_when_every_add_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    session = cache_backend.SessionStore()
    attempts = []
    monkeypatch.setattr(cache_backend, "CREATE_ATTEMPTS", 5)
    monkeypatch.setattr(session._cache, "add", lambda *args, **kwargs: attempts.append(1))
    with pytest.raises(RuntimeError, match="the cache is unavailable"):
        session.create()
    assert len(attempts) == 5

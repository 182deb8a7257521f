"""What is particular to each engine: Redis TTLs and keys, files, signed cookies."""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.contrib.sessions.backends import file as file_backend
from scallion.contrib.sessions.backends import redis as redis_backend
from scallion.contrib.sessions.backends import signed_cookies
from scallion.contrib.sessions.backends.base import CreateError
from scallion.contrib.sessions.exceptions import InvalidSessionKey
from scallion.core import signing
from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import Client, override_settings

from .conftest import SESSION_MIDDLEWARE

# -- Redis -----------------------------------------------------------------------------


@pytest.fixture
def redis_settings(redis_server: Any) -> Iterator[str]:
    prefix = f"test:{uuid.uuid4().hex}:"
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.redis",
        SESSION_REDIS_URL=redis_server.url,
        SESSION_REDIS_KEY_PREFIX=prefix,
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=SESSION_MIDDLEWARE,
    ):
        yield prefix


def test_redis_key_prefix_and_ttl(redis_settings: str) -> None:
    session = redis_backend.SessionStore()
    session["a"] = 1
    session.save()
    client = session.client
    key = redis_settings + session.session_key
    assert client.exists(key)
    ttl = client.ttl(key)
    assert 14 * 86400 - 5 <= ttl <= 14 * 86400


def test_redis_ttl_follows_set_expiry(redis_settings: str) -> None:
    session = redis_backend.SessionStore()
    session.set_expiry(30)
    session.save()
    assert 25 <= session.client.ttl(redis_settings + session.session_key) <= 30


def test_redis_past_expiry_removes_key(redis_settings: str) -> None:
    session = redis_backend.SessionStore()
    session["a"] = 1
    session.save()
    session.set_expiry(-10)
    session.save()
    assert not session.client.exists(redis_settings + session.session_key)


def test_redis_create_never_overwrites(redis_settings: str) -> None:
    first = redis_backend.SessionStore()
    first["owner"] = "first"
    first.save()
    intruder = redis_backend.SessionStore(first.session_key)
    intruder._session_cache = {"owner": "intruder"}
    with pytest.raises(CreateError):
        intruder.save(must_create=True)
    assert redis_backend.SessionStore(first.session_key)["owner"] == "first"


def test_redis_unknown_key_not_adopted(redis_settings: str) -> None:
    # A key chosen by an attacker is replaced by a server-made one.
    response = Client().get("/incr/", headers={"cookie": "sessionid=attackerchosenkey123"})
    assert response.cookies["sessionid"].value != "attackerchosenkey123"


def test_redis_untouched_session_does_no_io(
    redis_settings: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(redis_backend, "get_redis_client", lambda url=None: calls.append("io"))
    client = Client()
    client.cookies["sessionid"] = "a" * 32
    client.get("/untouched/")
    assert calls == []


def test_redis_shares_one_client_per_url(redis_settings: str) -> None:
    assert redis_backend.SessionStore().client is redis_backend.SessionStore().client


def test_redis_clear_expired_is_a_no_op(redis_settings: str) -> None:
    redis_backend.SessionStore.clear_expired()


# -- files -----------------------------------------------------------------------------


@pytest.fixture
def file_settings(tmp_path: Path) -> Iterator[Path]:
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.file",
        SESSION_FILE_PATH=str(tmp_path),
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=SESSION_MIDDLEWARE,
    ):
        yield tmp_path


def test_file_written_with_private_mode(file_settings: Path) -> None:
    session = file_backend.SessionStore()
    session["a"] = 1
    session.save()
    path = file_settings / f"sessionid{session.session_key}"
    assert path.exists()
    assert os.stat(path).st_mode & 0o077 == 0
    assert [p.name for p in file_settings.iterdir()] == [path.name]  # no temp files left


@pytest.mark.parametrize("key", ["../../etc/passwd", "ABCDEFGHIJKL", "abc/defghijkl", "abcdefgh.."])
def test_file_keys_cannot_escape(file_settings: Path, key: str) -> None:
    session = file_backend.SessionStore(key)
    assert session.get("a") is None  # treated as no session
    with pytest.raises(InvalidSessionKey):
        session._key_to_file(key)


def test_file_path_must_exist(tmp_path: Path) -> None:
    with override_settings(SESSION_FILE_PATH=str(tmp_path / "missing")):
        with pytest.raises(ImproperlyConfigured, match="SESSION_FILE_PATH"):
            file_backend.SessionStore()


def _age_file(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_file_expired_session_is_empty(file_settings: Path) -> None:
    session = file_backend.SessionStore()
    session["a"] = 1
    session.set_expiry(60)
    session.save()
    _age_file(file_settings / f"sessionid{session.session_key}", 120)
    reloaded = file_backend.SessionStore(session.session_key)
    assert reloaded.get("a") is None
    assert not (file_settings / f"sessionid{session.session_key}").exists()


def test_file_clear_expired(file_settings: Path) -> None:
    keep = file_backend.SessionStore()
    keep["a"] = 1
    keep.save()
    old = file_backend.SessionStore()
    old["a"] = 1
    old.set_expiry(10)
    old.save()
    _age_file(file_settings / f"sessionid{old.session_key}", 100)
    (file_settings / "unrelated.txt").write_text("x")
    file_backend.SessionStore.clear_expired()
    names = sorted(p.name for p in file_settings.iterdir())
    assert names == sorted(["unrelated.txt", f"sessionid{keep.session_key}"])


def test_file_empty_file_gives_new_session(file_settings: Path) -> None:
    key = "a" * 32
    (file_settings / f"sessionid{key}").write_text("")
    session = file_backend.SessionStore(key)
    assert len(session) == 0
    assert session.session_key != key


# -- signed cookies ---------------------------------------------------------------------


@pytest.fixture
def cookie_settings() -> Iterator[None]:
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.signed_cookies",
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=SESSION_MIDDLEWARE,
    ):
        yield


def test_signed_cookie_holds_the_data(cookie_settings: None) -> None:
    session = signed_cookies.SessionStore()
    session["a"] = "b"
    session.save()
    assert signing.loads(
        session.session_key, salt="django.contrib.sessions.backends.signed_cookies"
    ) == {"a": "b"}


def test_signed_cookie_older_than_cookie_age_is_void(
    cookie_settings: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    session = signed_cookies.SessionStore()
    session["a"] = 1
    session.save()
    real_time = time.time
    with override_settings(SESSION_COOKIE_AGE=60):
        monkeypatch.setattr(time, "time", lambda: real_time() + 120)
        with caplog.at_level(logging.WARNING, "scallion.security.SuspiciousSession"):
            expired = signed_cookies.SessionStore(session.session_key)
            assert expired.get("a") is None
    assert expired.modified  # rewritten as a fresh session
    assert not caplog.records  # expiry is not an attack


def test_signed_cookie_signed_with_other_key_rejected(cookie_settings: None) -> None:
    forged = signing.dumps(
        {"user": 1},
        key="another-secret-key-0123456789-0123456789-0123456789",
        salt="scallion.contrib.sessions.backends.signed_cookies",
        compress=True,
    )
    assert signed_cookies.SessionStore(forged).get("user") is None


def test_signed_cookie_survives_key_rotation(cookie_settings: None) -> None:
    from scallion.conf import settings

    session = signed_cookies.SessionStore()
    session["a"] = 1
    session.save()
    with override_settings(
        SECRET_KEY="new-secret-key-after-rotation-0123456789-0123456789",
        SECRET_KEY_FALLBACKS=[settings.SECRET_KEY],
    ):
        assert signed_cookies.SessionStore(session.session_key)["a"] == 1

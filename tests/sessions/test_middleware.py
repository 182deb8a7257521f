"""SessionMiddleware through the test client, for every engine."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from scallion.conf import settings
from scallion.test import Client, override_settings


def test_counter_persists(client: Client) -> None:
    assert [client.get("/incr/").content for _ in range(3)] == [b"1", b"2", b"3"]
    assert client.get("/read/").content == b"3"


def test_clients_do_not_share(client: Client, engine: str) -> None:
    client.get("/incr/")
    other = Client()
    assert other.get("/incr/").content == b"1"
    assert client.get("/incr/").content == b"2"


def test_cookie_attributes(engine: str) -> None:
    with override_settings(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN=".example.com",
        SESSION_COOKIE_PATH="/app",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_AGE=600,
    ):
        response = Client().get("/incr/")
    morsel = response.cookies["sid"]
    assert morsel["domain"] == ".example.com"
    assert morsel["path"] == "/app"
    assert morsel["secure"] is True
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Strict"
    assert morsel["max-age"] == 600
    assert morsel["expires"]


def test_untouched_session_writes_nothing(client: Client) -> None:
    response = client.get("/untouched/")
    assert "sessionid" not in response.cookies
    assert "Vary" not in response.headers


def test_read_adds_vary_cookie_but_no_cookie(client: Client) -> None:
    response = client.get("/read/")
    assert response.headers["Vary"] == "Cookie"
    assert "sessionid" not in response.cookies


def test_unchanged_session_not_resaved(client: Client) -> None:
    client.get("/incr/")
    response = client.get("/read/")
    assert "sessionid" not in response.cookies


def test_save_every_request(client: Client) -> None:
    client.get("/incr/")
    with override_settings(SESSION_SAVE_EVERY_REQUEST=True):
        response = Client.get(client, "/untouched/")
    assert "sessionid" in response.cookies


def test_save_every_request_does_not_create_empty_sessions(engine: str) -> None:
    with override_settings(SESSION_SAVE_EVERY_REQUEST=True):
        response = Client().get("/untouched/")
    assert "sessionid" not in response.cookies


def test_expire_at_browser_close(engine: str) -> None:
    with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True):
        response = Client().get("/incr/")
    morsel = response.cookies["sessionid"]
    assert morsel["max-age"] == ""
    assert morsel["expires"] == ""


def test_set_expiry_zero_is_a_browser_session(client: Client) -> None:
    morsel = client.get("/expiry/0/").cookies["sessionid"]
    assert morsel["max-age"] == ""


def test_set_expiry_seconds_sets_max_age(client: Client) -> None:
    response = client.get("/expiry/120/")
    assert response.content == b"120"
    assert response.cookies["sessionid"]["max-age"] == 120


def test_set_expiry_date(client: Client) -> None:
    response = client.get("/expiry/date/")
    assert 3590 <= int(response.cookies["sessionid"]["max-age"]) <= 3600


def test_flush_deletes_cookie(client: Client) -> None:
    client.get("/incr/")
    response = client.get("/flush/")
    morsel = response.cookies["sessionid"]
    assert morsel.value == ""
    assert morsel["max-age"] == 0
    assert "Cookie" in response.headers["Vary"]
    assert client.get("/incr/").content == b"1"


def test_flushed_session_is_gone_for_a_replayed_cookie(client: Client, engine: str) -> None:
    client.get("/incr/")
    old_cookie = client.cookies["sessionid"].value
    client.get("/flush/")
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    if engine == "signed_cookies":
        # Documented limit: a signed cookie cannot be revoked before it expires.
        assert replay.get("/read/").content == b"1"
    else:
        assert replay.get("/read/").content == b"None"


def test_cycle_key_defeats_fixation(client: Client, engine: str) -> None:
    client.get("/incr/")
    planted = client.cookies["sessionid"].value
    response = client.get("/cycle/")
    new_key = response.cookies["sessionid"].value
    assert client.get("/read/").content == b"1"  # data kept under the new key
    if engine != "signed_cookies":
        assert new_key != planted
        attacker = Client()
        attacker.cookies["sessionid"] = planted
        assert attacker.get("/read/").content == b"None"


def test_server_error_does_not_save(client: Client) -> None:
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "sessionid" not in response.cookies


def test_tampered_cookie_gives_new_session_and_logs(
    client: Client, engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    client.get("/incr/")
    client.get("/incr/")
    value = client.cookies["sessionid"].value
    client.cookies["sessionid"] = value[:-3] + ("xyz" if not value.endswith("xyz") else "abc")
    with caplog.at_level(logging.WARNING, logger="scallion.security.SuspiciousSession"):
        response = client.get("/incr/")
    assert response.content == b"1"
    assert response.status_code == 200
    if engine == "signed_cookies":
        records = [r for r in caplog.records if r.name == "scallion.security.SuspiciousSession"]
        assert records, "a tampered signed cookie must be logged"


def test_tampered_stored_data_logs(stateful: Any, caplog: pytest.LogCaptureFixture) -> None:
    """A store written by someone without the key: rejected, logged, new session.

    Only the server-side stores have stored data to tamper with.
    """
    client, engine = stateful
    session = client.session
    session["count"] = 41
    session.save()
    key = session.session_key
    forged = session.encode({"count": 1000}).rsplit(":", 1)[0] + ":forgedsignature"
    if engine == "redis":
        session.client.set(session._key(key), forged)
    else:
        with open(session._key_to_file(key), "w") as handle:
            handle.write(forged)
    with caplog.at_level(logging.WARNING, logger="scallion.security.SuspiciousSession"):
        assert client.get("/incr/").content == b"1"
    assert any(r.getMessage() == "Session data corrupted" for r in caplog.records)


def test_client_session_works_with_every_engine(client: Client) -> None:
    session = client.session
    session["count"] = 10
    session.save()  # updates the client's cookie, whatever the engine
    assert client.get("/incr/").content == b"11"
    assert client.session["count"] == 11


def test_async_client_session_works_with_every_engine(engine: str) -> None:
    import asyncio

    from scallion.test import AsyncClient

    client = AsyncClient()
    session = client.session  # the same property as Client's (one client mixin)
    session["count"] = 10
    session.save()

    async def go() -> bytes:
        return (await client.get("/incr/")).content  # type: ignore[no-any-return]

    assert asyncio.run(go()) == b"11"
    assert client.session["count"] == 11


def test_session_without_middleware_is_absent(engine: str) -> None:
    with override_settings(MIDDLEWARE=[]):
        with pytest.raises(AttributeError):
            Client().get("/incr/")


def test_deleted_session_starts_afresh(stateful: Any) -> None:
    client, _engine = stateful
    client.get("/incr/")
    key = client.cookies["sessionid"].value
    from scallion.utils.module_loading import import_string

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    store_class(key).delete()  # a logout in another request
    # This request loaded nothing (the key is unknown), so it starts afresh...
    assert client.get("/incr/").content == b"1"


@pytest.fixture(params=["redis", "file"])
def stateful(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    from .conftest import SESSION_MIDDLEWARE, engine_settings

    with override_settings(
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=SESSION_MIDDLEWARE,
        **engine_settings(request.param, request, tmp_path),
    ):
        yield Client(), request.param


def test_update_of_deleted_session_raises_interrupted(stateful: Any) -> None:
    from scallion.contrib.sessions.backends.base import UpdateError
    from scallion.utils.module_loading import import_string

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    session = store_class()
    session["a"] = 1
    session.save()
    loaded = store_class(session.session_key)
    assert loaded["a"] == 1  # loaded while it existed
    store_class(session.session_key).delete()  # deleted concurrently
    loaded["a"] = 2
    with pytest.raises(UpdateError):
        loaded.save()


def test_middleware_turns_interrupted_into_400(stateful: Any) -> None:
    client, _engine = stateful
    client.get("/incr/")
    response = client.get("/interrupt/")
    assert response.status_code == 400


def test_oversized_signed_cookie_logged(caplog: pytest.LogCaptureFixture) -> None:
    with override_settings(
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=["scallion.contrib.sessions.middleware.SessionMiddleware"],
        SESSION_ENGINE="scallion.contrib.sessions.backends.signed_cookies",
    ):
        with caplog.at_level(logging.ERROR, logger="scallion.contrib.sessions"):
            Client().get("/big/")
    assert any("server-side SESSION_ENGINE" in r.getMessage() for r in caplog.records)

"""The async session API (``aget``, ``aset``, ``asave``…), on every engine."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest

from scallion.conf import settings
from scallion.utils.module_loading import import_string


def store(session_key: str | None = None) -> Any:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key)


def test_async_dict_interface(engine: str) -> None:
    async def scenario() -> None:
        session = store()
        await session.aset("a", 1)
        assert session.modified
        assert await session.aget("a") == 1
        assert await session.aget("missing", 5) == 5
        assert await session.asetdefault("b", 2) == 2
        assert await session.asetdefault("b", 3) == 2
        await session.aupdate({"c": 3})
        assert await session.ahas_key("c")
        assert sorted(await session.akeys()) == ["a", "b", "c"]
        assert sorted(await session.avalues()) == [1, 2, 3]
        assert sorted(await session.aitems()) == [("a", 1), ("b", 2), ("c", 3)]
        assert await session.apop("a") == 1
        assert await session.apop("a", "gone") == "gone"
        with pytest.raises(KeyError):
            await session.apop("a")
        await session.aset_test_cookie()
        assert await session.atest_cookie_worked()
        await session.adelete_test_cookie()
        assert not await session.atest_cookie_worked()

    asyncio.run(scenario())


def test_async_save_and_load_round_trip(engine: str) -> None:
    async def scenario() -> None:
        session = store()
        await session.aset("user", "ada")
        await session.asave()
        key = session.session_key
        assert key
        if engine != "signed_cookies":
            assert await session.aexists(key)
        again = store(key)
        assert not again.accessed
        assert await again.aget("user") == "ada"
        assert again.accessed

    asyncio.run(scenario())


def test_async_cycle_key_keeps_the_data_and_drops_the_old_key(engine: str) -> None:
    async def scenario() -> None:
        session = store()
        await session.aset("cart", [1, 2])
        await session.asave()
        old_key = session.session_key
        await session.acycle_key()
        if engine != "signed_cookies":  # there the key is the signed data (same second, same key)
            assert session.session_key != old_key
        assert await session.aget("cart") == [1, 2]
        await session.asave()
        assert await store(session.session_key).aget("cart") == [1, 2]
        if engine != "signed_cookies":
            assert not await session.aexists(old_key)

    asyncio.run(scenario())


def test_async_flush_forgets_everything(engine: str) -> None:
    async def scenario() -> None:
        session = store()
        await session.aset("a", 1)
        await session.asave()
        key = session.session_key
        await session.aflush()
        assert session.session_key is None
        assert await session.aget("a") is None
        if engine != "signed_cookies":  # an old signed cookie cannot be revoked
            assert await store(key).aget("a") is None

    asyncio.run(scenario())


def test_async_expiry(engine: str) -> None:
    async def scenario() -> None:
        session = store()
        modification = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
        assert await session.aget_expiry_age() == settings.SESSION_COOKIE_AGE
        await session.aset_expiry(10)
        assert await session.aget_expiry_age(modification=modification) == 10
        assert await session.aget_expiry_date(modification=modification) == (
            modification + datetime.timedelta(seconds=10)
        )
        assert not await session.aget_expire_at_browser_close()
        await session.aset_expiry(0)
        assert await session.aget_expire_at_browser_close()
        await session.aset_expiry(None)
        assert "_session_expiry" not in session
        await session.aset_expiry(None)  # nothing to remove: no error

    asyncio.run(scenario())


@pytest.mark.parametrize("stateful_engine", ["file"], indirect=True)
def test_async_clear_expired_removes_what_expired(stateful_engine: str) -> None:
    async def scenario() -> None:
        kept, gone = store(), store()
        await kept.aset("a", 1)
        await kept.aset_expiry(3600)
        await kept.asave()
        await gone.aset("a", 1)
        await gone.aset_expiry(-3600)
        await gone.asave()
        await type(kept).aclear_expired()
        assert await kept.aexists(kept.session_key)
        assert not await gone.aexists(gone.session_key)

    asyncio.run(scenario())

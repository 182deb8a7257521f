"""SessionStore behaviour common to every engine."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest

from scallion.conf import settings
from scallion.contrib.sessions.backends.base import SessionBase
from scallion.test import override_settings
from scallion.utils import timezone
from scallion.utils.module_loading import import_string


def store(session_key: str | None = None) -> Any:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key)


def saved(data: dict[str, Any]) -> Any:
    session = store()
    session.update(data)
    session.save()
    return session


def test_new_session_is_empty_and_untouched(engine: str) -> None:
    session = store()
    assert session.is_empty()
    assert not session.accessed
    assert not session.modified
    assert session.session_key is None


def test_lazy_loading(engine: str) -> None:
    key = saved({"a": 1}).session_key
    session = store(key)
    assert not session.accessed
    assert session["a"] == 1
    assert session.accessed
    assert not session.modified


def test_dict_interface(engine: str) -> None:
    session = store()
    session["a"] = 1
    assert session.modified
    assert "a" in session
    assert session.get("missing", 5) == 5
    assert session.setdefault("b", 2) == 2
    assert session.setdefault("b", 3) == 2
    assert sorted(session.keys()) == ["a", "b"]
    assert sorted(session.values()) == [1, 2]
    assert sorted(session.items()) == [("a", 1), ("b", 2)]
    assert session.pop("a") == 1
    assert session.pop("a", "gone") == "gone"
    with pytest.raises(KeyError):
        session.pop("a")
    del session["b"]
    assert len(session) == 0
    session.update({"c": 3})
    assert session.has_key("c")


def test_pop_missing_does_not_modify(engine: str) -> None:
    session = store()
    session.pop("nothing", None)
    assert not session.modified


def test_save_and_load_round_trip(engine: str) -> None:
    session = saved({"n": 1, "s": "text", "l": [1, 2], "d": {"k": None}})
    loaded = store(session.session_key)
    assert dict(loaded.items()) == {"n": 1, "s": "text", "l": [1, 2], "d": {"k": None}}


def test_unknown_key_gives_empty_session(engine: str) -> None:
    session = store("nonexistentkey123456789")
    assert session.get("anything") is None
    assert len(session) == 0


def test_short_key_refused(engine: str) -> None:
    assert store("short").session_key is None


def test_non_json_value_refused(engine: str) -> None:
    session = store()
    session["obj"] = object()
    with pytest.raises(TypeError):
        session.save()


def test_flush(engine: str) -> None:
    session = saved({"a": 1})
    old_key = session.session_key
    session.flush()
    assert session.session_key is None
    assert session.is_empty()
    if engine != "signed_cookies":
        assert not store().exists(old_key)
        assert store(old_key).get("a") is None


def test_cycle_key_keeps_data_changes_key(engine: str) -> None:
    session = saved({"user": 42})
    old_key = session.session_key
    session.cycle_key()
    session.save()
    if engine != "signed_cookies":
        # (A signed cookie *is* its data: re-signing it in the same second
        # gives the same string, and a planted cookie cannot carry a login.)
        assert session.session_key != old_key
    assert session["user"] == 42
    assert store(session.session_key)["user"] == 42
    if engine != "signed_cookies":
        # The fixated key is dead.
        assert store(old_key).get("user") is None


def test_clear(engine: str) -> None:
    session = saved({"a": 1})
    session.clear()
    assert session.modified
    assert len(session) == 0


def test_test_cookie(engine: str) -> None:
    session = store()
    session.set_test_cookie()
    assert session.test_cookie_worked()
    session.delete_test_cookie()
    assert not session.test_cookie_worked()


# -- expiry -----------------------------------------------------------------------


def test_default_expiry(engine: str) -> None:
    session = store()
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    now = datetime.datetime.now(datetime.UTC)
    delta = session.get_expiry_date() - now
    assert abs(delta.total_seconds() - settings.SESSION_COOKIE_AGE) < 5


def test_set_expiry_seconds(engine: str) -> None:
    session = store()
    session.set_expiry(10)
    assert session.get_expiry_age() == 10
    assert not session.get_expire_at_browser_close()


def test_set_expiry_timedelta_and_datetime(engine: str) -> None:
    session = store()
    session.set_expiry(datetime.timedelta(seconds=100))
    assert 98 <= session.get_expiry_age() <= 100
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=50)
    session.set_expiry(moment)
    assert 48 <= session.get_expiry_age() <= 50
    assert session.get_expiry_date() == moment
    # Stored as an ISO string: JSON-able.
    assert isinstance(session["_session_expiry"], str)


def test_expiry_age_from_modification(engine: str) -> None:
    session = store()
    modification = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    expiry = modification + datetime.timedelta(seconds=30)
    assert session.get_expiry_age(modification=modification, expiry=expiry) == 30
    assert session.get_expiry_age(modification=modification, expiry=expiry.isoformat()) == 30
    assert session.get_expiry_age(expiry=12) == 12
    assert session.get_expiry_date(modification=modification, expiry=60) == (
        modification + datetime.timedelta(seconds=60)
    )


def test_expire_at_browser_close(engine: str) -> None:
    session = store()
    assert not session.get_expire_at_browser_close()
    session.set_expiry(0)
    assert session.get_expire_at_browser_close()
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    session.set_expiry(None)
    assert "_session_expiry" not in session
    with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True):
        assert session.get_expire_at_browser_close()
        session.set_expiry(60)
        assert not session.get_expire_at_browser_close()


def test_set_expiry_none_when_unset(engine: str) -> None:
    session = store()
    session.set_expiry(None)
    assert not session.modified


# -- integrity --------------------------------------------------------------------------


def test_base_decode_of_tampered_data_logs(caplog: pytest.LogCaptureFixture) -> None:
    base = SessionBase()
    encoded = base.encode({"a": 1})
    assert base.decode(encoded) == {"a": 1}
    with caplog.at_level(logging.WARNING, "scallion.security.SuspiciousSession"):
        assert base.decode(encoded[:-1] + ("A" if encoded[-1] != "A" else "B")) == {}
    assert [r.getMessage() for r in caplog.records] == ["Session data corrupted"]


def test_base_decode_garbage_is_empty() -> None:
    assert SessionBase().decode("not even signed") == {}


def test_encoding_is_salted_per_class() -> None:
    class Other(SessionBase):
        pass

    encoded = SessionBase().encode({"a": 1})
    assert Other().decode(encoded) == {}


def test_base_methods_name_the_engine() -> None:
    class Incomplete(SessionBase):
        pass

    # Django's wording, then the class that lacks the method.
    message = r"subclasses of SessionBase must provide a load\(\) method \(Incomplete does not\)"
    with pytest.raises(NotImplementedError, match=message):
        Incomplete("abcdefghijk").load()
    with pytest.raises(NotImplementedError, match=r"an exists\(\) method \(Incomplete"):
        Incomplete().exists("abcdefghijk")
    with pytest.raises(NotImplementedError, match=r"clear_expired\(\) \(Incomplete"):
        Incomplete.clear_expired()


def test_bool_reads_nothing_from_the_store(engine: str) -> None:
    session = store(saved({"a": 1}).session_key)
    assert session  # a key: not empty
    assert not session.accessed
    assert not store()
    fresh = store()
    fresh["a"] = 1
    assert fresh


def test_a_naive_expiry_comes_back_naive() -> None:
    # With USE_TZ = False, times are naive local times, as in Django.
    with override_settings(USE_TZ=False):
        session = SessionBase()
        modification = timezone.now()
        assert timezone.is_naive(modification)
        session.set_expiry(modification + datetime.timedelta(seconds=10))
        assert session.get_expiry_date(modification=modification) == (
            modification + datetime.timedelta(seconds=10)
        )
        assert session.get_expiry_age(modification=modification) == 10


def test_timedelta_expiry_counts_from_timezone_now(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime.datetime(2030, 1, 1, 12, 0)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    session = SessionBase()
    session.set_expiry(datetime.timedelta(seconds=30))
    assert session.get_expiry_date() == moment + datetime.timedelta(seconds=30)


def test_naive_and_aware_moments_compare_in_time_zone() -> None:
    # An expiry stored under one USE_TZ and read under the other is still a moment.
    session = SessionBase()
    aware = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.UTC)
    naive_later = datetime.datetime(2030, 1, 1, 12, 1)  # TIME_ZONE is UTC
    with override_settings(TIME_ZONE="UTC"):
        assert session.get_expiry_age(modification=aware, expiry=naive_later) == 60
        assert session.get_expiry_age(modification=naive_later, expiry=aware) == -60

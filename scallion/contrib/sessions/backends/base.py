"""``SessionBase``: the dict-like ``request.session`` every engine builds on.

Nothing is read from the store until a key is looked up (``accessed`` then
becomes True) and nothing is written unless the data changed (``modified``) or
``SESSION_SAVE_EVERY_REQUEST`` is on: a request that never touches its session
costs one object and no I/O. PERF: stack.

Engines implement ``load``, ``exists``, ``create``, ``save``, ``delete`` and
``clear_expired``. Data is JSON (``SESSION_SERIALIZER``), signed with a salt of
the engine's class, so a store that is tampered with yields an empty session
and a warning on the ``scallion.security.SuspiciousSession`` logger.
"""

from __future__ import annotations

import datetime
import logging
import string
from collections.abc import ItemsView, Iterable, KeysView, Mapping, ValuesView
from functools import lru_cache
from typing import Any

from scallion.conf import settings
from scallion.core import signing
from scallion.utils.crypto import get_random_string
from scallion.utils.module_loading import import_string

VALID_KEY_CHARS = string.ascii_lowercase + string.digits
suspicious_logger = logging.getLogger("scallion.security.SuspiciousSession")

_NOT_GIVEN: Any = object()


class CreateError(Exception):
    """``save(must_create=True)`` found the key taken; the caller picks another."""


class UpdateError(Exception):
    """``save()`` found the session gone from the store (deleted concurrently)."""


@lru_cache(maxsize=8)
def _serializer_class(path: str) -> type[signing.Serializer]:
    serializer: type[signing.Serializer] = import_string(path)
    return serializer


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _aware(value: datetime.datetime) -> datetime.datetime:
    # Naive datetimes are taken as UTC, the zone scallion keeps times in.
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


class SessionBase:
    """A session: a dict of JSON-able values plus the key that finds it again."""

    TEST_COOKIE_NAME = "testcookie"
    TEST_COOKIE_VALUE = "worked"

    # Class defaults, overwritten on the instance when they change. PERF: stack.
    accessed = False
    modified = False

    def __init__(self, session_key: str | None = None) -> None:
        if session_key is None:
            self.__session_key: str | None = None  # PERF: stack (no cookie: no check)
        else:
            self._session_key = session_key

    # -- serialization -------------------------------------------------------

    @property
    def serializer(self) -> type[signing.Serializer]:
        return _serializer_class(settings.SESSION_SERIALIZER)

    @property
    def key_salt(self) -> str:
        # Django's salt, so that data Django stored verifies after a port.
        return "django.contrib.sessions." + type(self).__qualname__

    def encode(self, session_dict: Mapping[str, Any]) -> str:
        """The session data as a signed, compressed string for the store."""
        return signing.dumps(
            dict(session_dict), salt=self.key_salt, serializer=self.serializer, compress=True
        )

    def decode(self, session_data: str) -> dict[str, Any]:
        """The data in a stored string; ``{}`` (and a warning) if it was tampered with."""
        try:
            data: dict[str, Any] = signing.loads(
                session_data, salt=self.key_salt, serializer=self.serializer
            )
            return data
        except signing.BadSignature:
            suspicious_logger.warning("Session data corrupted")
        except Exception:
            # Undecodable data (a serializer change, say) is treated as no session.
            pass
        return {}

    # -- dict interface -------------------------------------------------------

    def __contains__(self, key: object) -> bool:
        return key in self._session

    def __getitem__(self, key: str) -> Any:
        return self._session[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._session[key] = value
        self.modified = True

    def __delitem__(self, key: str) -> None:
        del self._session[key]
        self.modified = True

    def __len__(self) -> int:
        return len(self._session)

    def __iter__(self) -> Any:
        return iter(self._session)

    def get(self, key: str, default: Any = None) -> Any:
        return self._session.get(key, default)

    def pop(self, key: str, default: Any = _NOT_GIVEN) -> Any:
        self.modified = self.modified or key in self._session
        if default is _NOT_GIVEN:
            return self._session.pop(key)
        return self._session.pop(key, default)

    def setdefault(self, key: str, value: Any) -> Any:
        if key in self._session:
            return self._session[key]
        self[key] = value
        return value

    def update(self, dict_: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        self._session.update(dict_)
        self.modified = True

    def has_key(self, key: str) -> bool:
        return key in self._session

    def keys(self) -> KeysView[str]:
        return self._session.keys()

    def values(self) -> ValuesView[Any]:
        return self._session.values()

    def items(self) -> ItemsView[str, Any]:
        return self._session.items()

    def clear(self) -> None:
        # Replace rather than load-then-empty: clearing needs no store read.
        self._session_cache: dict[str, Any] = {}
        self.accessed = True
        self.modified = True

    def is_empty(self) -> bool:
        """True if there is no key and no data loaded (the cookie can be dropped)."""
        # getattr, not try/except: a session never loaded is the common case and
        # raising AttributeError for it costs more than the rest. PERF: stack.
        return not self._session_key and not getattr(self, "_session_cache", None)

    # -- test cookie ------------------------------------------------------------

    def set_test_cookie(self) -> None:
        self[self.TEST_COOKIE_NAME] = self.TEST_COOKIE_VALUE

    def test_cookie_worked(self) -> bool:
        return bool(self.get(self.TEST_COOKIE_NAME) == self.TEST_COOKIE_VALUE)

    def delete_test_cookie(self) -> None:
        del self[self.TEST_COOKIE_NAME]

    # -- keys ----------------------------------------------------------------------

    def _get_new_session_key(self) -> str:
        """A random key that the store does not hold yet."""
        while True:
            session_key = get_random_string(32, VALID_KEY_CHARS)
            if not self.exists(session_key):
                return session_key

    def _get_or_create_session_key(self) -> str:
        if self._session_key is None:
            self._session_key = self._get_new_session_key()
        assert self._session_key is not None
        return self._session_key

    def _validate_session_key(self, key: str | None) -> bool:
        # Short keys are refused so a guessable key is never adopted.
        return bool(key) and len(key) >= 8  # type: ignore[arg-type]

    @property
    def session_key(self) -> str | None:
        return self.__session_key

    @property
    def _session_key(self) -> str | None:
        return self.__session_key

    @_session_key.setter
    def _session_key(self, value: str | None) -> None:
        self.__session_key = value if self._validate_session_key(value) else None

    # -- loading -----------------------------------------------------------------

    def _get_session(self, no_load: bool = False) -> dict[str, Any]:
        """The data, read from the store on first use (``no_load`` skips the read)."""
        self.accessed = True
        try:
            return self._session_cache
        except AttributeError:
            if self.session_key is None or no_load:
                self._session_cache = {}
            else:
                self._session_cache = self.load()
        return self._session_cache

    @property
    def _session(self) -> dict[str, Any]:
        return self._get_session()

    # -- expiry ------------------------------------------------------------------

    def get_session_cookie_age(self) -> int:
        age: int = settings.SESSION_COOKIE_AGE
        return age

    def get_expiry_age(self, **kwargs: Any) -> int:
        """Seconds until the session expires, from ``modification`` (default now).

        ``expiry`` (default: the value set by ``set_expiry``) may be seconds, a
        datetime or an ISO string; none or 0 means ``SESSION_COOKIE_AGE``.
        """
        modification: datetime.datetime = kwargs.get("modification") or _now()
        expiry = kwargs["expiry"] if "expiry" in kwargs else self.get("_session_expiry")
        if not expiry:
            return self.get_session_cookie_age()
        if not isinstance(expiry, datetime.datetime | str):
            return int(expiry)
        if isinstance(expiry, str):
            expiry = datetime.datetime.fromisoformat(expiry)
        delta = _aware(expiry) - _aware(modification)
        return delta.days * 86400 + delta.seconds

    def get_expiry_date(self, **kwargs: Any) -> datetime.datetime:
        """When the session expires, from ``modification`` (default now)."""
        modification: datetime.datetime = kwargs.get("modification") or _now()
        expiry = kwargs["expiry"] if "expiry" in kwargs else self.get("_session_expiry")
        if isinstance(expiry, datetime.datetime):
            return _aware(expiry)
        if isinstance(expiry, str):
            return _aware(datetime.datetime.fromisoformat(expiry))
        seconds = expiry or self.get_session_cookie_age()
        return _aware(modification) + datetime.timedelta(seconds=seconds)

    def set_expiry(self, value: int | datetime.datetime | datetime.timedelta | None) -> None:
        """When the session expires.

        An int is seconds of inactivity; 0 means when the browser closes; a
        datetime or timedelta is a fixed moment; None restores the global policy.
        """
        if value is None:
            try:
                del self["_session_expiry"]
            except KeyError:
                pass
            return
        if isinstance(value, datetime.timedelta):
            value = _now() + value
        if isinstance(value, datetime.datetime):
            self["_session_expiry"] = _aware(value).isoformat()
            return
        self["_session_expiry"] = value

    def get_expire_at_browser_close(self) -> bool:
        """Whether the cookie lasts only until the browser closes."""
        expiry = self.get("_session_expiry")
        if expiry is None:
            return bool(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
        return bool(expiry == 0)

    # -- lifecycle ---------------------------------------------------------------

    def flush(self) -> None:
        """Delete the data and the stored session, and forget the key (logout)."""
        self.clear()
        self.delete()
        self._session_key = None

    def cycle_key(self) -> None:
        """Keep the data under a new key and delete the old one (login).

        A key an attacker planted before login (session fixation) is worthless
        after it.
        """
        data = self._session
        key = self.session_key
        self.create()
        self._session_cache = data
        if key:
            self.delete(key)

    # -- what engines implement ------------------------------------------------

    def exists(self, session_key: str) -> bool:
        raise NotImplementedError(f"{type(self).__qualname__} must define exists()")

    def create(self) -> None:
        """Start a new, empty session with a fresh key, saved at once."""
        raise NotImplementedError(f"{type(self).__qualname__} must define create()")

    def save(self, must_create: bool = False) -> None:
        """Store the data; CreateError if ``must_create`` and the key is taken."""
        raise NotImplementedError(f"{type(self).__qualname__} must define save()")

    def delete(self, session_key: str | None = None) -> None:
        """Remove a session (this one by default) from the store."""
        raise NotImplementedError(f"{type(self).__qualname__} must define delete()")

    def load(self) -> dict[str, Any]:
        """The stored data of ``session_key``; ``{}`` if missing, expired or invalid."""
        raise NotImplementedError(f"{type(self).__qualname__} must define load()")

    @classmethod
    def clear_expired(cls) -> None:
        """Remove expired sessions from the store (for a periodic job)."""
        raise NotImplementedError(f"{cls.__qualname__} must define clear_expired()")


__all__ = ["VALID_KEY_CHARS", "CreateError", "SessionBase", "UpdateError"]

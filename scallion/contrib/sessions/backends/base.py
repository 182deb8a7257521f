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

from asgiref.sync import sync_to_async

from scallion.conf import settings
from scallion.core import signing
from scallion.utils import timezone
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


def _comparable(value: datetime.datetime) -> datetime.datetime:
    """``value`` made aware (a naive one is in ``TIME_ZONE``), so any two can be subtracted."""
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _expiry_age(modification: datetime.datetime, expiry: Any, default_age: int) -> int:
    """Seconds from ``modification`` to ``expiry`` (seconds, a datetime or an ISO string)."""
    if not expiry:  # None and 0: the global policy
        return default_age
    if not isinstance(expiry, datetime.datetime | str):
        return int(expiry)
    moment = (
        expiry if isinstance(expiry, datetime.datetime) else datetime.datetime.fromisoformat(expiry)
    )
    if timezone.is_aware(moment) != timezone.is_aware(modification):
        # One stored under another USE_TZ: compared as moments rather than raising.
        moment, modification = _comparable(moment), _comparable(modification)
    delta = moment - modification
    return delta.days * 86400 + delta.seconds


def _expiry_date(
    modification: datetime.datetime, expiry: Any, default_age: int
) -> datetime.datetime:
    """The moment ``expiry`` names, counted from ``modification`` when it is seconds."""
    if isinstance(expiry, datetime.datetime):
        return expiry
    if isinstance(expiry, str):
        return datetime.datetime.fromisoformat(expiry)
    return modification + datetime.timedelta(seconds=expiry or default_age)


def _expiry_value(value: datetime.datetime | datetime.timedelta | int) -> str | int:
    """What ``set_expiry`` stores: seconds, or the moment as an ISO string (JSON-able)."""
    if isinstance(value, datetime.timedelta):
        value = timezone.now() + value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


class SessionBase:
    """A session: a dict of JSON-able values plus the key that finds it again.

    Every method that may read or write the store has an ``a``-prefixed
    coroutine twin (``aget``, ``aset``, ``asave``…) for async views. An engine
    whose store has no async client gets its sync methods run in a worker
    thread; one that has (the cache engine) overrides the twins.
    """

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

    def __bool__(self) -> bool:
        # Without it, bool() would fall back on __len__ and read the store.
        return not self.is_empty()

    def get(self, key: str, default: Any = None) -> Any:
        return self._session.get(key, default)

    def pop(self, key: str, default: Any = _NOT_GIVEN) -> Any:
        return self._pop(self._session, key, default)

    def _pop(self, session: dict[str, Any], key: str, default: Any) -> Any:
        self.modified = self.modified or key in session
        if default is _NOT_GIVEN:
            return session.pop(key)
        return session.pop(key, default)

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

    # -- dict interface, async ----------------------------------------------------

    async def aget(self, key: str, default: Any = None) -> Any:
        return (await self._aget_session()).get(key, default)

    async def aset(self, key: str, value: Any) -> None:
        (await self._aget_session())[key] = value
        self.modified = True

    async def apop(self, key: str, default: Any = _NOT_GIVEN) -> Any:
        return self._pop(await self._aget_session(), key, default)

    async def asetdefault(self, key: str, value: Any) -> Any:
        session = await self._aget_session()
        if key in session:
            return session[key]
        await self.aset(key, value)
        return value

    async def aupdate(self, dict_: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        (await self._aget_session()).update(dict_)
        self.modified = True

    async def ahas_key(self, key: str) -> bool:
        return key in await self._aget_session()

    async def akeys(self) -> KeysView[str]:
        return (await self._aget_session()).keys()

    async def avalues(self) -> ValuesView[Any]:
        return (await self._aget_session()).values()

    async def aitems(self) -> ItemsView[str, Any]:
        return (await self._aget_session()).items()

    # -- test cookie ------------------------------------------------------------

    def set_test_cookie(self) -> None:
        self[self.TEST_COOKIE_NAME] = self.TEST_COOKIE_VALUE

    def test_cookie_worked(self) -> bool:
        return bool(self.get(self.TEST_COOKIE_NAME) == self.TEST_COOKIE_VALUE)

    def delete_test_cookie(self) -> None:
        del self[self.TEST_COOKIE_NAME]

    async def aset_test_cookie(self) -> None:
        await self.aset(self.TEST_COOKIE_NAME, self.TEST_COOKIE_VALUE)

    async def atest_cookie_worked(self) -> bool:
        return bool(await self.aget(self.TEST_COOKIE_NAME) == self.TEST_COOKIE_VALUE)

    async def adelete_test_cookie(self) -> None:
        del (await self._aget_session())[self.TEST_COOKIE_NAME]
        self.modified = True

    # -- keys ----------------------------------------------------------------------

    def _get_new_session_key(self) -> str:
        """A random key that the store does not hold yet."""
        while True:
            session_key = get_random_string(32, VALID_KEY_CHARS)
            if not self.exists(session_key):
                return session_key

    async def _aget_new_session_key(self) -> str:
        while True:
            session_key = get_random_string(32, VALID_KEY_CHARS)
            if not await self.aexists(session_key):
                return session_key

    def _get_or_create_session_key(self) -> str:
        if self._session_key is None:
            self._session_key = self._get_new_session_key()
        assert self._session_key is not None
        return self._session_key

    async def _aget_or_create_session_key(self) -> str:
        if self._session_key is None:
            self._session_key = await self._aget_new_session_key()
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

    async def _aget_session(self, no_load: bool = False) -> dict[str, Any]:
        if no_load or self.session_key is None or hasattr(self, "_session_cache"):
            # Nothing to read: what the sync method gives without loading.
            return self._get_session(no_load=True)
        self.accessed = True
        self._session_cache = await self.aload()
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
        Passing ``expiry`` (even None) spares a read of the store.
        """
        expiry = kwargs["expiry"] if "expiry" in kwargs else self.get("_session_expiry")
        return _expiry_age(self._modification(kwargs), expiry, self.get_session_cookie_age())

    async def aget_expiry_age(self, **kwargs: Any) -> int:
        if "expiry" in kwargs:
            expiry = kwargs["expiry"]
        else:
            expiry = await self.aget("_session_expiry")
        return _expiry_age(self._modification(kwargs), expiry, self.get_session_cookie_age())

    def get_expiry_date(self, **kwargs: Any) -> datetime.datetime:
        """When the session expires, from ``modification`` (default now).

        A moment given to ``set_expiry`` comes back as it was given (naive or
        aware); otherwise it is ``modification`` plus the age.
        """
        expiry = kwargs["expiry"] if "expiry" in kwargs else self.get("_session_expiry")
        return _expiry_date(self._modification(kwargs), expiry, self.get_session_cookie_age())

    async def aget_expiry_date(self, **kwargs: Any) -> datetime.datetime:
        if "expiry" in kwargs:
            expiry = kwargs["expiry"]
        else:
            expiry = await self.aget("_session_expiry")
        return _expiry_date(self._modification(kwargs), expiry, self.get_session_cookie_age())

    @staticmethod
    def _modification(kwargs: dict[str, Any]) -> datetime.datetime:
        modification: datetime.datetime | None = kwargs.get("modification")
        return modification if modification is not None else timezone.now()

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
        self["_session_expiry"] = _expiry_value(value)

    async def aset_expiry(self, value: int | datetime.datetime | datetime.timedelta | None) -> None:
        if value is None:
            await self.apop("_session_expiry", None)
            return
        await self.aset("_session_expiry", _expiry_value(value))

    def get_expire_at_browser_close(self) -> bool:
        """Whether the cookie lasts only until the browser closes."""
        return self._expires_at_browser_close(self.get("_session_expiry"))

    async def aget_expire_at_browser_close(self) -> bool:
        return self._expires_at_browser_close(await self.aget("_session_expiry"))

    @staticmethod
    def _expires_at_browser_close(expiry: Any) -> bool:
        if expiry is None:
            return bool(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
        return bool(expiry == 0)

    # -- lifecycle ---------------------------------------------------------------

    def flush(self) -> None:
        """Delete the data and the stored session, and forget the key (logout)."""
        self.clear()
        self.delete()
        self._session_key = None

    async def aflush(self) -> None:
        self.clear()
        await self.adelete()
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

    async def acycle_key(self) -> None:
        data = await self._aget_session()
        key = self.session_key
        await self.acreate()
        self._session_cache = data
        if key:
            await self.adelete(key)

    # -- what engines implement ------------------------------------------------

    def _not_implemented(self, method: str) -> NotImplementedError:
        return NotImplementedError(
            f"subclasses of SessionBase must provide {method}() method "
            f"({type(self).__name__} does not)"
        )

    def exists(self, session_key: str) -> bool:
        raise self._not_implemented("an exists")

    def create(self) -> None:
        """Start a new, empty session with a fresh key, saved at once."""
        raise self._not_implemented("a create")

    def save(self, must_create: bool = False) -> None:
        """Store the data; CreateError if ``must_create`` and the key is taken."""
        raise self._not_implemented("a save")

    def delete(self, session_key: str | None = None) -> None:
        """Remove a session (this one by default) from the store."""
        raise self._not_implemented("a delete")

    def load(self) -> dict[str, Any]:
        """The stored data of ``session_key``; ``{}`` if missing, expired or invalid."""
        raise self._not_implemented("a load")

    @classmethod
    def clear_expired(cls) -> None:
        """Remove expired sessions from the store (for a periodic job).

        An engine whose store cannot do it raises NotImplementedError; one whose
        store expires sessions itself does nothing.
        """
        raise NotImplementedError(
            f"This backend does not support clear_expired() ({cls.__name__} does not define it)."
        )

    # The async twins run the sync methods in a worker thread, so a blocking
    # store never stalls the event loop.

    async def aexists(self, session_key: str) -> bool:
        return await sync_to_async(self.exists)(session_key)

    async def acreate(self) -> None:
        await sync_to_async(self.create)()

    async def asave(self, must_create: bool = False) -> None:
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key: str | None = None) -> None:
        await sync_to_async(self.delete)(session_key)

    async def aload(self) -> dict[str, Any]:
        return await sync_to_async(self.load)()

    @classmethod
    async def aclear_expired(cls) -> None:
        await sync_to_async(cls.clear_expired)()


__all__ = ["VALID_KEY_CHARS", "CreateError", "SessionBase", "UpdateError"]

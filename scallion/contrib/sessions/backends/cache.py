"""Sessions in a cache (``SESSION_CACHE_ALIAS``, default ``"default"``).

Each session is one entry, ``KEY_PREFIX + session_key``, holding the session
data signed and serialized as every engine stores it (``SESSION_SERIALIZER``,
JSON by default), with the session's age as its timeout. So a value the other
engines refuse is refused here too, and an entry written into a shared cache by
something else is not taken for a session. With a shared cache (Redis) every
server sees every session; with the local-memory cache only one process does,
and with any cache an entry can be evicted, so a session can end early. For
sessions that must survive evictions use the Redis or file engines.
"""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from scallion.core.cache import caches

KEY_PREFIX = "scallion.contrib.sessions.cache"
#: How many fresh keys ``create()`` tries before deciding the cache is not storing.
CREATE_ATTEMPTS = 10000


class SessionStore(SessionBase):
    cache_key_prefix = KEY_PREFIX

    def __init__(self, session_key: str | None = None) -> None:
        self._cache = caches[settings.SESSION_CACHE_ALIAS]
        super().__init__(session_key)

    @property
    def cache_key(self) -> str:
        return self.cache_key_prefix + self._get_or_create_session_key()

    def load(self) -> dict[str, Any]:
        try:
            session_data = self._cache.get(self.cache_key)
        except Exception:
            # A key the backend refuses (memcached-like backends raise): a new session.
            session_data = None
        if isinstance(session_data, str):
            return self.decode(session_data)
        # Unknown or expired: do not adopt the key (it may be an attacker's).
        self._session_key = None
        return {}

    def create(self) -> None:
        # A cache can drop writes silently, so a failed add may be a collision or a
        # cache that stores nothing: retry a bounded number of times, then say so.
        for _attempt in range(CREATE_ATTEMPTS):
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return
        raise RuntimeError(
            "Unable to create a new session key. It is likely that the cache is unavailable."
        )

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            self.create()
            return
        if must_create:
            stored = self._cache.add(
                self.cache_key, self.encode(self._get_session(no_load=True)), self.get_expiry_age()
            )
            if not stored:
                raise CreateError
            return
        if self._cache.get(self.cache_key) is None:
            # Deleted meanwhile (a logout elsewhere): not brought back.
            raise UpdateError
        self._cache.set(self.cache_key, self.encode(self._get_session()), self.get_expiry_age())

    def exists(self, session_key: str) -> bool:
        return bool(session_key) and (self.cache_key_prefix + session_key) in self._cache

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache.delete(self.cache_key_prefix + session_key)

    @classmethod
    def clear_expired(cls) -> None:
        # The cache expires entries by their timeout.
        pass


__all__ = ["CREATE_ATTEMPTS", "KEY_PREFIX", "SessionStore"]

"""Sessions in Redis (redis-py): shared by every server, revocable, expiring by TTL.

Each session is one string key, ``SESSION_REDIS_KEY_PREFIX + session_key``,
holding the signed JSON data, with a TTL equal to the session's age
(``SESSION_COOKIE_AGE`` or ``set_expiry``), so Redis drops expired sessions
itself. Keys are created with ``SET NX`` (no two sessions share a key) and
updated with ``SET XX``: a session deleted by another request while this one
ran (a logout elsewhere) is not written back; the middleware answers 400
(SessionInterrupted) instead of resurrecting it.

One connection pool per ``SESSION_REDIS_URL`` is made on first use.
"""

from __future__ import annotations

import threading
from typing import Any

from scallion.conf import settings
from scallion.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from scallion.core.exceptions import ImproperlyConfigured

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def get_redis_client(url: str | None = None) -> Any:
    """The shared ``redis.Redis`` for ``url`` (default ``SESSION_REDIS_URL``)."""
    url = url or settings.SESSION_REDIS_URL
    assert url is not None
    client = _clients.get(url)
    if client is None:
        try:
            import redis
        except ImportError:
            raise ImproperlyConfigured(
                "SESSION_ENGINE is the Redis backend, but the redis package is not "
                "installed: pip install 'scallion[redis]' (or redis>=5)."
            ) from None
        with _clients_lock:
            client = _clients.get(url)
            if client is None:
                client = redis.Redis.from_url(url)
                _clients[url] = client
    return client


class SessionStore(SessionBase):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = get_redis_client()
        return self._client

    @property
    def key_prefix(self) -> str:
        prefix: str = settings.SESSION_REDIS_KEY_PREFIX
        return prefix

    def _key(self, session_key: str) -> str:
        return self.key_prefix + session_key

    def load(self) -> dict[str, Any]:
        assert self.session_key is not None
        data = self.client.get(self._key(self.session_key))
        if data is None:
            # Unknown or expired key: do not adopt it (it may be an attacker's).
            self._session_key = None
            return {}
        return self.decode(data.decode("ascii"))

    def exists(self, session_key: str) -> bool:
        return bool(self.client.exists(self._key(session_key)))

    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue  # a key collision: draw again
            self.modified = True
            return

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            self.create()
            return
        key = self._key(self.session_key)
        data = self.encode(self._get_session(no_load=must_create))
        ttl = self.get_expiry_age()
        if ttl <= 0:
            # Already expired (set_expiry in the past): nothing worth keeping.
            self.client.delete(key)
            return
        if must_create:
            if not self.client.set(key, data, ex=ttl, nx=True):
                raise CreateError
        elif not self.client.set(key, data, ex=ttl, xx=True):
            raise UpdateError

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.client.delete(self._key(session_key))

    @classmethod
    def clear_expired(cls) -> None:
        # Redis expires keys by their TTL.
        pass


__all__ = ["SessionStore", "get_redis_client"]

"""Sessions kept entirely in a signed cookie: nothing stored on any server.

Any number of servers can serve a client as long as they share SECRET_KEY. The
data is readable by the client (signed, not encrypted: keep secrets out of
it), limited by the ~4 kB browsers allow per cookie, and a "deleted" session
cannot be revoked server-side: a copy of an old cookie stays valid until its
signature is older than SESSION_COOKIE_AGE.
"""

from __future__ import annotations

from typing import Any

from scallion.contrib.sessions.backends.base import SessionBase, suspicious_logger
from scallion.core import signing

#: Django's salt: a session cookie Django signed verifies here (same SECRET_KEY).
_SALT = "django.contrib.sessions.backends.signed_cookies"


class SessionStore(SessionBase):
    def load(self) -> dict[str, Any]:
        """The data signed into the cookie (the "key"); a new session if invalid."""
        assert self.session_key is not None
        try:
            data: dict[str, Any] = signing.loads(
                self.session_key,
                serializer=self.serializer,
                max_age=self.get_session_cookie_age(),
                salt=_SALT,
            )
            return data
        except signing.SignatureExpired:
            pass
        except signing.BadSignature:
            suspicious_logger.warning("Session cookie signature mismatch; starting a new session")
        except Exception:
            suspicious_logger.warning("Session cookie undecodable; starting a new session")
        self.create()
        return {}

    def create(self) -> None:
        # The cookie will be rewritten with the (new, empty) data.
        self.modified = True

    def save(self, must_create: bool = False) -> None:
        # The "key" is the signed data itself.
        self._session_key = self._get_session_key()
        self.modified = True

    def exists(self, session_key: str | None = None) -> bool:
        # Every signed blob is unique; no store to collide in.
        return False

    def delete(self, session_key: str | None = None) -> None:
        self._session_key = ""
        self._session_cache = {}
        self.modified = True

    def cycle_key(self) -> None:
        # A new signature (with a new timestamp) is the new key.
        self.save()

    def _get_session_key(self) -> str:
        return signing.dumps(self._session, compress=True, salt=_SALT, serializer=self.serializer)

    @classmethod
    def clear_expired(cls) -> None:
        pass


__all__ = ["SessionStore"]

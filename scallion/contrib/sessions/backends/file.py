"""Sessions as files in ``SESSION_FILE_PATH`` (default: the system temp directory).

One file per session, named ``SESSION_COOKIE_NAME + key``, written atomically
(a temporary file renamed over the old one). Expiry is judged from the file's
modification time. Suits a single server; several servers need a shared
directory, where Redis is the better choice.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from typing import Any

from scallion.conf import settings
from scallion.contrib.sessions.backends.base import (
    VALID_KEY_CHARS,
    CreateError,
    SessionBase,
    UpdateError,
)
from scallion.contrib.sessions.exceptions import InvalidSessionKey
from scallion.core.exceptions import ImproperlyConfigured, SuspiciousOperation

_VALID = frozenset(VALID_KEY_CHARS)


class SessionStore(SessionBase):
    # The checked directory, and the SESSION_FILE_PATH it was found from: it is
    # checked once per value of the setting, not on every request. PERF: stack.
    _storage_path: str
    _storage_path_setting: Any = None

    def __init__(self, session_key: str | None = None) -> None:
        self.storage_path = self._get_storage_path()
        self.file_prefix: str = settings.SESSION_COOKIE_NAME
        super().__init__(session_key)

    @classmethod
    def _get_storage_path(cls) -> str:
        """``SESSION_FILE_PATH`` (default: the temp directory), which must be a directory."""
        configured = settings.SESSION_FILE_PATH
        try:
            if cls._storage_path_setting == configured:
                return cls._storage_path
        except AttributeError:
            pass  # never checked, or forgotten (``del SessionStore._storage_path``)
        path = str(configured or tempfile.gettempdir())
        if not os.path.isdir(path):
            raise ImproperlyConfigured(
                f"The session storage path {path!r} doesn't exist. Please set your "
                "SESSION_FILE_PATH setting to an existing directory in which scallion can "
                "store session data."
            )
        cls._storage_path = path
        cls._storage_path_setting = configured
        return path

    def _key_to_file(self, session_key: str | None = None) -> str:
        if session_key is None:
            session_key = self._get_or_create_session_key()
        # The key comes from a cookie: only a-z0-9, so it cannot name another path.
        if not _VALID.issuperset(session_key):
            raise InvalidSessionKey("Invalid characters in session key")
        return os.path.join(self.storage_path, self.file_prefix + session_key)

    def _last_modification(self) -> datetime.datetime:
        modification = os.stat(self._key_to_file()).st_mtime
        return datetime.datetime.fromtimestamp(modification, datetime.UTC)

    def _expired(self, session_data: dict[str, Any]) -> bool:
        # Aware and naive expiry dates alike: an expiry set under either USE_TZ counts.
        expiry_age = self.get_expiry_age(
            modification=datetime.datetime.now(datetime.UTC),
            expiry=self._expiry_date(session_data),
        )
        return expiry_age <= 0

    def _expiry_date(self, session_data: dict[str, Any]) -> datetime.datetime:
        return self.get_expiry_date(
            modification=self._last_modification(), expiry=session_data.get("_session_expiry")
        )

    def load(self) -> dict[str, Any]:
        session_data: dict[str, Any] = {}
        try:
            with open(self._key_to_file(), encoding="ascii") as session_file:
                file_data = session_file.read()
            if file_data:
                session_data = self.decode(file_data)
                if self._expired(session_data):
                    session_data = {}
                    self.delete()
                    self.create()
            else:
                self.create()
        except (OSError, SuspiciousOperation, UnicodeDecodeError):
            self._session_key = None
        return session_data

    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            self.create()
            return
        session_data = self._get_session(no_load=must_create)
        session_file_name = self._key_to_file()
        flags = os.O_WRONLY | getattr(os, "O_BINARY", 0)
        if must_create:
            flags |= os.O_EXCL | os.O_CREAT
        try:
            # Claims the name (must_create) or proves the session still exists.
            fd = os.open(session_file_name, flags, 0o600)
            os.close(fd)
        except FileNotFoundError:
            raise UpdateError from None
        except FileExistsError:
            raise CreateError from None
        directory, prefix = os.path.split(session_file_name)
        output_fd, output_path = tempfile.mkstemp(dir=directory, prefix=prefix + "_out_")
        renamed = False
        try:
            with os.fdopen(output_fd, "w", encoding="ascii") as output:
                output.write(self.encode(session_data))
            os.replace(output_path, session_file_name)
            renamed = True
        finally:
            if not renamed:
                os.unlink(output_path)

    def exists(self, session_key: str) -> bool:
        return os.path.exists(self._key_to_file(session_key))

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            os.unlink(self._key_to_file(session_key))
        except OSError:
            pass

    @classmethod
    def clear_expired(cls) -> None:
        storage_path = cls._get_storage_path()
        file_prefix: str = settings.SESSION_COOKIE_NAME
        for name in os.listdir(storage_path):
            if not name.startswith(file_prefix):
                continue
            session_key = name.removeprefix(file_prefix)
            if not session_key or not _VALID.issuperset(session_key):
                continue  # temporary files and strangers
            session = cls(session_key)
            # load() deletes an expired session; recreate nothing afterwards.
            session.create = lambda: None  # type: ignore[method-assign]
            session.load()


__all__ = ["SessionStore"]

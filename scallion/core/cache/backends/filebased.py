"""``FileBasedCache``: one file per entry in the ``LOCATION`` directory.

Each file is named by the MD5 of the stored key and holds the expiry (pickled)
then the value (pickled, zlib-compressed). Writes go to a temporary file in the
same directory that is then renamed over the entry, so a reader sees the old
entry or the new one, never half of one. The directory is kept to
``MAX_ENTRIES`` files by deleting a random ``1/CULL_FREQUENCY`` of them when
full.

An entry that cannot be read back (truncated by a full disk, written by
something else) is a miss, and its file is removed: the cache is only a copy.
Pickles are loaded from these files, so the directory must be writable by
this application alone (``scallion check`` warns when it lies inside
``MEDIA_ROOT``, ``STATIC_ROOT`` or ``STATICFILES_DIRS``).
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import pickle
import random
import tempfile
import time
import zlib
from collections.abc import Mapping
from typing import IO, Any

from scallion.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger("scallion.cache")

# What reading a damaged entry can raise, short of I/O errors (which propagate).
_DAMAGED = (
    EOFError,
    pickle.UnpicklingError,
    zlib.error,
    ValueError,
    TypeError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
)


class FileBasedCache(BaseCache):
    cache_suffix = ".djcache"
    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, dir: str | os.PathLike[str], params: Mapping[str, Any]) -> None:
        super().__init__(params)
        self._dir = os.path.abspath(dir)
        self._createdir()

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        if self.has_key(key, version):
            return False
        self.set(key, value, timeout, version)
        return True

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return self._read_value(f)
        except FileNotFoundError:
            pass
        except _Damaged:
            pass
        return default

    def _read_value(self, f: IO[bytes]) -> Any:
        try:
            return pickle.loads(zlib.decompress(f.read()))
        except _DAMAGED as exc:
            self._discard_damaged(f, exc)
            raise _Damaged from exc

    def _discard_damaged(self, f: IO[bytes], exc: BaseException) -> None:
        logger.warning(
            "Cache file %s could not be read (%s: %s); treated as a miss and removed.",
            f.name,
            type(exc).__name__,
            exc,
        )
        f.close()
        self._delete(str(f.name))

    def _write_content(self, file: IO[bytes], timeout: Any, value: Any) -> None:
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._createdir()  # the directory may have been removed meanwhile
        fname = self._key_to_file(key, version)
        self._cull()
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        renamed = False
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            os.replace(tmp_path, fname)
            renamed = True
        finally:
            if not renamed:
                os.remove(tmp_path)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        # Rewritten whole (read, then an atomic replace), so a reader never sees
        # a half-written expiry.
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if self._is_expired(f):
                    return False
                value = self._read_value(f)
        except (FileNotFoundError, _Damaged):
            return False
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        renamed = False
        try:
            with open(fd, "wb") as out:
                self._write_content(out, timeout, value)
            os.replace(tmp_path, fname)
            renamed = True
        finally:
            if not renamed:
                os.remove(tmp_path)
        return True

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._delete(self._key_to_file(key, version))

    def _delete(self, fname: str) -> bool:
        if not fname.startswith(self._dir) or not os.path.exists(fname):
            return False
        try:
            os.remove(fname)
        except FileNotFoundError:
            return False  # another process removed it first
        return True

    def has_key(self, key: Any, version: int | None = None) -> bool:
        # The value is read too: a damaged entry is absent (so add() replaces it).
        return self.get(key, self._missing_key, version) is not self._missing_key

    def _cull(self) -> None:
        filelist = self._list_cache_files()
        num_entries = len(filelist)
        if num_entries < self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        for fname in random.sample(filelist, int(num_entries / self._cull_frequency)):
            self._delete(fname)

    def _createdir(self) -> None:
        # Every missing level gets 0o700, not only the last (os.makedirs applies
        # its mode to the leaf alone), whatever the umask.
        missing = []
        path = self._dir
        while not os.path.isdir(path):
            missing.append(path)
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent
        for directory in reversed(missing):
            try:
                os.mkdir(directory, 0o700)
            except FileExistsError:
                continue  # another process made it meanwhile
            os.chmod(directory, 0o700)

    def _key_to_file(self, key: Any, version: int | None = None) -> str:
        """The path of the file holding ``key``: the MD5 of the stored key, plus the suffix."""
        key = self.make_and_validate_key(key, version=version)
        digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
        return os.path.join(self._dir, digest + self.cache_suffix)

    def clear(self) -> None:
        for fname in self._list_cache_files():
            self._delete(fname)

    def _is_expired(self, f: IO[bytes]) -> bool:
        """Whether the open entry ``f`` has expired (it is then deleted)."""
        try:
            expiry = pickle.load(f)
        except EOFError:
            expiry = 0  # an empty file counts as expired
        except _DAMAGED as exc:
            self._discard_damaged(f, exc)
            raise _Damaged from exc
        if not (expiry is None or isinstance(expiry, int | float)):
            self._discard_damaged(f, TypeError(f"expiry {expiry!r} is not a timestamp"))
            raise _Damaged
        if expiry is not None and expiry < time.time():
            f.close()
            self._delete(str(f.name))
            return True
        return False

    def _list_cache_files(self) -> list[str]:
        return [
            os.path.join(self._dir, fname)
            for fname in glob.glob(f"*{self.cache_suffix}", root_dir=self._dir)
        ]


class _Damaged(Exception):
    """An entry that could not be decoded (already logged and removed)."""


__all__ = ["FileBasedCache"]

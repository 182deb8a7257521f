"""``Storage``: the interface every file storage implements (Django's API).

A storage names files with ``/``-separated relative names. ``save`` picks a
free name (never overwriting unless the storage allows it) and validates it
before and after, so a name from a user can never escape the storage.
"""

from __future__ import annotations

import os
import pathlib
from datetime import datetime
from typing import Any

from scallion.core.exceptions import SuspiciousFileOperation
from scallion.core.files.base import File
from scallion.core.files.utils import validate_file_name
from scallion.utils.crypto import get_random_string
from scallion.utils.text import get_valid_filename


class Storage:
    """A place to keep files; subclasses implement the underscore methods and the queries."""

    def open(self, name: str, mode: str = "rb") -> File:
        """The stored file ``name``, opened."""
        return self._open(name, mode)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        """Store ``content`` (a ``File`` or a file-like object) under a free name; return it."""
        if name is None:
            name = content.name
        if not hasattr(content, "chunks"):
            content = File(content, name)
        assert name is not None
        # Validated before and after get_available_name(), which a subclass may override.
        validate_file_name(name, allow_relative_path=True)
        name = self.get_available_name(name, max_length=max_length)
        validate_file_name(name, allow_relative_path=True)
        name = self._save(name, content)
        validate_file_name(name, allow_relative_path=True)
        return name

    def is_name_available(self, name: str, max_length: int | None = None) -> bool:
        too_long = bool(max_length and len(name) > max_length)
        return not self.exists(name) and not too_long

    def get_valid_name(self, name: str) -> str:
        """``name`` made safe as a file name (what ``get_valid_filename`` keeps)."""
        return get_valid_filename(name)

    def get_alternative_name(self, file_root: str, file_ext: str) -> str:
        """``root_<7 random characters><ext>``: a new name when ``root<ext>`` is taken."""
        return f"{file_root}_{get_random_string(7)}{file_ext}"

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        """``name``, or an alternative of it that is free (and fits ``max_length``)."""
        name = str(name).replace("\\", "/")
        dir_name, file_name = os.path.split(name)
        if ".." in pathlib.PurePath(dir_name).parts:
            raise SuspiciousFileOperation(f"Detected path traversal attempt in '{dir_name}'")
        validate_file_name(file_name)
        file_ext = "".join(pathlib.PurePath(file_name).suffixes)
        file_root = file_name.removesuffix(file_ext)
        while not self.is_name_available(name, max_length=max_length):
            name = os.path.join(dir_name, self.get_alternative_name(file_root, file_ext))
            if max_length is None:
                continue
            truncation = len(name) - max_length
            if truncation > 0:
                file_root = file_root[:-truncation]
                if not file_root:
                    raise SuspiciousFileOperation(
                        f'Storage can not find an available filename for "{name}". Please make '
                        'sure that the corresponding file field allows sufficient "max_length".'
                    )
                name = os.path.join(dir_name, self.get_alternative_name(file_root, file_ext))
        return name

    def generate_filename(self, filename: str) -> str:
        """``filename`` with a valid file name (its folders kept), ready for ``save``."""
        filename = str(filename).replace("\\", "/")
        dirname, filename = os.path.split(filename)
        if ".." in pathlib.PurePath(dirname).parts:
            raise SuspiciousFileOperation(f"Detected path traversal attempt in '{dirname}'")
        return os.path.normpath(os.path.join(dirname, self.get_valid_name(filename)))

    def path(self, name: str) -> str:
        """The local file-system path of ``name``, for storages that have one."""
        raise NotImplementedError("This backend doesn't support absolute paths.")

    # What a subclass must provide.

    def _open(self, name: str, mode: str = "rb") -> File:
        raise NotImplementedError("subclasses of Storage must provide an _open() method")

    def _save(self, name: str, content: Any) -> str:
        raise NotImplementedError("subclasses of Storage must provide a _save() method")

    def delete(self, name: str) -> None:
        raise NotImplementedError("subclasses of Storage must provide a delete() method")

    def exists(self, name: str) -> bool:
        raise NotImplementedError("subclasses of Storage must provide an exists() method")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        """``(folders, files)`` directly under ``path``."""
        raise NotImplementedError("subclasses of Storage must provide a listdir() method")

    def size(self, name: str) -> int:
        raise NotImplementedError("subclasses of Storage must provide a size() method")

    def url(self, name: str) -> str:
        raise NotImplementedError("subclasses of Storage must provide a url() method")

    def get_accessed_time(self, name: str) -> datetime:
        raise NotImplementedError("subclasses of Storage must provide a get_accessed_time() method")

    def get_created_time(self, name: str) -> datetime:
        raise NotImplementedError("subclasses of Storage must provide a get_created_time() method")

    def get_modified_time(self, name: str) -> datetime:
        """When ``name`` last changed (aware, in UTC, when ``USE_TZ``)."""
        raise NotImplementedError("subclasses of Storage must provide a get_modified_time() method")

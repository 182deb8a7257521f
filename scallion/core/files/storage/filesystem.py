"""``FileSystemStorage``: files in a folder (``MEDIA_ROOT`` unless told otherwise).

Names are joined to the location with ``safe_join``, so no name reaches
outside it. A file is created with ``O_EXCL`` (and locked while written): two
saves of one name never overwrite each other unless ``allow_overwrite``.
Settings read as defaults (``MEDIA_ROOT``, ``MEDIA_URL``, the upload
permissions) are read again after they change.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from scallion.conf import settings
from scallion.core.files import locks
from scallion.core.files.base import File
from scallion.core.files.move import file_move_safe
from scallion.core.files.storage.base import Storage
from scallion.core.signals import setting_changed
from scallion.utils._os import safe_join, safe_makedirs
from scallion.utils.encoding import filepath_to_uri

#: Which cached property each setting feeds.
_FROM_SETTING = {
    "MEDIA_ROOT": ("base_location", "location"),
    "MEDIA_URL": ("base_url",),
    "FILE_UPLOAD_PERMISSIONS": ("file_permissions_mode",),
    "FILE_UPLOAD_DIRECTORY_PERMISSIONS": ("directory_permissions_mode",),
}


class StorageSettingsMixin:
    """Forget a value taken from a setting when that setting changes."""

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        for name in _FROM_SETTING.get(setting, ()):
            self.__dict__.pop(name, None)

    def _value_or_setting(self, value: Any, setting: Any) -> Any:
        return setting if value is None else value


class FileSystemStorage(Storage, StorageSettingsMixin):
    """Files under ``location``, served under ``base_url``."""

    def __init__(
        self,
        location: str | os.PathLike[str] | None = None,
        base_url: str | None = None,
        file_permissions_mode: int | None = None,
        directory_permissions_mode: int | None = None,
        allow_overwrite: bool = False,
    ) -> None:
        self._location = location
        self._base_url = base_url
        self._file_permissions_mode = file_permissions_mode
        self._directory_permissions_mode = directory_permissions_mode
        self._allow_overwrite = allow_overwrite
        setting_changed.connect(self._clear_cached_properties)

    @cached_property
    def base_location(self) -> Any:
        return self._value_or_setting(self._location, settings.MEDIA_ROOT)

    @cached_property
    def location(self) -> Any:
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self) -> Any:
        if self._base_url is not None and not self._base_url.endswith("/"):
            self._base_url += "/"
        return self._value_or_setting(self._base_url, settings.MEDIA_URL)

    @cached_property
    def file_permissions_mode(self) -> Any:
        return self._value_or_setting(self._file_permissions_mode, settings.FILE_UPLOAD_PERMISSIONS)

    @cached_property
    def directory_permissions_mode(self) -> Any:
        return self._value_or_setting(
            self._directory_permissions_mode, settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS
        )

    def _open(self, name: str, mode: str = "rb") -> File:
        return File(open(self.path(name), mode))

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            if self.directory_permissions_mode is not None:
                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
        except FileExistsError:
            raise FileExistsError(f"{directory} exists and is not a directory.") from None
        # Another thread may take the name between get_available_name() and here:
        # create with O_EXCL, and on a clash pick another name.
        while True:
            try:
                if hasattr(content, "temporary_file_path"):
                    file_move_safe(
                        content.temporary_file_path(),
                        full_path,
                        allow_overwrite=self._allow_overwrite,
                    )
                else:
                    self._write_chunks(full_path, content)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
            else:
                break
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _write_chunks(self, full_path: str, content: Any) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        if self._allow_overwrite:
            flags = (flags & ~os.O_EXCL) | os.O_TRUNC
        fd = os.open(full_path, flags, 0o666)
        out = None
        try:
            locks.lock(fd, locks.LOCK_EX)
            for chunk in content.chunks():
                if out is None:
                    out = os.fdopen(fd, "wb" if isinstance(chunk, bytes) else "wt")
                out.write(chunk)
        finally:
            locks.unlock(fd)
            if out is not None:
                out.close()
            else:
                os.close(fd)

    def _ensure_location_group_id(self, full_path: str) -> None:
        """Give the file the group of the storage's folder (as a shared upload folder expects)."""
        if os.name != "posix":
            return
        location_gid = os.stat(self.location).st_gid
        if os.stat(full_path).st_gid != location_gid:
            try:
                os.chown(full_path, uid=-1, gid=location_gid)
            except PermissionError:
                pass

    def delete(self, name: str) -> None:
        if not name:
            raise ValueError("The name must be given to delete().")
        path = self.path(name)
        try:
            if os.path.isdir(path):
                os.rmdir(path)
            else:
                os.remove(path)
        except FileNotFoundError:
            pass  # removed meanwhile

    def is_name_available(self, name: str, max_length: int | None = None) -> bool:
        if self._allow_overwrite:
            return not (max_length and len(name) > max_length)
        return super().is_name_available(name, max_length=max_length)

    def get_alternative_name(self, file_root: str, file_ext: str) -> str:
        if self._allow_overwrite:
            return f"{file_root}{file_ext}"
        return super().get_alternative_name(file_root, file_ext)

    def exists(self, name: str) -> bool:
        return os.path.lexists(self.path(name))

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        directories: list[str] = []
        files: list[str] = []
        with os.scandir(self.path(path)) as entries:
            for entry in entries:
                (directories if entry.is_dir() else files).append(entry.name)
        return directories, files

    def path(self, name: str) -> str:
        return safe_join(self.location, name)

    def size(self, name: str) -> int:
        return os.path.getsize(self.path(name))

    def url(self, name: str | None) -> str:
        if self.base_url is None:
            raise ValueError("This file is not accessible via a URL.")
        url = filepath_to_uri(name)
        if url is not None:
            url = url.lstrip("/")
        joined: str = urljoin(self.base_url, url)
        return joined

    def _datetime_from_timestamp(self, ts: float) -> datetime:
        """Aware (UTC) with ``USE_TZ``, else naive local time."""
        return datetime.fromtimestamp(ts, tz=UTC if settings.USE_TZ else None)

    def get_accessed_time(self, name: str) -> datetime:
        return self._datetime_from_timestamp(os.path.getatime(self.path(name)))

    def get_created_time(self, name: str) -> datetime:
        return self._datetime_from_timestamp(os.path.getctime(self.path(name)))

    def get_modified_time(self, name: str) -> datetime:
        return self._datetime_from_timestamp(os.path.getmtime(self.path(name)))

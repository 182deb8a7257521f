"""``file_move_safe``: move a file, falling back to a locked copy across file systems."""

from __future__ import annotations

import os
from shutil import copymode, copystat

from scallion.core.files import locks


def file_move_safe(
    old_file_name: str,
    new_file_name: str,
    chunk_size: int = 1024 * 64,
    allow_overwrite: bool = False,
) -> None:
    """Move ``old_file_name`` to ``new_file_name``; ``FileExistsError`` if it exists and may not
    be overwritten. A rename when possible, else a copy (locked) and a removal."""
    try:
        if os.path.samefile(old_file_name, new_file_name):
            return
    except OSError:
        pass
    if not allow_overwrite and os.access(new_file_name, os.F_OK):
        raise FileExistsError(
            f"Destination file {new_file_name} exists and allow_overwrite is False."
        )
    try:
        os.rename(old_file_name, new_file_name)
        return
    except OSError:
        pass  # another file system: copy instead
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if allow_overwrite else os.O_EXCL)
    with open(old_file_name, "rb") as old_file:
        fd = os.open(new_file_name, flags)
        try:
            locks.lock(fd, locks.LOCK_EX)
            while chunk := old_file.read(chunk_size):
                os.write(fd, chunk)
        finally:
            locks.unlock(fd)
            os.close(fd)
    try:
        copystat(old_file_name, new_file_name)
    except PermissionError:
        try:
            copymode(old_file_name, new_file_name)
        except PermissionError:
            pass
    os.remove(old_file_name)

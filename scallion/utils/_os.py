"""File-system helpers with Django's names: joining paths safely, making folders with a mode."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from scallion.core.exceptions import SuspiciousFileOperation


def safe_join(base: str | os.PathLike[str], *paths: str | os.PathLike[str]) -> str:
    """``base`` joined with ``paths``, absolute and normalised; it must stay inside ``base``.

    Raises ``SuspiciousFileOperation`` when the result is outside ``base``
    (``..`` segments, an absolute path), so a name from a request or an upload
    can never reach another folder.
    """
    final_path = os.path.abspath(os.path.join(base, *paths))
    base_path = os.path.abspath(base)
    normal_final = os.path.normcase(final_path)
    normal_base = os.path.normcase(base_path)
    if (
        not normal_final.startswith(normal_base + os.sep)
        and normal_final != normal_base
        and os.path.dirname(normal_base) != normal_base  # the base is the root itself
    ):
        raise SuspiciousFileOperation(
            f"The joined path ({final_path}) is located outside of the base path component "
            f"({base_path})"
        )
    return final_path


def safe_makedirs(name: str | os.PathLike[str], mode: int = 0o777, exist_ok: bool = False) -> None:
    """``os.makedirs`` with ``mode`` applied to every folder it creates, despite the umask."""
    head, tail = os.path.split(os.fspath(name))
    if not tail:
        head, tail = os.path.split(head)
    if head and tail and not os.path.exists(head):
        try:
            safe_makedirs(head, mode, exist_ok=exist_ok)
        except FileExistsError:
            pass  # another thread made it meanwhile
        if tail == os.curdir:
            return
    try:
        os.mkdir(name, mode)
        # mkdir's mode is masked by the umask: set the mode asked for.
        os.chmod(name, mode)
    except OSError:
        if not exist_ok or not os.path.isdir(name):
            raise


def symlinks_supported() -> bool:
    """True if this platform and user may create symbolic links."""
    with tempfile.TemporaryDirectory() as folder:
        original = os.path.join(folder, "original")
        symlink = os.path.join(folder, "symlink")
        os.makedirs(original)
        try:
            os.symlink(original, symlink)
        except (OSError, NotImplementedError):
            return False
        return True


def to_path(value: str | Path) -> Path:
    """``value`` as a ``Path`` (a ``str`` is converted; anything else is refused)."""
    if isinstance(value, Path):
        return value
    if not isinstance(value, str):
        raise TypeError(f"Invalid path type: {type(value).__name__}")
    return Path(value)

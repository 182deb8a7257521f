"""Advisory file locks (``fcntl.flock``), with Django's names: ``lock``, ``unlock``, ``LOCK_EX``."""

from __future__ import annotations

import fcntl
from typing import IO, Any

LOCK_EX = fcntl.LOCK_EX
LOCK_SH = fcntl.LOCK_SH
LOCK_NB = fcntl.LOCK_NB


def _fd(f: IO[Any] | int) -> int:
    return f if isinstance(f, int) else f.fileno()


def lock(f: IO[Any] | int, flags: int) -> bool:
    """Lock ``f`` (a file or a descriptor); False when ``LOCK_NB`` finds it taken."""
    try:
        fcntl.flock(_fd(f), flags)
    except BlockingIOError:
        return False
    return True


def unlock(f: IO[Any] | int) -> bool:
    fcntl.flock(_fd(f), fcntl.LOCK_UN)
    return True

"""Uploaded file names: what a client may send, and what reaches the application.

A file name from a request is attacker-controlled. Before the application sees it,
it loses any directory part (``../../etc/passwd``, ``C:\\boot.ini``), control
characters (a NUL truncates names in C libraries; CR/LF forge log lines), and
anything beyond 255 characters (the common file-system limit), while keeping the
extension so that type sniffing by name still works.
"""

from __future__ import annotations

import html
import os
from typing import Any

from scallion.core.exceptions import SuspiciousFileOperation

MAX_FILE_NAME_LENGTH = 255

# C0 controls and DEL; removed rather than replaced, as browsers never send them.
_CONTROL_CHARS = dict.fromkeys([*range(0x20), 0x7F])


def base_name(name: str) -> str:
    """The last path component, for both POSIX and Windows separators.

    ``os.path.basename`` alone would keep ``..\\x`` intact on POSIX.
    """
    return name.rpartition("/")[2].rpartition("\\")[2]


def cap_file_name(name: str, max_length: int = MAX_FILE_NAME_LENGTH) -> str:
    """``name`` cut to ``max_length`` characters, keeping its extension when it fits."""
    if len(name) <= max_length:
        return name
    stem, ext = os.path.splitext(name)
    ext = ext[:max_length]
    return stem[: max_length - len(ext)] + ext


def sanitize_upload_name(name: str | None) -> str | None:
    """A safe base name for an uploaded file, or None when nothing usable is left.

    None tells the multipart parser to treat the part as "no file selected", which
    is also what a browser sends as ``filename=""``.
    """
    if name is None:
        return None
    # Some clients send non-Latin names as HTML character references.
    name = html.unescape(name)
    name = base_name(name).translate(_CONTROL_CHARS).strip()
    if name in {"", ".", ".."}:
        return None
    return cap_file_name(name)


def validate_file_name(name: str, allow_relative_path: bool = False) -> str:
    """``name`` unchanged if it is a plain file name; SuspiciousFileOperation otherwise.

    With ``allow_relative_path`` a relative path without ``..`` parts is accepted.
    """
    if os.path.basename(name) in {"", ".", ".."}:
        raise SuspiciousFileOperation(f"Could not derive file name from {name!r}")
    if allow_relative_path:
        parts = name.replace("\\", "/").split("/")
        if os.path.isabs(name) or name.startswith("\\") or ".." in parts:
            raise SuspiciousFileOperation(f"Detected path traversal attempt in {name!r}")
    elif name != base_name(name):
        raise SuspiciousFileOperation(f"File name {name!r} includes path elements")
    return name


def buffered_size(stream: Any) -> int | None:
    """The bytes left in ``stream`` if it is a seekable file, else None.

    A server's stream (WSGI's ``LimitedStream``, the ASGI channel) is not
    seekable: its size is what the Content-Length says, enforced as it is read.
    """
    seekable = getattr(stream, "seekable", None)
    if seekable is None or not seekable():
        return None
    position: int = stream.tell()
    end: int = stream.seek(0, os.SEEK_END)
    stream.seek(position)
    return end - position

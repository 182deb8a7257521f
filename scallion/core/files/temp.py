"""Temporary files that can be opened again by name: ``NamedTemporaryFile``, ``gettempdir``.

On POSIX the standard library's ``NamedTemporaryFile`` already allows it; the
names are Django's so that ported code importing them keeps working.
"""

from __future__ import annotations

import tempfile

NamedTemporaryFile = tempfile.NamedTemporaryFile
gettempdir = tempfile.gettempdir

__all__ = ["NamedTemporaryFile", "gettempdir"]

"""``_lazy_re_compile``: a regular expression compiled the first time it is used.

Modules define their patterns at import time; compiling them lazily keeps import
(and start-up) from paying for patterns a process never uses.
"""

from __future__ import annotations

import re
from typing import Any

from scallion.utils.functional import SimpleLazyObject


def _lazy_re_compile(regex: str | bytes | re.Pattern[Any], flags: int = 0) -> Any:
    """A lazy ``re.compile(regex, flags)``; a pattern already compiled is used as it is."""

    def compile_it() -> re.Pattern[Any]:
        if isinstance(regex, str | bytes):
            return re.compile(regex, flags)
        if flags:
            raise ValueError("flags must be empty if regex is passed pre-compiled")
        return regex

    return SimpleLazyObject(compile_it)


__all__ = ["_lazy_re_compile"]

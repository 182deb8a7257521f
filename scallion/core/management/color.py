"""Terminal colours: on for a TTY or when FORCE_COLOR is set, off for NO_COLOR.

Colour is decided per stream, once, so log lines written to a file or a pipe
(CI logs, ``| less``) stay plain text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any

_CODES = {
    "bold": "1",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
    "dim": "2",
}


def supports_color(stream: IO[Any]) -> bool:
    """Whether ANSI colours should be written to ``stream``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
    except ValueError:  # a closed stream
        return False


class Style:
    """Callables named after roles (``SUCCESS``, ``ERROR``...) that wrap text in colour."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def paint(self, text: str, *names: str) -> str:
        if not self.enabled or not names:
            return text
        codes = ";".join(_CODES[name] for name in names)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def _role(self, *names: str) -> Callable[[str], str]:
        return lambda text: self.paint(text, *names)

    @property
    def SUCCESS(self) -> Callable[[str], str]:
        return self._role("green")

    @property
    def WARNING(self) -> Callable[[str], str]:
        return self._role("yellow")

    @property
    def ERROR(self) -> Callable[[str], str]:
        return self._role("red", "bold")

    @property
    def NOTICE(self) -> Callable[[str], str]:
        return self._role("cyan")

    @property
    def DIM(self) -> Callable[[str], str]:
        return self._role("dim")

    @property
    def HEADING(self) -> Callable[[str], str]:
        return self._role("bold")


def make_style(stream: IO[Any]) -> Style:
    return Style(supports_color(stream))

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

    # Django's other role names, for commands ported from Django.
    @property
    def ERROR_OUTPUT(self) -> Callable[[str], str]:
        return self._role("red", "bold")

    @property
    def HTTP_INFO(self) -> Callable[[str], str]:
        return self._role()

    @property
    def HTTP_SUCCESS(self) -> Callable[[str], str]:
        return self._role()

    @property
    def HTTP_REDIRECT(self) -> Callable[[str], str]:
        return self._role("green")

    @property
    def HTTP_NOT_MODIFIED(self) -> Callable[[str], str]:
        return self._role("cyan")

    @property
    def HTTP_BAD_REQUEST(self) -> Callable[[str], str]:
        return self._role("red", "bold")

    @property
    def HTTP_NOT_FOUND(self) -> Callable[[str], str]:
        return self._role("yellow")

    @property
    def HTTP_SERVER_ERROR(self) -> Callable[[str], str]:
        return self._role("magenta", "bold")

    @property
    def MIGRATE_HEADING(self) -> Callable[[str], str]:
        return self._role("cyan", "bold")

    @property
    def MIGRATE_LABEL(self) -> Callable[[str], str]:
        return self._role("bold")

    @property
    def SQL_FIELD(self) -> Callable[[str], str]:
        return self._role("green", "bold")

    @property
    def SQL_COLTYPE(self) -> Callable[[str], str]:
        return self._role("green")

    @property
    def SQL_KEYWORD(self) -> Callable[[str], str]:
        return self._role("yellow")

    @property
    def SQL_TABLE(self) -> Callable[[str], str]:
        return self._role("bold")


def make_style(stream: IO[Any]) -> Style:
    """The style for ``stream``: coloured when it is a terminal (see ``supports_color``)."""
    return Style(supports_color(stream))


def color_style(force_color: bool = False, stream: IO[Any] | None = None) -> Style:
    """Django's name: the style for stdout (or ``stream``), coloured if forced or supported."""
    import sys

    return Style(force_color or supports_color(stream if stream is not None else sys.stdout))


def no_style() -> Style:
    """A style that leaves text as it is."""
    return Style(False)

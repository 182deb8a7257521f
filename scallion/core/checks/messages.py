"""Check results: a level, a message, a hint and a stable id such as ``security.W009``."""

from __future__ import annotations

from typing import Any

DEBUG = 10
INFO = 20
WARNING = 30
ERROR = 40
CRITICAL = 50

_LEVEL_NAMES = {
    DEBUG: "DEBUG",
    INFO: "INFO",
    WARNING: "WARNING",
    ERROR: "ERROR",
    CRITICAL: "CRITICAL",
}


class CheckMessage:
    """One finding. ``id`` is stable across releases so it can be silenced by name."""

    def __init__(
        self,
        level: int,
        msg: str,
        hint: str | None = None,
        obj: Any = None,
        id: str | None = None,
    ) -> None:
        if not isinstance(level, int):
            raise TypeError(
                "The first argument should be level. Pass an integer such as checks.ERROR "
                f"(got {level!r}), or use Error(msg), Warning(msg)..."
            )
        self.level = level
        self.msg = msg
        self.hint = hint
        self.obj = obj
        self.id = id

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return False
        return (self.level, self.msg, self.hint, self.obj, self.id) == (
            other.level,
            other.msg,
            other.hint,
            other.obj,
            other.id,
        )

    def __hash__(self) -> int:
        return hash((self.level, self.msg, self.hint, self.id))

    @property
    def level_name(self) -> str:
        return _LEVEL_NAMES.get(self.level, str(self.level))

    def is_serious(self, level: int = ERROR) -> bool:
        return self.level >= level

    def is_silenced(self) -> bool:
        from scallion.conf import settings

        return self.id in settings.SILENCED_SYSTEM_CHECKS

    def __str__(self) -> str:
        """``obj: (id) msg`` and the hint on a line of its own; ``?`` when there is no obj."""
        obj = "?" if self.obj is None else str(self.obj)
        ident = f"({self.id}) " if self.id else ""
        hint = f"\n\tHINT: {self.hint}" if self.hint else ""
        return f"{obj}: {ident}{self.msg}{hint}"

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}: level={self.level!r}, msg={self.msg!r}, "
            f"hint={self.hint!r}, obj={self.obj!r}, id={self.id!r}>"
        )


class Debug(CheckMessage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(DEBUG, *args, **kwargs)


class Info(CheckMessage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(INFO, *args, **kwargs)


class Warning(CheckMessage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(WARNING, *args, **kwargs)


class Error(CheckMessage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(ERROR, *args, **kwargs)


class Critical(CheckMessage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(CRITICAL, *args, **kwargs)


def console_text(message: CheckMessage) -> str:
    """``str(message)`` without the ``?: `` that stands for "no object" (for the console,
    where each line already starts with the level)."""
    text = str(message)
    return text.removeprefix("?: ") if message.obj is None else text

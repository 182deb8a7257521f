"""The script prefix (``SCRIPT_NAME``) of the current request, which ``reverse()`` prepends.

A module of its own, importing nothing of scallion's, so that settings (which
prefix a relative ``STATIC_URL``) can read it without depending on the URL
dispatcher.
"""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["clear_script_prefix", "get_script_prefix", "set_script_prefix"]

_script_prefix: ContextVar[str] = ContextVar("scallion_script_prefix", default="/")


def set_script_prefix(prefix: str) -> None:
    """Set the prefix ``reverse()`` puts in front of paths (SCRIPT_NAME), per request."""
    if not prefix.endswith("/"):
        prefix += "/"
    _script_prefix.set(prefix)


def get_script_prefix() -> str:
    return _script_prefix.get()


def clear_script_prefix() -> None:
    _script_prefix.set("/")

"""The messages API used by views: ``add_message`` and its per-level shortcuts."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages import constants


class MessageFailure(Exception):
    """A message was added to a request that has no message storage."""


def add_message(
    request: Any, level: int, message: Any, extra_tags: str = "", fail_silently: bool = False
) -> None:
    """Queue ``message`` for the user of ``request``."""
    try:
        messages = request._messages
    except AttributeError:
        if not hasattr(request, "META"):
            raise TypeError(
                f"add_message() argument must be an HttpRequest object, not "
                f"'{type(request).__name__}'."
            ) from None
        if not fail_silently:
            raise MessageFailure(
                "You cannot add messages without installing "
                "scallion.contrib.messages.middleware.MessageMiddleware "
                "(add it to MIDDLEWARE, after SessionMiddleware)."
            ) from None
        return
    messages.add(level, message, extra_tags)


def get_messages(request: Any) -> Any:
    """The request's message storage (iterate it to read and consume), or ``[]``."""
    storage = getattr(request, "_messages", None)
    if storage is None:
        return []
    # The caller may outlive the request (get_messages(client.get(url).wsgi_request)):
    # make the storage hold it (see BaseStorage._hold_request_weakly).
    if hasattr(storage, "_hold_request_weakly"):
        storage.request  # noqa: B018
    return storage


def get_level(request: Any) -> int:
    """The minimum level recorded for this request."""
    storage = getattr(request, "_messages", None)
    if storage is None:
        from scallion.contrib.messages.storage.base import default_level

        return default_level()
    level: int = storage.level
    return level


def set_level(request: Any, level: int | None) -> bool:
    """Set the minimum level recorded; False if the middleware is not installed."""
    if not hasattr(request, "_messages"):
        return False
    request._messages.level = level
    return True


def debug(request: Any, message: Any, extra_tags: str = "", fail_silently: bool = False) -> None:
    """Add a message at the ``DEBUG`` level (see :func:`add_message`)."""
    add_message(request, constants.DEBUG, message, extra_tags, fail_silently)


def info(request: Any, message: Any, extra_tags: str = "", fail_silently: bool = False) -> None:
    """Add a message at the ``INFO`` level (see :func:`add_message`)."""
    add_message(request, constants.INFO, message, extra_tags, fail_silently)


def success(request: Any, message: Any, extra_tags: str = "", fail_silently: bool = False) -> None:
    """Add a message at the ``SUCCESS`` level (see :func:`add_message`)."""
    add_message(request, constants.SUCCESS, message, extra_tags, fail_silently)


def warning(request: Any, message: Any, extra_tags: str = "", fail_silently: bool = False) -> None:
    """Add a message at the ``WARNING`` level (see :func:`add_message`)."""
    add_message(request, constants.WARNING, message, extra_tags, fail_silently)


def error(request: Any, message: Any, extra_tags: str = "", fail_silently: bool = False) -> None:
    """Add a message at the ``ERROR`` level (see :func:`add_message`)."""
    add_message(request, constants.ERROR, message, extra_tags, fail_silently)

"""One-time notifications ("Saved.") shown on the next page a user sees.

``messages.success(request, "Saved.")`` in a view; iterate ``messages`` (from
the context processor, or ``get_messages(request)``) in the next page. Needs
``MessageMiddleware``; storage is chosen by ``MESSAGE_STORAGE`` (cookie first,
then session, by default).
"""

from scallion.contrib.messages.api import (
    MessageFailure,
    add_message,
    debug,
    error,
    get_level,
    get_messages,
    info,
    set_level,
    success,
    warning,
)
from scallion.contrib.messages.constants import DEBUG, DEFAULT_LEVELS, ERROR, INFO, SUCCESS, WARNING
from scallion.contrib.messages.storage.base import Message

__all__ = [
    "DEBUG",
    "DEFAULT_LEVELS",
    "ERROR",
    "INFO",
    "SUCCESS",
    "WARNING",
    "Message",
    "MessageFailure",
    "add_message",
    "debug",
    "error",
    "get_level",
    "get_messages",
    "info",
    "set_level",
    "success",
    "warning",
]

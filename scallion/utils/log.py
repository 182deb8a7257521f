"""Logging: the default configuration and request-aware helpers.

Everything a client controls (path, headers) is escaped before it reaches a log
line, so a request cannot forge extra log lines or hide text with terminal or
bidirectional control characters.
"""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Callable
from typing import Any

from scallion.conf import settings
from scallion.utils.module_loading import import_string

request_logger = logging.getLogger("scallion.request")


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape_char(char: str) -> str:
    if char.isprintable() and char != "\\":
        return char
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_control_chars(text: str) -> str:
    """``text`` with every non-printable character (and backslash) written as an escape.

    Covers C0/C1 controls, line and paragraph separators, bidirectional and
    zero-width format characters (the "Trojan Source" trick), surrogates and
    unassigned code points; printable text, non-ASCII letters included, is kept
    so that logs stay readable. The result is one line that decodes back to the
    original with ``unicode_escape``. Linear time.
    """
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(map(_escape_char, text))


def log_response(
    message: str,
    *args: Any,
    response: Any = None,
    request: Any = None,
    logger: logging.Logger = request_logger,
    level: str | None = None,
    exception: BaseException | None = None,
) -> None:
    """Log a response once: 5xx as errors, 4xx as warnings, anything else as info.

    String ``args`` are escaped with :func:`escape_control_chars`. The response is
    marked as logged so that a handler further out does not log it again.
    """
    if response is None:
        raise TypeError("log_response() needs the response= it is logging.")
    if getattr(response, "_has_been_logged", False):
        return
    status_code: int = response.status_code
    if level is None:
        if status_code >= 500:
            level = "error"
        elif status_code >= 400:
            level = "warning"
        else:
            level = "info"
    escaped_args = tuple(escape_control_chars(a) if isinstance(a, str) else a for a in args)
    getattr(logger, level)(
        message,
        *escaped_args,
        extra={"status_code": status_code, "request": request},
        exc_info=exception,
    )
    response._has_been_logged = True


class RequireDebugFalse(logging.Filter):
    """Passes records only when ``settings.DEBUG`` is False."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not settings.DEBUG


class RequireDebugTrue(logging.Filter):
    """Passes records only when ``settings.DEBUG`` is True."""

    def filter(self, record: logging.LogRecord) -> bool:
        return bool(settings.DEBUG)


class CallbackFilter(logging.Filter):
    """Passes the records for which ``callback(record)`` is true."""

    def __init__(self, callback: Callable[[logging.LogRecord], Any]) -> None:
        super().__init__()
        self.callback = callback

    def filter(self, record: logging.LogRecord) -> bool:
        return bool(self.callback(record))


class ServerFormatter(logging.Formatter):
    """The development server's formatter: the message coloured by its status code.

    ``{server_time}`` in the format is the record's time as ``06/Dec/2026 22:20:45``.
    """

    default_time_format = "%d/%b/%Y %H:%M:%S"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from scallion.core.management.color import color_style

        self.style = color_style()
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        status_code = getattr(record, "status_code", None)
        if status_code:
            record.msg = self._paint(status_code)(record.msg)
        if self.uses_server_time() and not hasattr(record, "server_time"):
            record.server_time = self.formatTime(record, self.datefmt)
        return super().format(record)

    def _paint(self, status_code: int) -> Callable[[str], str]:
        if 200 <= status_code < 300:
            return self.style.HTTP_SUCCESS
        if 100 <= status_code < 200:
            return self.style.HTTP_INFO
        if status_code == 304:
            return self.style.HTTP_NOT_MODIFIED
        if 300 <= status_code < 400:
            return self.style.HTTP_REDIRECT
        if status_code == 404:
            return self.style.HTTP_NOT_FOUND
        if 400 <= status_code < 500:
            return self.style.HTTP_BAD_REQUEST
        return self.style.HTTP_SERVER_ERROR

    def uses_server_time(self) -> bool:
        return "{server_time}" in (self._fmt or "")


class AdminEmailHandler(logging.Handler):
    """Django's handler that mails errors to ``ADMINS``: scallion has no mail to send it with.

    Naming it in ``LOGGING`` fails when logging is configured, rather than
    dropping every error report without a word.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from scallion.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "LOGGING uses scallion.utils.log.AdminEmailHandler (Django's 'mail_admins' "
            "handler), which needs django.core.mail; scallion sends no mail. Remove the "
            "handler, or use one from a mail or error-reporting library."
        )


DEFAULT_LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "scallion.utils.log.RequireDebugFalse"},
        "require_debug_true": {"()": "scallion.utils.log.RequireDebugTrue"},
    },
    "formatters": {
        "scallion.server": {"format": "[{asctime}] {message}", "style": "{"},
    },
    "handlers": {
        # While developing, everything from INFO up goes to the console.
        "console": {
            "level": "INFO",
            "filters": ["require_debug_true"],
            "class": "logging.StreamHandler",
        },
        # In production, errors (5xx with their tracebacks) still reach stderr.
        "console_errors": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "logging.StreamHandler",
        },
        "scallion.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "scallion.server",
        },
    },
    "loggers": {
        "scallion": {"handlers": ["console", "console_errors"], "level": "INFO"},
        # Children propagate to "scallion"; listed so that projects can see and
        # tune them by name.
        "scallion.request": {"level": "INFO"},
        "scallion.security": {"level": "INFO"},
        "scallion.server": {
            "handlers": ["scallion.server"],
            "level": "INFO",
            "propagate": False,
        },
    },
}


def configure_logging(logging_config: str | None, logging_settings: dict[str, Any]) -> None:
    """Install DEFAULT_LOGGING, then the project's ``LOGGING`` through ``LOGGING_CONFIG``.

    ``LOGGING_CONFIG = None`` leaves logging entirely to the project.
    """
    if not logging_config:
        return
    logging_config_func = import_string(logging_config)
    logging.config.dictConfig(DEFAULT_LOGGING)
    if logging_settings:
        logging_config_func(logging_settings)


__all__ = [
    "DEFAULT_LOGGING",
    "RequireDebugFalse",
    "RequireDebugTrue",
    "configure_logging",
    "escape_control_chars",
    "log_response",
    "request_logger",
]

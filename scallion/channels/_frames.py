"""The non-awaiting half of the WebSocket consumers, shared by the sync and async twins.

Building the ASGI messages, checking a frame against
``WEBSOCKET_MAX_MESSAGE_SIZE``, and the log lines for refused frames and failed
consumers live here, so that each twin holds only its calls and awaits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from scallion.conf import settings
from scallion.utils.log import escape_control_chars

logger = logging.getLogger("scallion.channels")

#: Close codes (RFC 6455, section 7.4.1) the consumers use.
CLOSE_NORMAL = 1000
CLOSE_UNSUPPORTED_DATA = 1003
CLOSE_ABNORMAL = 1006
CLOSE_INVALID_PAYLOAD = 1007
CLOSE_TOO_BIG = 1009
CLOSE_INTERNAL_ERROR = 1011


def accept_message(subprotocol: str | None, headers: Iterable[Any] | None) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "websocket.accept", "subprotocol": subprotocol}
    if headers:
        message["headers"] = list(headers)
    return message


def send_message(text_data: str | None, bytes_data: bytes | None) -> dict[str, Any]:
    if text_data is not None:
        return {"type": "websocket.send", "text": text_data}
    if bytes_data is not None:
        return {"type": "websocket.send", "bytes": bytes_data}
    raise ValueError("You must pass one of bytes_data or text_data")


def close_message(code: int | bool | None, reason: str | None) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "websocket.close"}
    # send(..., close=True) passes True: the default code.
    if code is not None and code is not True:
        message["code"] = code
    if reason:
        message["reason"] = reason
    return message


def max_message_size() -> int | None:
    limit = settings.WEBSOCKET_MAX_MESSAGE_SIZE
    return None if limit is None else int(limit)


def frame_too_large(message: Mapping[str, Any], limit: int | None) -> int | None:
    """The frame's size in bytes when it is over ``limit``, else None."""
    if limit is None:
        return None
    text = message.get("text")
    if text is not None:
        # A character is 1-4 bytes in UTF-8: encode only when it could matter.
        if len(text) * 4 <= limit:
            return None
        size = len(text) if len(text) > limit else len(text.encode("utf-8", "surrogatepass"))
    else:
        size = len(message.get("bytes") or b"")
    return size if size > limit else None


def path_of(scope: Mapping[str, Any]) -> str:
    return escape_control_chars(str(scope.get("path", "?")))


def log_too_large(consumer: Any, size: int, limit: int) -> None:
    logger.warning(
        "WebSocket %s: a %d-byte message is over WEBSOCKET_MAX_MESSAGE_SIZE (%d); "
        "closing with code 1009.",
        path_of(consumer.scope),
        size,
        limit,
    )


def log_bad_json(consumer: Any, error: Exception) -> None:
    logger.warning(
        "WebSocket %s: %s received a frame that is not JSON (%s); closing with code 1007.",
        path_of(consumer.scope),
        type(consumer).__qualname__,
        escape_control_chars(str(error))[:200],
    )


def log_binary_to_json(consumer: Any) -> None:
    logger.warning(
        "WebSocket %s: %s received a binary frame but reads JSON text; closing with code 1003.",
        path_of(consumer.scope),
        type(consumer).__qualname__,
    )


def log_failure(consumer: Any, exc: BaseException) -> None:
    if isinstance(exc, OSError):
        logger.info(
            "WebSocket %s: the client went away while %s was sending (%s).",
            path_of(consumer.scope),
            type(consumer).__qualname__,
            type(exc).__name__,
        )
        return
    logger.error(
        "WebSocket %s: %s raised %s; closing with code 1011.",
        path_of(consumer.scope),
        type(consumer).__qualname__,
        type(exc).__name__,
        exc_info=exc,
    )


def no_groups_layer(consumer: Any) -> Exception:
    from scallion.channels.exceptions import InvalidChannelLayerError

    return InvalidChannelLayerError(
        f"{type(consumer).__qualname__}.groups = {consumer.groups!r} needs a channel layer "
        "with groups: set CHANNEL_LAYERS['default'] (for example to "
        "scallion.channels.layers.InMemoryChannelLayer)."
    )

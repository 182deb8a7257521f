"""``MessageEncoder`` and ``MessageDecoder``: messages as JSON, Django's format.

A ``Message`` becomes the list ``["__json_message", is_safe, level, text]``,
plus ``extra_tags`` when it is not None (``""`` included), so that a message
keeps its tags and its safe-for-HTML status across requests. The cookie and
the session storages write this same JSON, which is Django's: messages left by
a Django deployment are read after a port, and the other way round. Lists and
dicts holding messages are walked, so a message nested anywhere comes back a
``Message``.
"""

from __future__ import annotations

import json
from typing import Any

from scallion.contrib.messages.storage.base import Message
from scallion.utils.safestring import mark_safe

#: The first item of a list that stands for a ``Message``.
MESSAGE_KEY = "__json_message"


class MessageEncoder(json.JSONEncoder):
    """A JSON encoder that writes each ``Message`` as a compact list."""

    message_key = MESSAGE_KEY

    def default(self, obj: Any) -> Any:
        if isinstance(obj, Message):
            # 0/1 rather than false/true: the cookie is small and counted.
            is_safe = 1 if hasattr(obj.message, "__html__") else 0
            item: list[Any] = [self.message_key, is_safe, obj.level, str(obj.message)]
            if obj.extra_tags is not None:
                item.append(obj.extra_tags)
            return item
        return super().default(obj)


class MessageDecoder(json.JSONDecoder):
    """A JSON decoder that turns the lists ``MessageEncoder`` wrote back into messages."""

    def process_messages(self, obj: Any) -> Any:
        if isinstance(obj, list) and obj:
            if obj[0] == MESSAGE_KEY:
                return _message(obj)
            return [self.process_messages(item) for item in obj]
        if isinstance(obj, dict):
            return {key: self.process_messages(value) for key, value in obj.items()}
        return obj

    def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:
        return self.process_messages(super().decode(s, *args, **kwargs))


def _message(item: list[Any]) -> Message:
    """The ``Message`` of one encoded list; ``ValueError`` if it is malformed."""
    if not 4 <= len(item) <= 5:
        raise ValueError(f"an encoded message has 4 or 5 items, not {len(item)}")
    _, is_safe, level, text, *extra_tags = item
    if not isinstance(text, str) or not isinstance(level, int):
        raise ValueError("an encoded message needs an integer level and a text")
    return Message(level, mark_safe(text) if is_safe else text, *extra_tags)


def encode_messages(messages: Any) -> str:
    """Compact JSON of ``messages`` (any JSON-able structure holding messages)."""
    return json.dumps(messages, separators=(",", ":"), cls=MessageEncoder)


def decode_messages(data: str | bytes) -> Any:
    """The structure ``encode_messages`` wrote; ``ValueError`` if it is not such JSON."""
    return json.loads(data, cls=MessageDecoder)


__all__ = [
    "MESSAGE_KEY",
    "MessageDecoder",
    "MessageEncoder",
    "decode_messages",
    "encode_messages",
]

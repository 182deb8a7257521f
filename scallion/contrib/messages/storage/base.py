"""``Message`` and ``BaseStorage``: the queue a request reads and adds to.

Reading (iterating) the storage marks its messages as used: they are not
stored again. Messages added during the request are stored for the next one.
Storages serialize messages as JSON lists, never pickles.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from scallion.conf import settings
from scallion.contrib.messages import constants
from scallion.http import HttpResponseBase

_JSON_MARKER = "__json_message"


def default_level() -> int:
    level: int = getattr(settings, "MESSAGE_LEVEL", constants.INFO)
    return level


def level_tags() -> dict[int, str]:
    return {**constants.DEFAULT_TAGS, **getattr(settings, "MESSAGE_TAGS", {})}


class Message:
    """One message: ``level``, ``message`` and space-separated ``extra_tags``."""

    def __init__(self, level: int, message: Any, extra_tags: str | None = None) -> None:
        self.level = int(level)
        self.message = message
        self.extra_tags = extra_tags

    def _prepare(self) -> None:
        """Turn lazy or odd values into strings before they are serialized."""
        if not hasattr(self.message, "__html__"):
            self.message = str(self.message)
        self.extra_tags = str(self.extra_tags) if self.extra_tags is not None else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.level == other.level and self.message == other.message

    def __hash__(self) -> int:
        return hash((self.level, str(self.message)))

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        extra = f", extra_tags={self.extra_tags!r}" if self.extra_tags else ""
        return f"Message(level={self.level}, message={self.message!r}{extra})"

    @property
    def tags(self) -> str:
        return " ".join(tag for tag in (self.extra_tags, self.level_tag) if tag)

    @property
    def level_tag(self) -> str:
        return level_tags().get(self.level, "")


def message_to_json(message: Message) -> list[Any]:
    is_safe = 1 if hasattr(message.message, "__html__") else 0
    item: list[Any] = [_JSON_MARKER, is_safe, message.level, str(message.message)]
    if message.extra_tags is not None:  # as Django writes it, "" included
        item.append(message.extra_tags)
    return item


def message_from_json(item: Any) -> Message | Any:
    """A Message from its JSON list; anything else (markers) is returned as is."""
    if isinstance(item, list) and item and item[0] == _JSON_MARKER:
        _, is_safe, level, text, *rest = item
        return Message(level, Markup(text) if is_safe else text, rest[0] if rest else None)
    return item


def dumps_messages(messages: list[Any]) -> str:
    return json.dumps(
        [message_to_json(m) if isinstance(m, Message) else m for m in messages],
        separators=(",", ":"),
    )


def loads_messages(data: str) -> list[Any]:
    items = json.loads(data)
    if not isinstance(items, list):
        raise ValueError("stored messages are not a list")
    return [message_from_json(item) for item in items]


class BaseStorage:
    """Holds loaded messages and new ones; subclasses implement ``_get`` and ``_store``."""

    # Class defaults, overwritten on the instance when they change. PERF: stack.
    used = False
    added_new = False

    def __init__(self, request: Any, *args: Any, **kwargs: Any) -> None:
        self._request: Any = request
        self._queued_messages: list[Message] = []

    @property
    def request(self) -> Any:
        request = self._request
        if request.__class__ is weakref.ref:
            request = request()
            if request is None:
                raise ReferenceError(
                    f"The request of this {type(self).__qualname__} no longer exists. Call "
                    "get_messages(request) while the request is alive (in a test, keep the "
                    "response: response.wsgi_request) and use the storage it returns."
                )
            # In use now: hold it for as long as the storage lives, as Django does.
            self._request = request
        return request

    @request.setter
    def request(self, value: Any) -> None:
        self._request = value

    def _hold_request_weakly(self) -> None:
        """Let the request be freed by reference counting while this storage is unused.

        ``MessageMiddleware`` stores the storage on the request; a strong link back
        would make a cycle that leaves every request to the cyclic garbage
        collector, though most requests never touch their messages. The first
        use while the request is alive turns the link strong again. PERF: stack.
        """
        try:
            self._request = weakref.ref(self._request)
        except TypeError:
            pass  # not weak-referenceable: keep the strong link

    def __len__(self) -> int:
        return len(self._loaded_messages) + len(self._queued_messages)

    def __iter__(self) -> Iterator[Message]:
        self.used = True
        if self._queued_messages:
            self._loaded_messages.extend(self._queued_messages)
            self._queued_messages = []
        return iter(self._loaded_messages)

    def __contains__(self, item: object) -> bool:
        return item in self._loaded_messages or item in self._queued_messages

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}: request={self.request!r}>"

    @property
    def _loaded_messages(self) -> list[Message]:
        # Read from the store only when someone looks.
        try:
            return self._loaded_data
        except AttributeError:
            messages, _all_retrieved = self._get()
            self._loaded_data: list[Message] = messages or []
            return self._loaded_data

    def _get(self, *args: Any, **kwargs: Any) -> tuple[list[Message] | None, bool]:
        """The stored messages and whether that is all of them (None: nothing here)."""
        raise NotImplementedError(f"{type(self).__qualname__} must define _get()")

    def _store(
        self, messages: list[Message], response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> list[Message]:
        """Store ``messages``; return those that did not fit."""
        raise NotImplementedError(f"{type(self).__qualname__} must define _store()")

    def _prepare_messages(self, messages: list[Message]) -> None:
        for message in messages:
            message._prepare()

    def update(self, response: HttpResponseBase) -> list[Message] | None:
        """Store what the next request should see; return messages that did not fit."""
        if not (self.used or self.added_new):
            return None  # PERF: stack. Neither read nor added to: nothing to store.
        self._prepare_messages(self._queued_messages)
        if self.used:
            return self._store(self._queued_messages, response)
        if self.added_new:
            messages = self._loaded_messages + self._queued_messages
            return self._store(messages, response)
        return None

    def add(self, level: int, message: Any, extra_tags: str | None = "") -> None:
        """Queue a message unless it is empty or below ``self.level``."""
        if not message:
            return
        level = int(level)
        if level < self.level:
            return
        self.added_new = True
        self._queued_messages.append(Message(level, message, extra_tags=extra_tags))

    @property
    def level(self) -> int:
        try:
            return self._level
        except AttributeError:
            self._level: int = default_level()
            return self._level

    @level.setter
    def level(self, value: int | None) -> None:
        if value is None:
            if hasattr(self, "_level"):
                del self._level
        else:
            self._level = int(value)

    @level.deleter
    def level(self) -> None:
        if hasattr(self, "_level"):
            del self._level


__all__ = ["BaseStorage", "Message"]

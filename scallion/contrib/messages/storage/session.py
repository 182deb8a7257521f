"""Messages kept in ``request.session`` (needs SessionMiddleware before MessageMiddleware)."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages.storage.base import (
    BaseStorage,
    Message,
    dumps_messages,
    loads_messages,
)
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpResponseBase


class SessionStorage(BaseStorage):
    session_key = "_messages"

    def __init__(self, request: Any, *args: Any, **kwargs: Any) -> None:
        if not hasattr(request, "session"):
            raise ImproperlyConfigured(
                "The session-based temporary message storage requires session middleware "
                "to be installed, and come before the message middleware in the MIDDLEWARE "
                "list."
            )
        super().__init__(request, *args, **kwargs)

    def _get(self, *args: Any, **kwargs: Any) -> tuple[list[Message] | None, bool]:
        data = self.request.session.get(self.session_key)
        return self.deserialize_messages(data), True

    def _store(
        self, messages: list[Message], response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> list[Message]:
        if messages:
            self.request.session[self.session_key] = self.serialize_messages(messages)
        else:
            self.request.session.pop(self.session_key, None)
        return []

    def serialize_messages(self, messages: list[Message]) -> str:
        return dumps_messages(messages)

    def deserialize_messages(self, data: Any) -> list[Message] | None:
        if data and isinstance(data, str):
            try:
                return loads_messages(data)
            except ValueError:
                return None
        return None


__all__ = ["SessionStorage"]

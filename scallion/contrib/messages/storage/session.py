"""Messages kept in ``request.session`` (needs SessionMiddleware before MessageMiddleware)."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages.storage.base import BaseStorage, Message
from scallion.contrib.messages.storage.encoding import decode_messages, encode_messages
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
        """The messages as JSON text (``MessageEncoder``), which any session serializer keeps."""
        return encode_messages(messages)

    def deserialize_messages(self, data: Any) -> list[Message] | None:
        """The messages of ``serialize_messages`` text; a list is returned as it is.

        Text that is not such JSON (a session written by something else) reads
        as no messages rather than failing the request.
        """
        if data and isinstance(data, str):
            try:
                decoded = decode_messages(data)
            except ValueError:
                return None
            return decoded if isinstance(decoded, list) else None
        return data if isinstance(data, list) else None


__all__ = ["SessionStorage"]

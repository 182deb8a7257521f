"""The default storage: the cookie first, the session for what does not fit."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages.storage.base import BaseStorage, Message
from scallion.contrib.messages.storage.cookie import CookieStorage
from scallion.contrib.messages.storage.session import SessionStorage
from scallion.http import HttpResponseBase


class FallbackStorage(BaseStorage):
    storage_classes: tuple[type[BaseStorage], ...] = (CookieStorage, SessionStorage)

    def __init__(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.storages = [cls(request, *args, **kwargs) for cls in self.storage_classes]
        self._used_storages: set[BaseStorage] = set()

    def _get(self, *args: Any, **kwargs: Any) -> tuple[list[Message] | None, bool]:
        all_messages: list[Message] = []
        all_retrieved = False
        for storage in self.storages:
            messages, all_retrieved = storage._get()
            if messages is None:
                break  # this storage holds nothing, so later ones do not either
            if messages:
                self._used_storages.add(storage)
            all_messages.extend(messages)
            if all_retrieved:
                break
        return all_messages, all_retrieved

    def _store(
        self, messages: list[Message], response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> list[Message]:
        for storage in self.storages:
            if messages:
                messages = storage._store(messages, response, remove_oldest=False)
            elif storage in self._used_storages:
                # Clear what an earlier request left there.
                storage._store([], response)
                self._used_storages.discard(storage)
        return messages


__all__ = ["FallbackStorage"]

"""The default storage: the cookie first, the session for what does not fit."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages.storage.base import BaseStorage, Message
from scallion.contrib.messages.storage.cookie import CookieStorage
from scallion.contrib.messages.storage.session import SessionStorage
from scallion.http import HttpResponseBase
from scallion.utils.functional import cached_property


class FallbackStorage(BaseStorage):
    storage_classes: tuple[type[BaseStorage], ...] = (CookieStorage, SessionStorage)

    def __init__(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        # PERF: stack. The sub-storages are built on first use (most requests
        # neither read nor add messages); only the check that the session
        # storage can work is made now, so a misconfiguration fails at once.
        if not hasattr(request, "session") and _needs_session(self.storage_classes):
            SessionStorage(request)  # raises ImproperlyConfigured naming the fix
        self._storage_args = (args, kwargs)

    @cached_property
    def storages(self) -> list[BaseStorage]:
        args, kwargs = self._storage_args
        return [cls(self.request, *args, **kwargs) for cls in self.storage_classes]

    @cached_property
    def _used_storages(self) -> set[BaseStorage]:
        return set()

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


def _needs_session(storage_classes: tuple[type[BaseStorage], ...]) -> bool:
    return any(issubclass(cls, SessionStorage) for cls in storage_classes)


__all__ = ["FallbackStorage"]

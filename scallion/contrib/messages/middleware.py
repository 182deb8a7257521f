"""``MessageMiddleware``: give each request its message storage and save it after.

The storage class (``MESSAGE_STORAGE``) is imported once. A request that neither
adds nor reads messages writes nothing. PERF: stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scallion.conf import settings
from scallion.contrib.messages.storage.base import BaseStorage
from scallion.http import HttpRequest, HttpResponseBase
from scallion.middleware import SettingsMiddleware
from scallion.utils.module_loading import import_string


class MessageMiddleware(SettingsMiddleware):
    watched_settings = frozenset({"MESSAGE_STORAGE", "DEBUG"})

    def load_settings(self) -> None:
        self.storage_class: Callable[[HttpRequest], Any] = import_string(settings.MESSAGE_STORAGE)
        self.debug: bool = settings.DEBUG
        # PERF: stack. Scallion's storages can hold the request weakly (no cycle).
        self._weak_request = isinstance(self.storage_class, type) and issubclass(
            self.storage_class, BaseStorage
        )

    def process_request(self, request: HttpRequest) -> None:
        storage = self.storage_class(request)
        if self._weak_request:
            storage._hold_request_weakly()
        request._messages = storage  # type: ignore[attr-defined]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        storage = getattr(request, "_messages", None)
        if storage is not None:
            unstored = storage.update(response)
            if unstored and self.debug:
                raise ValueError(
                    f"Not all temporary messages could be stored ({len(unstored)} left): "
                    "the cookie limit was reached and no session storage is available. "
                    "Use the fallback or session MESSAGE_STORAGE with SessionMiddleware."
                )
        return response


__all__ = ["MessageMiddleware"]

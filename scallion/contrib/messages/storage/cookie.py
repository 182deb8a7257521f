"""Messages kept in a signed cookie (``messages``), with no server-side state.

The cookie is capped at ``max_cookie_size`` (2048) bytes so that it and the
session cookie fit the browser's limits; messages that do not fit are returned
to the caller (the fallback storage then keeps them in the session), and a
marker records that more are waiting elsewhere.

The cookie's value is Django's: the messages as compact JSON, compressed when
that is shorter, base64-encoded and signed by the cookie signer with the salt
``"django.contrib.messages"``. With the same ``SECRET_KEY``, messages a Django
deployment left in a browser are shown after a port, and the other way round.
"""

from __future__ import annotations

import zlib
from http.cookies import SimpleCookie
from typing import Any

from scallion.conf import settings
from scallion.contrib.messages.storage.base import (
    BaseStorage,
    dumps_messages,
    loads_messages,
)
from scallion.core import signing
from scallion.http import HttpResponseBase

_SALT = "django.contrib.messages"


class _MessagesJSON:
    """The signing serializer for a message list (``sign_object``/``unsign_object``)."""

    def dumps(self, obj: Any) -> bytes:
        return dumps_messages(obj).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return loads_messages(data.decode("latin-1"))


class CookieStorage(BaseStorage):
    cookie_name = "messages"
    max_cookie_size = 2048
    not_finished = "__messagesnotfinished__"

    # Built on first use, not per request. PERF: stack.
    _signer: signing.TimestampSigner | None = None

    @property
    def signer(self) -> signing.TimestampSigner:
        if self._signer is None:
            self._signer = signing.get_cookie_signer(salt=_SALT)
        return self._signer

    def _get(self, *args: Any, **kwargs: Any) -> tuple[list[Any] | None, bool]:
        data = self.request.COOKIES.get(self.cookie_name)
        messages = self._decode(data)
        all_retrieved = not (messages and messages[-1] == self.not_finished)
        if messages and not all_retrieved:
            messages.pop()
        return messages, all_retrieved

    def _update_cookie(self, encoded_data: str | None, response: HttpResponseBase) -> None:
        if encoded_data:
            response.set_cookie(
                self.cookie_name,
                encoded_data,
                domain=settings.SESSION_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=settings.SESSION_COOKIE_HTTPONLY,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        else:
            # Consumed (or unreadable) and nothing left: expire the cookie, as
            # Django does, whether or not this request carried one.
            response.delete_cookie(
                self.cookie_name,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )

    def _store(
        self,
        messages: list[Any],
        response: HttpResponseBase,
        remove_oldest: bool = True,
        *args: Any,
        **kwargs: Any,
    ) -> list[Any]:
        """Store as many messages as fit; return the rest (oldest or newest dropped)."""
        unstored: list[Any] = []
        kept = list(messages)
        encoded = self._encode(kept)
        while self.max_cookie_size and encoded and self._too_large(encoded):
            # Drop one message at a time, adding the "more elsewhere" marker.
            if remove_oldest:
                unstored.append(kept.pop(0))
            else:
                unstored.insert(0, kept.pop())
            encoded = self._encode([*kept, self.not_finished])
        self._update_cookie(encoded, response)
        return unstored

    def _too_large(self, encoded: str) -> bool:
        # Measured as it will be sent: quoting can lengthen it.
        return len(SimpleCookie().value_encode(encoded)[1]) > self.max_cookie_size

    def _encode(self, messages: list[Any]) -> str | None:
        if not messages:
            return None
        return self.signer.sign_object(messages, serializer=_MessagesJSON, compress=True)

    def _decode(self, data: str | None) -> list[Any] | None:
        if not data:
            return None
        try:
            decoded: list[Any] = self.signer.unsign_object(data, serializer=_MessagesJSON)
            return decoded
        except (signing.BadSignature, ValueError, zlib.error):
            pass
        # Tampered or unreadable: mark used so the bad cookie is removed.
        self.used = True
        return None


__all__ = ["CookieStorage"]

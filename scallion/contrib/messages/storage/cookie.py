"""Messages kept in a signed cookie (``messages``), with no server-side state.

The cookie is capped at ``max_cookie_size`` (2048) bytes so that it and the
session cookie fit the browser's limits; messages that do not fit are returned
to the caller (the fallback storage then keeps them in the session), and a
marker records that more are waiting elsewhere.

The value is Django's: the messages as JSON (``MessageEncoder``), compressed
when that is shorter, URL-safe base64 and signed by the cookie signer with the
salt ``"django.contrib.messages"``. With the same ``SECRET_KEY``, messages a
Django deployment left in a browser are shown after a port, and the other way
round. It holds only characters RFC 6265 allows in a cookie value (no quotes,
backslashes, commas or semicolons, which some servers and proxies mangle).
Each message is serialized once; how many fit is found by bisection, not by
re-encoding them all for each message dropped.
"""

from __future__ import annotations

import bisect
import json
import zlib
from collections.abc import Callable, Sequence
from http.cookies import SimpleCookie
from typing import Any

from scallion.conf import settings
from scallion.contrib.messages.storage.base import BaseStorage
from scallion.contrib.messages.storage.encoding import (
    MessageDecoder,
    MessageEncoder,
    decode_messages,
    encode_messages,
)
from scallion.core import signing
from scallion.http import HttpResponseBase
from scallion.utils.functional import cached_property

_SALT = "django.contrib.messages"


class MessagePartSerializer:
    """Serializes each message on its own, so that a list of them is joined, not re-encoded."""

    def dumps(self, obj: Sequence[Any]) -> list[str]:
        return [encode_messages(item) for item in obj]


class MessagePartGatherSerializer:
    """The signing serializer for a list of messages already serialized one by one."""

    def dumps(self, obj: Sequence[str]) -> bytes:
        return ("[" + ",".join(obj) + "]").encode("latin-1")


class MessageSerializer:
    """The signing serializer that reads a list of messages back."""

    def loads(self, data: bytes) -> Any:
        return decode_messages(data.decode("latin-1"))


class CookieStorage(BaseStorage):
    cookie_name = "messages"
    max_cookie_size = 2048
    not_finished = "__messagesnotfinished__"
    not_finished_json = json.dumps(not_finished)
    key_salt = _SALT

    @cached_property
    def signer(self) -> signing.TimestampSigner:
        # Built on first use, not per request. PERF: stack.
        return signing.get_cookie_signer(salt=self.key_salt)

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
        """Store as many messages as fit; return the rest (the oldest or the newest)."""
        unstored: list[Any] = []
        parts = MessagePartSerializer().dumps(messages)
        encoded = self._encode_parts(parts)
        if self.max_cookie_size and encoded and self._too_large(encoded):

            def with_marker(kept: Sequence[str]) -> str | None:
                return self._encode_parts([*kept, self.not_finished_json], encode_empty=True)

            def too_large(kept: Sequence[str]) -> bool:
                return self._too_large(with_marker(kept))

            if remove_oldest:
                first_kept = bisect_keep_right(parts, fn=too_large)
                unstored = messages[:first_kept]
                encoded = with_marker(parts[first_kept:])
            else:
                kept_count = bisect_keep_left(parts, fn=too_large)
                unstored = messages[kept_count:]
                encoded = with_marker(parts[:kept_count])
        self._update_cookie(encoded, response)
        return unstored

    def _too_large(self, encoded: str | None) -> bool:
        # Measured as it will be sent: quoting can lengthen it.
        if not encoded:
            return False
        return len(SimpleCookie().value_encode(encoded)[1]) > self.max_cookie_size

    def _encode_parts(self, messages: Sequence[str], encode_empty: bool = False) -> str | None:
        """The signed cookie value of messages serialized one by one (None if none)."""
        if not messages and not encode_empty:
            return None
        return self.signer.sign_object(
            list(messages), serializer=MessagePartGatherSerializer, compress=True
        )

    def _encode(self, messages: Sequence[Any], encode_empty: bool = False) -> str | None:
        """The signed cookie value holding ``messages`` (None if there are none)."""
        return self._encode_parts(
            MessagePartSerializer().dumps(messages), encode_empty=encode_empty
        )

    def _decode(self, data: str | None) -> list[Any] | None:
        """The messages in a cookie value; None if it is empty, tampered with or unreadable."""
        if not data:
            return None
        try:
            decoded = self.signer.unsign_object(data, serializer=MessageSerializer)
        except (signing.BadSignature, ValueError, zlib.error):
            decoded = None
        if isinstance(decoded, list):
            return decoded
        # Tampered or unreadable: mark used so the bad cookie is removed.
        self.used = True
        return None


def bisect_keep_left(a: Sequence[Any], fn: Callable[[Sequence[Any]], bool]) -> int:
    """The length of the longest prefix of ``a`` for which ``fn`` is false.

    ``fn`` must be monotonic: false for short prefixes, then true for every
    longer one (a prefix too large for the cookie stays too large as it grows).
    """
    return bisect.bisect_left(range(len(a)), True, key=lambda end: fn(a[: end + 1]))


def bisect_keep_right(a: Sequence[Any], fn: Callable[[Sequence[Any]], bool]) -> int:
    """Where the longest suffix of ``a`` for which ``fn`` is false starts.

    ``fn`` must be monotonic: true for long suffixes, false once they are short
    enough.
    """
    return bisect.bisect_left(range(len(a)), True, key=lambda start: not fn(a[start:]))


__all__ = [
    "CookieStorage",
    "MessageDecoder",
    "MessageEncoder",
    "MessagePartGatherSerializer",
    "MessagePartSerializer",
    "MessageSerializer",
    "bisect_keep_left",
    "bisect_keep_right",
]

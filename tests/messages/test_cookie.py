"""CookieStorage: Django's cookie value (RFC 6265-safe), sizes found by bisection."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scallion.contrib.messages import constants
from scallion.contrib.messages.storage.base import Message
from scallion.contrib.messages.storage.cookie import (
    CookieStorage,
    bisect_keep_left,
    bisect_keep_right,
)
from scallion.core import signing
from scallion.http import HttpResponse
from scallion.test import RequestFactory
from scallion.utils.crypto import get_random_string

#: What RFC 6265 allows in a cookie value (no quotes, commas, semicolons, backslashes).
COOKIE_OCTETS = re.compile(r"^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$")


def storage() -> CookieStorage:
    return CookieStorage(RequestFactory().get("/"))


def test_the_cookie_value_holds_only_rfc_6265_characters() -> None:
    texts = ["\\te,st", ';m"e', "\u2019", '123"NOTRECEIVED"', "a b"]
    encoded = storage()._encode([Message(constants.INFO, t) for t in texts])
    assert encoded is not None
    assert COOKIE_OCTETS.match(encoded), encoded
    response = HttpResponse()
    storage()._update_cookie(encoded, response)
    # Sent as it is: SimpleCookie had nothing to quote.
    assert response.cookies["messages"].coded_value == encoded
    [*decoded] = storage()._decode(encoded) or []
    assert [m.message for m in decoded] == texts


def test_the_cookie_value_is_djangos_signed_object() -> None:
    messages = [Message(constants.INFO, "hello")]
    encoded = storage()._encode(messages)
    assert encoded is not None
    payload = signing.b64_decode(encoded.split(":")[0].encode())
    assert payload == b'[["__json_message",0,20,"hello"]]'


def test_encode_empty_keeps_the_marker_alone() -> None:
    s = storage()
    assert s._encode([]) is None
    encoded = s._encode([CookieStorage.not_finished], encode_empty=True)
    assert s._decode(encoded) == [CookieStorage.not_finished]


def test_a_bad_cookie_reads_as_no_messages_and_is_marked_used() -> None:
    s = storage()
    encoded = s._encode([Message(constants.INFO, "x")])
    assert encoded is not None
    assert s._decode(encoded[1:]) is None
    assert s.used
    # A genuine signature over something that is not a list of messages.
    other = storage()
    not_a_list = other.signer.sign_object({"a": 1})
    assert other._decode(not_a_list) is None and other.used


def test_oldest_messages_are_dropped_first_and_returned() -> None:
    s = storage()
    size = int((CookieStorage.max_cookie_size - 54) / 4.5 - 37)
    texts = [get_random_string(size) for _ in range(5)]
    for text in texts:
        s.add(constants.INFO, text)
    response = HttpResponse()
    unstored = s.update(response)
    assert [m.message for m in unstored or []] == texts[:1]
    kept = s._decode(response.cookies["messages"].value)
    assert kept is not None and kept[-1] == CookieStorage.not_finished
    assert [m.message for m in kept[:-1]] == texts[1:]
    assert len(response.cookies["messages"].coded_value) <= CookieStorage.max_cookie_size


def test_newest_messages_are_handed_on_when_asked() -> None:
    s = storage()
    texts = [get_random_string(600) for _ in range(5)]
    messages = [Message(constants.INFO, t) for t in texts]
    response = HttpResponse()
    unstored = s._store(messages, response, remove_oldest=False)
    kept = s._decode(response.cookies["messages"].value) or []
    assert kept[-1] == CookieStorage.not_finished
    assert [m.message for m in kept[:-1]] + [m.message for m in unstored] == texts
    assert unstored


def test_nothing_fits_leaves_only_the_marker() -> None:
    s = storage()
    response = HttpResponse()
    unstored = s._store([Message(constants.INFO, get_random_string(5000))], response)
    assert len(unstored) == 1
    assert s._decode(response.cookies["messages"].value) == [CookieStorage.not_finished]


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=30), st.integers(0, 300))
def test_bisect_finds_the_longest_part_that_fits(items: list[int], limit: int) -> None:
    # Sizes are never negative, so "too large" is monotonic as the part grows.
    def too_large(part: list[int]) -> bool:
        return sum(part) > limit

    # The slow reference: try every length.
    longest_prefix = max(n for n in range(len(items) + 1) if not too_large(items[:n]))
    longest_suffix = min(i for i in range(len(items) + 1) if not too_large(items[i:]))
    assert bisect_keep_left(items, fn=too_large) == longest_prefix
    assert bisect_keep_right(items, fn=too_large) == longest_suffix


def test_bisect_on_djangos_examples() -> None:
    assert bisect_keep_left([1, 1, 1], fn=lambda part: sum(part) != 2) == 2
    assert bisect_keep_left([1, 1, 1], fn=lambda part: sum(part) != 0) == 0
    assert bisect_keep_right([1, 1, 1, 1], fn=lambda part: sum(part) != 2) == 2
    assert bisect_keep_right([1, 1, 1, 1, 1], fn=lambda part: sum(part) != 1) == 4
    assert bisect_keep_left([], fn=bool) == bisect_keep_right([], fn=bool) == 0


def test_reading_every_message_expires_the_cookie_as_django_does() -> None:
    # Added and read in the same request, no cookie sent: still expired.
    s = storage()
    s.add(constants.INFO, "seen now")
    assert [m.message for m in s] == ["seen now"]
    response = HttpResponse()
    s.update(response)
    assert response.cookies["messages"].value == ""
    assert response.cookies["messages"]["max-age"] == 0
    # A request that carried messages gets them expired once read.
    request = RequestFactory().get("/")
    request.COOKIES["messages"] = storage()._encode([Message(constants.INFO, "old")]) or ""
    carried = CookieStorage(request)
    assert [m.message for m in carried] == ["old"]
    response = HttpResponse()
    carried.update(response)
    assert response.cookies["messages"].value == ""
    assert response.cookies["messages"]["max-age"] == 0

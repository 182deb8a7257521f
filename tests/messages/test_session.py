"""SessionStorage: Django's JSON in the session, and what it does with other values."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.contrib.messages import constants
from scallion.contrib.messages.storage.base import Message
from scallion.contrib.messages.storage.session import SessionStorage
from scallion.test import RequestFactory
from scallion.utils.safestring import SafeData, mark_safe


def storage() -> SessionStorage:
    request: Any = RequestFactory().get("/")
    request.session = {}
    return SessionStorage(request)


def test_messages_are_stored_as_djangos_json_text() -> None:
    s = storage()
    text = s.serialize_messages([Message(constants.INFO, "hi", "tag")])
    assert text == '[["__json_message",0,20,"hi","tag"]]'
    s.request.session[s.session_key] = s.serialize_messages(
        [Message(constants.INFO, mark_safe("<b>safe</b>"))]
    )
    [message] = list(s)
    assert isinstance(message.message, SafeData)


@pytest.mark.parametrize(
    ("stored", "read"),
    [([], []), (None, None), ("", None), ("{not json", None), ('{"a": 1}', None), (5, None)],
)
def test_values_that_are_not_messages_read_as_none(stored: Any, read: Any) -> None:
    assert storage().deserialize_messages(stored) == read

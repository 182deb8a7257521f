"""Messages as JSON: Django's format, nested structures, safe strings and tags."""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup, escape

from scallion.contrib.messages import constants
from scallion.contrib.messages.storage.base import Message
from scallion.contrib.messages.storage.encoding import (
    MessageDecoder,
    MessageEncoder,
    decode_messages,
    encode_messages,
)
from scallion.utils.safestring import SafeData, SafeString, mark_safe


def test_a_message_is_encoded_as_djangos_compact_list() -> None:
    # What Django 6.1.3's MessageEncoder writes for the same messages.
    messages = [
        Message(constants.INFO, "plain"),
        Message(constants.ERROR, mark_safe("<b>x</b>"), "tag"),
        Message(constants.DEBUG, "empty tags", ""),
    ]
    assert encode_messages(messages) == (
        '[["__json_message",0,20,"plain"],["__json_message",1,40,"<b>x</b>","tag"],'
        '["__json_message",0,10,"empty tags",""]]'
    )


def test_nested_messages_round_trip_through_the_json_classes() -> None:
    value = [
        {
            "message": Message(constants.INFO, "Test message"),
            "list": [Message(constants.INFO, f"m{i}") for i in range(3)]
            + [{"inner": Message(constants.ERROR, "error")}],
        },
        Message(constants.WARNING, "last"),
        "__messagesnotfinished__",
        [],
    ]
    text = MessageEncoder().encode(value)
    assert json.loads(text, cls=MessageDecoder) == value
    decoded = decode_messages(text)
    assert isinstance(decoded[0]["list"][3]["inner"], Message)
    assert decoded[0]["list"][3]["inner"].level == constants.ERROR


@pytest.mark.parametrize("extra_tags", ["", None, "some tags"])
def test_extra_tags_come_back_as_they_were(extra_tags: str | None) -> None:
    [message] = decode_messages(encode_messages([Message(constants.INFO, "m", extra_tags)]))
    assert message.extra_tags == extra_tags


@pytest.mark.parametrize("safe", [mark_safe("<b>hi</b>"), Markup("<b>hi</b>")])
def test_safe_text_stays_safe_for_both_engines(safe: str) -> None:
    [message] = decode_messages(encode_messages([Message(constants.INFO, safe)]))
    assert isinstance(message.message, SafeString)
    assert escape(message.message) == "<b>hi</b>"  # markupsafe (Jinja2) leaves it alone
    [plain] = decode_messages(encode_messages([Message(constants.INFO, "<b>hi</b>")]))
    assert not isinstance(plain.message, SafeData)


@pytest.mark.parametrize(
    "text",
    [
        '[["__json_message",0,20]]',  # too short
        '[["__json_message",0,20,"m","tags","extra"]]',  # too long
        '[["__json_message",0,"20","m"]]',  # level not a number
        '[["__json_message",0,20,{"not":"text"}]]',
        "[not json",
    ],
)
def test_malformed_encoded_messages_are_refused_with_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        decode_messages(text)

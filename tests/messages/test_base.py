"""Message levels' tags: ``LEVEL_TAGS`` read lazily and renewed when MESSAGE_TAGS changes."""

from __future__ import annotations

from scallion.conf import settings
from scallion.contrib.messages import constants
from scallion.contrib.messages.storage import base
from scallion.contrib.messages.storage.base import Message
from scallion.test import override_settings


def test_level_tags_default_to_djangos() -> None:
    assert base.LEVEL_TAGS == constants.DEFAULT_TAGS
    assert base.LEVEL_TAGS[constants.ERROR] == "error"
    assert Message(constants.SUCCESS, "x").level_tag == "success"
    assert Message(99, "x").level_tag == ""


def test_override_settings_renews_the_tags() -> None:
    with override_settings(MESSAGE_TAGS={constants.ERROR: "bad", 12: "custom"}):
        assert base.LEVEL_TAGS[constants.ERROR] == "bad"
        assert base.LEVEL_TAGS[constants.INFO] == "info"
        assert Message(12, "x").tags == "custom"
    assert base.LEVEL_TAGS[constants.ERROR] == "error"
    assert 12 not in base.LEVEL_TAGS


def test_the_tags_are_read_when_first_used() -> None:
    # After a change, the new tags are computed on first use, so a direct
    # assignment made before that use counts, as in Django.
    with override_settings(MESSAGE_TAGS={constants.ERROR: "bad"}):
        settings.MESSAGE_TAGS = {constants.ERROR: "very-bad"}
        assert Message(constants.ERROR, "x").level_tag == "very-bad"

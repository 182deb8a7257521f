"""``get_level_tags``: the CSS class of each message level (``MESSAGE_TAGS`` over the defaults)."""

from __future__ import annotations

from scallion.conf import settings
from scallion.contrib.messages import constants


def get_level_tags() -> dict[int, str]:
    """Django's default tags, with the project's ``MESSAGE_TAGS`` taking precedence."""
    return {**constants.DEFAULT_TAGS, **getattr(settings, "MESSAGE_TAGS", {})}


__all__ = ["get_level_tags"]

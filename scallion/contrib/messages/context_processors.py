"""Template context processor: ``messages`` and ``DEFAULT_MESSAGE_LEVELS``."""

from __future__ import annotations

from typing import Any

from scallion.contrib.messages.api import get_messages
from scallion.contrib.messages.constants import DEFAULT_LEVELS


def messages(request: Any) -> dict[str, Any]:
    return {"messages": get_messages(request), "DEFAULT_MESSAGE_LEVELS": DEFAULT_LEVELS}

"""``check_all_models``: the models check of Django's registry, under its name.

scallion has no ORM, so a project has no models to check and this check finds
nothing. It exists so that ported code and tests that name it
(``checks.model_checks.check_all_models``, ``Tags.models``) keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scallion.core.checks.messages import CheckMessage
from scallion.core.checks.registry import Tags, register


@register(Tags.models)
def check_all_models(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """No messages: without an ORM there are no model classes to check."""
    return []

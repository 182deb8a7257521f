"""The static files' system checks: each finder's own ``check()``, and ``STORAGES``."""

from __future__ import annotations

from typing import Any

from scallion.conf import STATICFILES_STORAGE_ALIAS, settings
from scallion.contrib.staticfiles.finders import get_finders
from scallion.core.checks.messages import CheckMessage, Error

E005 = Error(
    f"The STORAGES setting must define a '{STATICFILES_STORAGE_ALIAS}' storage.",
    id="staticfiles.E005",
)


def check_finders(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """What every finder reports about its configuration (``staticfiles.E001``-``W004``)."""
    errors: list[CheckMessage] = []
    for finder in get_finders():
        try:
            errors.extend(finder.check())
        except NotImplementedError:
            pass
    return errors


def check_storages(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``STORAGES`` must name the storage ``collectstatic`` writes to."""
    return [] if STATICFILES_STORAGE_ALIAS in settings.STORAGES else [E005]

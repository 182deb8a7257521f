"""The static files' checks, registered whether or not ``scallion.contrib.staticfiles`` is
installed: scallion's development server and ``collectstatic`` use the finders either way.

What they report is Django's (``staticfiles.E001``-``E003``, ``W004``, ``E005``): each
finder's own ``check()`` and ``STORAGES``. A missing folder is only a warning (the
finders skip it, as Django's do), but it is almost always a typo or a folder not yet
created, which shows up later as a 404 for every stylesheet.
"""

from __future__ import annotations

from typing import Any

from scallion.core.checks.messages import CheckMessage
from scallion.core.checks.registry import Tags, register


@register(Tags.staticfiles)
def check_staticfiles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from scallion.contrib.staticfiles.checks import check_finders, check_storages

    return check_finders(app_configs, **kwargs) + check_storages(app_configs, **kwargs)

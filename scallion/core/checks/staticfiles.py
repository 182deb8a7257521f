"""STATICFILES_DIRS checks: every source folder exists, and none is STATIC_ROOT.

A missing folder is only a warning (the finders skip it, as Django's do), but it is
almost always a typo or a folder not yet created, which shows up later as a 404
for every stylesheet; saying so at start-up saves the hunt.
"""

from __future__ import annotations

import os
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register


def _folders() -> list[tuple[int, str]]:
    """``(index, folder)`` of each STATICFILES_DIRS entry (a folder or a (prefix, folder))."""
    folders = []
    for index, entry in enumerate(settings.STATICFILES_DIRS):
        folder = entry[1] if isinstance(entry, list | tuple) and len(entry) == 2 else entry
        folders.append((index, os.fspath(folder)))
    return folders


@register(Tags.staticfiles)
def check_staticfiles_dirs(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    static_root = os.path.realpath(settings.STATIC_ROOT) if settings.STATIC_ROOT else None
    for index, folder in _folders():
        if static_root is not None and os.path.realpath(folder) == static_root:
            messages.append(
                Error(
                    f"STATICFILES_DIRS[{index}] is STATIC_ROOT ({folder}): collectstatic copies "
                    "files into STATIC_ROOT, so it cannot also be where they come from.",
                    hint="Keep your static files in another folder, e.g. BASE_DIR / 'static'.",
                    id="staticfiles.E002",
                )
            )
        elif not os.path.isdir(folder):
            messages.append(
                Warning(
                    f"The directory {folder!r} in the STATICFILES_DIRS setting does not exist.",
                    hint="Create it, or fix or remove the entry.",
                    id="staticfiles.W004",
                )
            )
    return messages

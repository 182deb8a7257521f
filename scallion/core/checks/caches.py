"""CACHES checks (Django's ``caches.*`` IDs, plus one of scallion's own).

- ``caches.E001``: no ``"default"`` alias.
- ``caches.W002`` (``--deploy``): a file-based cache inside, around or equal to
  ``MEDIA_ROOT``, ``STATIC_ROOT`` or a ``STATICFILES_DIRS`` entry, where its
  pickles could be served to anyone or planted by uploads.
- ``caches.W003``: a file-based cache whose ``LOCATION`` is relative (it would
  move with the working directory).
- ``caches.E100``: an alias whose backend cannot be built (a ``BACKEND`` that
  does not import, a missing client package), found here instead of at the
  first request that uses it.
"""

from __future__ import annotations

import pathlib
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register


def _file_caches() -> list[tuple[str, Any]]:
    """(alias, backend) for each alias that builds into a FileBasedCache."""
    from scallion.core.cache import caches
    from scallion.core.cache.backends.filebased import FileBasedCache

    found = []
    for alias in settings.CACHES:
        try:
            backend = caches[alias]
        except Exception:
            continue  # caches.E100 reports it
        if isinstance(backend, FileBasedCache):
            found.append((alias, backend))
    return found


@register(Tags.caches)
def check_default_cache_is_configured(**kwargs: Any) -> list[CheckMessage]:
    if "default" not in settings.CACHES:
        return [
            Error("You must define a 'default' cache in your CACHES setting.", id="caches.E001")
        ]
    return []


@register(Tags.caches)
def check_cache_backends_build(**kwargs: Any) -> list[CheckMessage]:
    from scallion.core.cache import caches

    messages: list[CheckMessage] = []
    for alias in settings.CACHES:
        try:
            caches[alias]
        except Exception as exc:
            messages.append(
                Error(
                    f"CACHES[{alias!r}] cannot be used: {type(exc).__name__}: {exc}",
                    hint="Check its BACKEND path, and install the client package it needs.",
                    id="caches.E100",
                )
            )
    return messages


@register(Tags.caches, deploy=True)
def check_cache_location_not_exposed(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"):
        setting = getattr(settings, name, None)
        if not setting:
            continue
        if name == "STATICFILES_DIRS":
            paths = set()
            for entry in setting:
                if isinstance(entry, list | tuple):
                    _prefix, entry = entry
                paths.add(pathlib.Path(entry).resolve())
        else:
            paths = {pathlib.Path(setting).resolve()}
        for alias, backend in _file_caches():
            cache_path = pathlib.Path(backend._dir).resolve()
            if cache_path in paths:
                relation = "matches"
            elif any(path in cache_path.parents for path in paths):
                relation = "is inside"
            elif any(cache_path in path.parents for path in paths):
                relation = "contains"
            else:
                continue
            messages.append(
                Warning(
                    f"Your '{alias}' cache configuration might expose your cache or lead to "
                    f"corruption of your data because its LOCATION {relation} {name}.",
                    id="caches.W002",
                )
            )
    return messages


@register(Tags.caches)
def check_file_based_cache_is_absolute(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias, _backend in _file_caches():
        if not pathlib.Path(settings.CACHES[alias]["LOCATION"]).is_absolute():
            messages.append(
                Warning(
                    f"Your '{alias}' cache LOCATION path is relative. Use an absolute path "
                    "instead.",
                    id="caches.W003",
                )
            )
    return messages

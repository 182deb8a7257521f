"""Soft failure for what only speeds pages up: the page cache and template fragments.

When a cache's store fails with one of its ``unavailable_errors`` (a Redis down,
or slower than its socket timeout), :func:`swallow` logs it once on
``scallion.cache`` and marks the alias unavailable for
``CACHE_MIDDLEWARE_ERROR_INTERVAL`` seconds; :func:`is_unavailable` then tells
callers to do without the cache (run the view, render the fragment) instead of
each waiting for the same timeout. With ``CACHE_MIDDLEWARE_IGNORE_ERRORS =
False`` nothing is swallowed. The state is per process.
"""

from __future__ import annotations

import logging
import time

from scallion.conf import settings
from scallion.core.cache.backends.base import BaseCache

logger = logging.getLogger("scallion.cache")

#: Cache alias -> time.monotonic() until which the alias is left alone. Read
#: only: empty (no outage anywhere) lets a hot path skip ``is_unavailable``.
unavailable_until: dict[str, float] = {}


def is_unavailable(alias: str) -> bool:
    """Whether ``alias`` failed within the last interval (callers skip it)."""
    until = unavailable_until.get(alias)
    if until is None:
        return False
    if time.monotonic() < until:
        return True
    unavailable_until.pop(alias, None)
    return False


def swallow(alias: str, cache: BaseCache, exc: BaseException, what: str = "pages") -> bool:
    """Whether ``exc`` from ``cache`` is an outage to ride out (logged, alias marked).

    False for errors that are not the store being unreachable (bugs), and for
    every error when ``CACHE_MIDDLEWARE_IGNORE_ERRORS`` is off: the caller re-raises.
    """
    errors: tuple[type[BaseException], ...] = getattr(cache, "unavailable_errors", (OSError,))
    if not settings.CACHE_MIDDLEWARE_IGNORE_ERRORS or not isinstance(exc, errors):
        return False
    interval: float = settings.CACHE_MIDDLEWARE_ERROR_INTERVAL
    if alias not in unavailable_until:
        logger.error(
            "The cache %r failed (%s: %s); %s are served without it for %s seconds.",
            alias,
            type(exc).__name__,
            exc,
            what,
            interval,
        )
    unavailable_until[alias] = time.monotonic() + interval
    return True


def reset() -> None:
    """Forget every outage (for tests)."""
    unavailable_until.clear()


__all__ = ["is_unavailable", "reset", "swallow", "unavailable_until"]

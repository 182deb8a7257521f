"""Security checks, in Django's modules: ``base`` (settings and headers), ``csrf``, ``sessions``.

IDs and the meaning of each are Django's; ``docs/cli.md`` lists them, with the
ones scallion makes on every run rather than only with ``--deploy``.
"""

from scallion.core.checks.security import base, csrf, sessions
from scallion.core.checks.security.base import is_weak_secret_key

__all__ = ["base", "csrf", "is_weak_secret_key", "sessions"]

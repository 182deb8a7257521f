"""Security checks, in Django's modules: ``base`` (settings and headers), ``csrf``, ``sessions``.

IDs and the meaning of each are Django's; ``docs/cli.md`` lists them, with the
ones scallion makes on every run rather than only with ``--deploy``. The names
a project or a command uses (the development key's prefix, the weak-key test)
are importable from here too.
"""

from scallion.core.checks.security import base, csrf, sessions
from scallion.core.checks.security.base import (
    COOP_VALUES,
    REFERRER_POLICY_VALUES,
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
    is_weak_secret_key,
)

__all__ = [
    "COOP_VALUES",
    "REFERRER_POLICY_VALUES",
    "SECRET_KEY_INSECURE_PREFIX",
    "SECRET_KEY_MIN_LENGTH",
    "SECRET_KEY_MIN_UNIQUE_CHARACTERS",
    "base",
    "csrf",
    "is_weak_secret_key",
    "sessions",
]

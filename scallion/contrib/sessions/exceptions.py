"""Session errors (Django's names)."""

from __future__ import annotations

from scallion.core.exceptions import BadRequest, SuspiciousOperation


class InvalidSessionKey(SuspiciousOperation):
    """A session key with characters a store refuses (a file name, for example)."""


class SuspiciousSession(SuspiciousOperation):
    """Session data that fails its integrity check."""


class SessionInterrupted(BadRequest):
    """The session was deleted (by a concurrent logout, say) while the request ran."""


__all__ = ["InvalidSessionKey", "SessionInterrupted", "SuspiciousSession"]

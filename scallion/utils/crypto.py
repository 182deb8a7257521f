"""Keyed hashing and random tokens for signing, sessions and CSRF (Django's names)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured

RANDOM_STRING_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class InvalidAlgorithm(ValueError):
    """The hash algorithm named is not one ``hashlib`` provides."""


def _to_bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else value


def salted_hmac(
    key_salt: str | bytes,
    value: str | bytes,
    secret: str | bytes | None = None,
    *,
    algorithm: str = "sha1",
) -> hmac.HMAC:
    """An HMAC of ``value`` under a key derived from ``key_salt`` and ``secret``.

    Deriving the key from a salt means two features sharing SECRET_KEY (cookies,
    sessions, password reset) never produce interchangeable signatures.
    ``secret`` defaults to ``settings.SECRET_KEY``.
    """
    if secret is None:
        secret = secret_key_or_raise()
    try:
        hasher = getattr(hashlib, algorithm)
    except AttributeError:
        raise InvalidAlgorithm(
            f"{algorithm!r} is not an algorithm accepted by the hashlib module."
        ) from None
    key = hasher(_to_bytes(key_salt) + _to_bytes(secret)).digest()
    return hmac.new(key, msg=_to_bytes(value), digestmod=hasher)


def constant_time_compare(val1: str | bytes, val2: str | bytes) -> bool:
    """True if the two values are equal, in time independent of where they differ."""
    return hmac.compare_digest(_to_bytes(val1), _to_bytes(val2))


def get_random_string(length: int, allowed_chars: str = RANDOM_STRING_CHARS) -> str:
    """A random string from a cryptographically secure source."""
    return "".join(secrets.choice(allowed_chars) for _ in range(length))


def pbkdf2(
    password: str | bytes,
    salt: str | bytes,
    iterations: int,
    dklen: int = 0,
    digest: Any = None,
) -> bytes:
    """PBKDF2-HMAC of ``password`` (``hashlib.pbkdf2_hmac``): ``digest`` a hashlib
    constructor (SHA-256 by default), ``dklen`` 0 for the digest's own length."""
    if digest is None:
        digest = hashlib.sha256
    return hashlib.pbkdf2_hmac(
        digest().name, _to_bytes(password), _to_bytes(salt), iterations, dklen or None
    )


def secret_key_or_raise(name: str = "SECRET_KEY") -> str | bytes:
    """The configured secret, refusing an empty one (every signature would be forgeable)."""
    secret: str | bytes = getattr(settings, name)
    if not secret:
        raise ImproperlyConfigured(
            f"The {name} setting must not be empty: set it to a long random value "
            "(for example from scallion.utils.crypto.get_random_string(50))."
        )
    return secret


__all__ = [
    "RANDOM_STRING_CHARS",
    "InvalidAlgorithm",
    "constant_time_compare",
    "get_random_string",
    "pbkdf2",
    "salted_hmac",
    "secret_key_or_raise",
]

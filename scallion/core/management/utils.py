"""Helpers of the management commands that projects call too."""

from __future__ import annotations

from scallion.utils.crypto import get_random_string

#: The characters of a generated ``SECRET_KEY``: Django's set, with no quote or
#: backslash, so the key can be written into a settings file as it is.
SECRET_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)"


def get_random_secret_key() -> str:
    """A new 50-character ``SECRET_KEY`` (about 280 bits), strong enough for the
    deployment checks (``security.W009``)."""
    return get_random_string(50, SECRET_KEY_CHARS)

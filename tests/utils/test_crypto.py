"""pbkdf2: PBKDF2-HMAC with Django's defaults (SHA-256, the digest's own length)."""

from __future__ import annotations

import hashlib

from scallion.utils.crypto import pbkdf2


def test_pbkdf2_known_answers() -> None:
    # RFC 6070 (SHA-1) and the SHA-256 vector of RFC 7914 section 11.
    assert pbkdf2("password", "salt", 1, 20, hashlib.sha1).hex() == (
        "0c60c80f961f0e71f3a9b524af6012062fe037a6"
    )
    assert pbkdf2(b"passwd", b"salt", 1, 64).hex().startswith("55ac046e56e3089fec1691c22544b605")
    assert len(pbkdf2("p", "s", 2)) == 32  # dklen 0: SHA-256's 32 bytes

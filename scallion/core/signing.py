"""Tamper-proof values: Django's signing API (``Signer``, ``TimestampSigner``, ``dumps``).

A signed value is ``value:signature`` (plus ``:timestamp`` for a TimestampSigner),
the signature being an URL-safe base64 HMAC-SHA256 under a key derived from the
secret and a salt. Values are signed with the current key and checked against
the current key and then each of ``SECRET_KEY_FALLBACKS``, so a key can be
rotated without invalidating what is already out there: move the old key to the
fallbacks, deploy, and drop it once its values have expired.

The default salts and key prefixes are Django's own strings
(``"django.core.signing"``, ``"django.core.signing.Signer"``,
``b"django.http.cookies"``...): a signature is a function of the key, the salt
and the value, so with the same ``SECRET_KEY`` a value Django signed verifies
here, and a project ported from Django keeps its users' sessions, signed
cookies and messages.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import time
import zlib
from collections.abc import Iterable
from typing import Any, Protocol

from scallion.conf import settings
from scallion.utils.crypto import constant_time_compare, salted_hmac, secret_key_or_raise
from scallion.utils.module_loading import import_string

BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# A separator made of these characters could appear inside a signature or a
# base64 payload, making the split ambiguous.
_SEP_UNSAFE = re.compile(r"^[A-Za-z0-9\-_=]*$")
_DEFAULT_SALT = "django.core.signing"
_COOKIE_KEY_PREFIX = b"django.http.cookies"
_COOKIE_SALT_PREFIX = "django.http.cookies.v2"


class BadSignature(Exception):
    """The signature does not match: the value was tampered with or signed elsewhere."""


class SignatureExpired(BadSignature):
    """The signature is valid but older than ``max_age``."""


class Serializer(Protocol):
    def dumps(self, obj: Any) -> bytes: ...

    def loads(self, data: bytes) -> Any: ...


def b62_encode(s: int) -> str:
    if s == 0:
        return "0"
    sign = "-" if s < 0 else ""
    s = abs(s)
    digits = []
    while s > 0:
        s, remainder = divmod(s, 62)
        digits.append(BASE62_ALPHABET[remainder])
    return sign + "".join(reversed(digits))


def b62_decode(s: str) -> int:
    if s == "0":
        return 0
    sign = 1
    if s[:1] == "-":
        s = s[1:]
        sign = -1
    decoded = 0
    for digit in s:
        decoded = decoded * 62 + BASE62_ALPHABET.index(digit)
    return sign * decoded


def b64_encode(s: bytes) -> bytes:
    return base64.urlsafe_b64encode(s).strip(b"=")


def b64_decode(s: bytes) -> bytes:
    pad = b"=" * (-len(s) % 4)
    return base64.urlsafe_b64decode(s + pad)


def base64_hmac(salt: str, value: str | bytes, key: str | bytes, algorithm: str = "sha1") -> str:
    return b64_encode(salted_hmac(salt, value, key, algorithm=algorithm).digest()).decode()


class JSONSerializer:
    """Compact JSON; latin-1 round-trips every byte that ``json.dumps`` can emit."""

    def dumps(self, obj: Any) -> bytes:
        return json.dumps(obj, separators=(",", ":")).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return json.loads(data.decode("latin-1"))


def default_salt(signer_class: type) -> str:
    """A signer class's default salt: its dotted path, as Django spells it.

    Django's is ``"<module>.<class name>"``; scallion's own classes answer with
    Django's module (``"django.core.signing.TimestampSigner"``), so that their
    signatures are the ones Django computes.
    """
    module = signer_class.__module__
    if module == "scallion" or module.startswith("scallion."):
        module = "django" + module.removeprefix("scallion")
    return f"{module}.{signer_class.__name__}"


class Signer:
    """Signs and checks strings with a salted HMAC.

    ``key`` defaults to ``SECRET_KEY`` and ``fallback_keys`` to
    ``SECRET_KEY_FALLBACKS``; ``salt`` namespaces the signatures (a value signed
    for one purpose does not validate for another).
    """

    def __init__(
        self,
        *,
        key: str | bytes | None = None,
        sep: str = ":",
        salt: str | None = None,
        algorithm: str | None = None,
        fallback_keys: Iterable[str | bytes] | None = None,
    ) -> None:
        self.key: str | bytes = key if key is not None else secret_key_or_raise()
        self.fallback_keys: list[str | bytes] = (
            list(fallback_keys)
            if fallback_keys is not None
            else list(settings.SECRET_KEY_FALLBACKS)
        )
        self.sep = sep
        self.salt = salt or default_salt(type(self))
        self.algorithm = algorithm or "sha256"
        if _SEP_UNSAFE.match(self.sep):
            raise ValueError(
                f"Unsafe Signer separator: {sep!r} (cannot be empty or consist of only A-z0-9-_=)"
            )

    def signature(self, value: str | bytes, key: str | bytes | None = None) -> str:
        return base64_hmac(self.salt + "signer", value, key or self.key, self.algorithm)

    def sign(self, value: str) -> str:
        return f"{value}{self.sep}{self.signature(value)}"

    def unsign(self, signed_value: str) -> str:
        if self.sep not in signed_value:
            raise BadSignature(f'No "{self.sep}" found in value')
        value, sig = signed_value.rsplit(self.sep, 1)
        for key in (self.key, *self.fallback_keys):
            if constant_time_compare(sig, self.signature(value, key)):
                return value
        raise BadSignature(f'Signature "{sig}" does not match')

    def sign_object(
        self,
        obj: Any,
        serializer: type[Serializer] = JSONSerializer,
        compress: bool = False,
    ) -> str:
        """Serialize, optionally zlib-compress, base64-encode and sign ``obj``.

        The payload is readable by anyone (base64 is not encryption); the
        signature only proves that it was produced with the key. A leading ``.``
        marks a compressed payload.
        """
        data = serializer().dumps(obj)
        is_compressed = False
        if compress:
            compressed = zlib.compress(data)
            if len(compressed) < len(data) - 1:
                data = compressed
                is_compressed = True
        encoded = b64_encode(data).decode()
        if is_compressed:
            encoded = "." + encoded
        return self.sign(encoded)

    def unsign_object(
        self,
        signed_obj: str,
        serializer: type[Serializer] = JSONSerializer,
        **kwargs: Any,
    ) -> Any:
        # The signature is checked before anything is decoded or decompressed.
        encoded = self.unsign(signed_obj, **kwargs).encode()
        decompress = encoded[:1] == b"."
        if decompress:
            encoded = encoded[1:]
        data = b64_decode(encoded)
        if decompress:
            data = zlib.decompress(data)
        return serializer().loads(data)


class TimestampSigner(Signer):
    """A Signer that also records when it signed, so that age can be checked."""

    def timestamp(self) -> str:
        return b62_encode(int(time.time()))

    def sign(self, value: str) -> str:
        return super().sign(f"{value}{self.sep}{self.timestamp()}")

    def unsign(self, value: str, max_age: int | float | datetime.timedelta | None = None) -> str:
        """The original value, if the signature matches and is at most ``max_age`` old."""
        result = super().unsign(value)
        try:
            value, timestamp_text = result.rsplit(self.sep, 1)
            timestamp = b62_decode(timestamp_text)
        except ValueError:
            raise BadSignature("The signed value holds no valid timestamp") from None
        if max_age is not None:
            if isinstance(max_age, datetime.timedelta):
                max_age = max_age.total_seconds()
            age = time.time() - timestamp
            if age > max_age:
                raise SignatureExpired(f"Signature age {age} > {max_age} seconds")
        return value


def dumps(
    obj: Any,
    key: str | bytes | None = None,
    salt: str = _DEFAULT_SALT,
    serializer: type[Serializer] = JSONSerializer,
    compress: bool = False,
) -> str:
    """A URL-safe, signed, timestamped string holding ``obj`` (JSON by default)."""
    return TimestampSigner(key=key, salt=salt).sign_object(
        obj, serializer=serializer, compress=compress
    )


def loads(
    s: str,
    key: str | bytes | None = None,
    salt: str = _DEFAULT_SALT,
    serializer: type[Serializer] = JSONSerializer,
    max_age: int | float | datetime.timedelta | None = None,
    fallback_keys: Iterable[str | bytes] | None = None,
) -> Any:
    """The object in a ``dumps`` string; BadSignature or SignatureExpired if invalid."""
    return TimestampSigner(key=key, salt=salt, fallback_keys=fallback_keys).unsign_object(
        s, serializer=serializer, max_age=max_age
    )


def _cookie_signer_key(key: str | bytes) -> bytes:
    # A prefix keeps cookie signatures distinct from other uses of the same secret.
    return _COOKIE_KEY_PREFIX + (key.encode() if isinstance(key, str) else key)


def cookie_salt(cookie_name: str, salt: str = "") -> str:
    """The salt of a signed cookie: its name and the caller's salt, joined unambiguously.

    The salt's length comes first (Django 6.1's ``v2`` form), so the cookie
    ``"a"`` with salt ``"bc"`` and the cookie ``"ab"`` with salt ``"c"`` are
    signed differently; plain concatenation made one valid as the other.
    """
    return f"{_COOKIE_SALT_PREFIX}:{len(salt)}:{salt}{cookie_name}"


def legacy_cookie_salt(cookie_name: str, salt: str = "") -> str:
    """The salt cookies had before Django 6.1 (``SIGNED_COOKIE_LEGACY_SALT_FALLBACK``)."""
    return cookie_name + salt


def unsign_cookie(
    signed_value: str,
    *,
    cookie_name: str,
    salt: str = "",
    max_age: int | float | datetime.timedelta | None = None,
) -> str:
    """The value of a signed cookie; ``BadSignature`` or ``SignatureExpired`` if invalid.

    With ``SIGNED_COOKIE_LEGACY_SALT_FALLBACK`` on, a cookie signed with the
    older, ambiguous salt is also accepted (while its users' cookies are
    re-signed), as in Django.
    """
    try:
        return get_cookie_signer(salt=cookie_salt(cookie_name, salt)).unsign(
            signed_value, max_age=max_age
        )
    except SignatureExpired:
        raise
    except BadSignature:
        if not settings.SIGNED_COOKIE_LEGACY_SALT_FALLBACK:
            raise
        return get_cookie_signer(salt=legacy_cookie_salt(cookie_name, salt)).unsign(
            signed_value, max_age=max_age
        )


def get_cookie_signer(salt: str = "django.core.signing.get_cookie_signer") -> TimestampSigner:
    """The signer behind ``set_signed_cookie``/``get_signed_cookie`` (``SIGNING_BACKEND``)."""
    signer_class = import_string(settings.SIGNING_BACKEND)
    if not (isinstance(signer_class, type) and issubclass(signer_class, TimestampSigner)):
        raise TypeError(
            f"settings.SIGNING_BACKEND {settings.SIGNING_BACKEND!r} must name a subclass of "
            "scallion.core.signing.TimestampSigner (signed cookies check their age)."
        )
    signer: TimestampSigner = signer_class(
        key=_cookie_signer_key(secret_key_or_raise()),
        fallback_keys=[_cookie_signer_key(k) for k in settings.SECRET_KEY_FALLBACKS],
        salt=salt,
    )
    return signer


__all__ = [
    "BadSignature",
    "JSONSerializer",
    "SignatureExpired",
    "Signer",
    "TimestampSigner",
    "b62_decode",
    "b62_encode",
    "cookie_salt",
    "default_salt",
    "dumps",
    "get_cookie_signer",
    "legacy_cookie_salt",
    "loads",
    "unsign_cookie",
]

"""Signing: Django's algorithm and API, with key rotation through SECRET_KEY_FALLBACKS."""

from __future__ import annotations

import datetime
import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core import signing
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest, HttpResponse
from scallion.test import override_settings
from scallion.utils.crypto import (
    InvalidAlgorithm,
    constant_time_compare,
    get_random_string,
    salted_hmac,
)
from scallion.utils.deprecation import RemovedInDjango2028Warning


class FrozenTime:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, now: float = 1_700_000_000.0) -> None:
        self.now = now
        monkeypatch.setattr(signing.time, "time", lambda: self.now)


def test_signature_is_salted_hmac_sha256_base64url() -> None:
    signer = signing.Signer(key="secret", salt="s")
    key = hashlib.sha256(b"ssigner" + b"secret").digest()
    expected = hmac.new(key, b"hello", hashlib.sha256).digest()
    encoded = signing.b64_encode(expected).decode()
    assert signer.sign("hello") == f"hello:{encoded}"
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded


def test_unsign_round_trip_and_tampering() -> None:
    signer = signing.Signer(key="k")
    signed = signer.sign("value")
    assert signer.unsign(signed) == "value"
    with pytest.raises(signing.BadSignature):
        signer.unsign(signed[:-1] + ("A" if signed[-1] != "A" else "B"))
    with pytest.raises(signing.BadSignature):
        signer.unsign("value:" + signed.rsplit(":", 1)[1] + "x")
    with pytest.raises(signing.BadSignature, match="No"):
        signer.unsign("no separator here")


@pytest.mark.parametrize(
    ("value", "text"),
    [(123, "123"), (1.23, "1.23"), (True, "True"), (datetime.date(2026, 1, 2), "2026-01-02")],
)
def test_values_that_are_not_text_are_signed_as_their_str(value: object, text: str) -> None:
    signer = signing.Signer(key="k")
    signed = signer.sign(value)
    assert signed == signer.sign(text)
    assert signer.unsign(signed) == text
    timestamped = signing.TimestampSigner(key="k")
    assert timestamped.unsign(timestamped.sign(value)) == text


def test_base64_hmac_without_an_algorithm_warns_and_uses_sha1() -> None:
    key = hashlib.sha1(b"saltkey").digest()
    expected = signing.b64_encode(hmac.new(key, b"value", hashlib.sha1).digest()).decode()
    with pytest.warns(RemovedInDjango2028Warning, match="Pass an explicit algorithm"):
        assert signing.base64_hmac("salt", "value", "key") == expected
    assert signing.base64_hmac("salt", "value", "key", algorithm="sha1") == expected


def test_salt_and_key_separate_signatures() -> None:
    assert signing.Signer(key="k", salt="a").sign("v") != signing.Signer(key="k", salt="b").sign(
        "v"
    )
    signed = signing.Signer(key="k1").sign("v")
    with pytest.raises(signing.BadSignature):
        signing.Signer(key="k2").unsign(signed)


def test_default_key_is_secret_key() -> None:
    with override_settings(SECRET_KEY="abc", SECRET_KEY_FALLBACKS=[]):
        signed = signing.Signer().sign("v")
        assert signing.Signer(key="abc").unsign(signed) == "v"


def test_key_rotation_signs_with_current_and_accepts_fallbacks() -> None:
    with override_settings(SECRET_KEY="old", SECRET_KEY_FALLBACKS=[]):
        old_signed = signing.Signer().sign("v")
    with override_settings(SECRET_KEY="new", SECRET_KEY_FALLBACKS=["old"]):
        assert signing.Signer().unsign(old_signed) == "v"
        new_signed = signing.Signer().sign("v")
    assert new_signed != old_signed
    assert signing.Signer(key="new", fallback_keys=[]).unsign(new_signed) == "v"
    with (
        override_settings(SECRET_KEY="new", SECRET_KEY_FALLBACKS=[]),
        pytest.raises(signing.BadSignature),
    ):
        signing.Signer().unsign(old_signed)


def test_empty_secret_key_is_refused() -> None:
    with override_settings(SECRET_KEY=""), pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        signing.Signer()


@pytest.mark.parametrize("sep", ["", "a", "A9", "-", "_", "="])
def test_unsafe_separator_refused(sep: str) -> None:
    with pytest.raises(ValueError, match="Unsafe Signer separator"):
        signing.Signer(key="k", sep=sep)


def test_custom_separator() -> None:
    signer = signing.Signer(key="k", sep="/")
    assert signer.unsign(signer.sign("a:b")) == "a:b"


def test_values_containing_separator_round_trip() -> None:
    signer = signing.TimestampSigner(key="k")
    assert signer.unsign(signer.sign("a:b:c")) == "a:b:c"


def test_timestamp_signer_max_age(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FrozenTime(monkeypatch)
    signer = signing.TimestampSigner(key="k")
    signed = signer.sign("v")
    clock.now += 10
    assert signer.unsign(signed, max_age=10) == "v"
    assert signer.unsign(signed, max_age=datetime.timedelta(seconds=11)) == "v"
    with pytest.raises(signing.SignatureExpired):
        signer.unsign(signed, max_age=9)
    with pytest.raises(signing.SignatureExpired):
        signer.unsign(signed, max_age=datetime.timedelta(seconds=9))
    assert issubclass(signing.SignatureExpired, signing.BadSignature)


def test_timestamp_signer_refuses_a_plain_signed_value() -> None:
    plain = signing.Signer(key="k", salt="same").sign("novalue")
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(key="k", salt="same").unsign(plain)


def test_plain_signer_salt_differs_from_timestamp_signer() -> None:
    signed = signing.TimestampSigner(key="k").sign("v")
    with pytest.raises(signing.BadSignature):
        signing.Signer(key="k").unsign(signed)


def test_sign_object_round_trip_and_compression() -> None:
    signer = signing.Signer(key="k")
    obj = {"a": [1, 2, 3], "b": "x" * 200}
    plain = signer.sign_object(obj)
    compressed = signer.sign_object(obj, compress=True)
    assert compressed.startswith(".") and len(compressed) < len(plain)
    assert signer.unsign_object(plain) == obj
    assert signer.unsign_object(compressed) == obj
    # Incompressible data is not marked compressed.
    assert not signer.sign_object({"a": 1}, compress=True).startswith(".")


def test_sign_object_tampered_payload() -> None:
    signer = signing.Signer(key="k")
    signed = signer.sign_object({"admin": False})
    _payload, sig = signed.rsplit(":", 1)
    forged = signing.b64_encode(b'{"admin":true}').decode() + ":" + sig
    with pytest.raises(signing.BadSignature):
        signer.unsign_object(forged)


def test_dumps_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FrozenTime(monkeypatch)
    with override_settings(SECRET_KEY="k", SECRET_KEY_FALLBACKS=[]):
        token = signing.dumps({"user": 1}, compress=True)
        assert signing.loads(token) == {"user": 1}
        assert signing.loads(token, max_age=5) == {"user": 1}
        with pytest.raises(signing.BadSignature):
            signing.loads(token, salt="other")
        clock.now += 100
        with pytest.raises(signing.SignatureExpired):
            signing.loads(token, max_age=5)
    assert signing.loads(token, key="k") == {"user": 1}
    assert signing.loads(token, key="new", fallback_keys=["k"]) == {"user": 1}


def test_custom_serializer() -> None:
    class Upper:
        def dumps(self, obj: object) -> bytes:
            return str(obj).upper().encode()

        def loads(self, data: bytes) -> object:
            return data.decode()

    token = signing.dumps("abc", key="k", serializer=Upper)
    assert signing.loads(token, key="k", serializer=Upper) == "ABC"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_b62_round_trip(n: int) -> None:
    assert signing.b62_decode(signing.b62_encode(n)) == n


@given(st.text())
def test_unsign_never_raises_anything_but_bad_signature(value: str) -> None:
    signer = signing.TimestampSigner(key="k")
    try:
        signer.unsign(value, max_age=10)
        signer.unsign_object(value)
    except signing.BadSignature:
        pass


def test_cookie_signer_is_a_timestamp_signer_with_rotation() -> None:
    with override_settings(SECRET_KEY="old", SECRET_KEY_FALLBACKS=[]):
        old = signing.get_cookie_signer(salt="c").sign("v")
    with override_settings(SECRET_KEY="new", SECRET_KEY_FALLBACKS=["old"]):
        signer = signing.get_cookie_signer(salt="c")
        assert isinstance(signer, signing.TimestampSigner)
        assert signer.unsign(old) == "v"
    # Cookie signatures are distinct from plain signatures with the same key.
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(key="old", salt="c").unsign(old)


def test_signing_backend_must_be_a_timestamp_signer() -> None:
    with (
        override_settings(SIGNING_BACKEND="scallion.core.signing.Signer"),
        pytest.raises(TypeError, match="SIGNING_BACKEND"),
    ):
        signing.get_cookie_signer()


def test_signed_cookie_round_trip_through_request_and_response(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FrozenTime(monkeypatch)
    response = HttpResponse()
    response.set_signed_cookie("c", "hello", salt="extra")
    request = HttpRequest()
    request.COOKIES["c"] = response.cookies["c"].value
    assert request.get_signed_cookie("c", salt="extra") == "hello"
    assert request.get_signed_cookie("c", salt="other", default=None) is None
    with pytest.raises(signing.BadSignature):
        request.get_signed_cookie("c")  # salt includes the cookie name + salt
    clock.now += 61
    assert request.get_signed_cookie("c", salt="extra", max_age=60, default="old") == "old"
    with pytest.raises(signing.SignatureExpired):
        request.get_signed_cookie("c", salt="extra", max_age=60)
    # A cookie renamed by a client does not validate under the other name.
    request.COOKIES["d"] = request.COOKIES["c"]
    assert request.get_signed_cookie("d", salt="extra", default=None) is None
    with pytest.raises(KeyError):
        request.get_signed_cookie("missing")


def test_salted_hmac() -> None:
    mac = salted_hmac("salt", "value", "secret", algorithm="sha1")
    key = hashlib.sha1(b"saltsecret").digest()
    assert mac.digest() == hmac.new(key, b"value", hashlib.sha1).digest()
    assert salted_hmac("salt", "value", "secret", algorithm="sha256").digest_size == 32
    with override_settings(SECRET_KEY="secret"):
        assert salted_hmac("salt", "value", algorithm="sha1").digest() == mac.digest()
    # No algorithm: SHA-1 still, with Django 6.1's warning, pointing at the caller.
    with pytest.warns(RemovedInDjango2028Warning, match="salted_hmac\\(\\) will change") as caught:
        assert salted_hmac("salt", "value", "secret").digest() == mac.digest()
    assert caught[0].filename == __file__
    with pytest.raises(InvalidAlgorithm, match="nope"):
        salted_hmac("salt", "value", "secret", algorithm="nope")


def test_constant_time_compare_and_random_string() -> None:
    assert constant_time_compare("abc", b"abc")
    assert not constant_time_compare("abc", "abd")
    token = get_random_string(32)
    assert len(token) == 32 and token.isalnum()
    assert set(get_random_string(50, "ab")) <= {"a", "b"}
    assert get_random_string(32) != token


def test_signed_cookie_salts_do_not_meet_across_names() -> None:
    # Cookie "a" with salt "bc" and cookie "ab" with salt "c" once shared a salt.
    response = HttpResponse()
    response.set_signed_cookie("a", "hello", salt="bc")
    request = HttpRequest()
    request.COOKIES["ab"] = response.cookies["a"].value
    with pytest.raises(signing.BadSignature):
        request.get_signed_cookie("ab", salt="c")
    assert signing._cookie_signer_salt("a", "bc") != signing._cookie_signer_salt("ab", "c")


def legacy_signed(name: str, salt: str) -> str:
    """A value signed the old way (name and salt run together)."""
    return signing.get_cookie_signer(salt=signing._cookie_signer_legacy_salt(name, salt)).sign(
        "hello"
    )


def test_legacy_signed_cookies_are_refused_by_default() -> None:
    request = HttpRequest()
    request.COOKIES["a"] = legacy_signed("a", "bc")
    with pytest.raises(signing.BadSignature):
        request.get_signed_cookie("a", salt="bc")


def test_the_legacy_fallback_accepts_old_cookies_until_they_expire(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FrozenTime(monkeypatch)
    request = HttpRequest()
    request.COOKIES["a"] = legacy_signed("a", "bc")
    with override_settings(SIGNED_COOKIE_LEGACY_SALT_FALLBACK=True):
        assert request.get_signed_cookie("a", salt="bc", max_age=10) == "hello"
        # The fallback brings the old ambiguity back, which is why it is off by default.
        request.COOKIES["ab"] = request.COOKIES["a"]
        assert request.get_signed_cookie("ab", salt="c") == "hello"
        clock.now += 11
        with pytest.raises(signing.SignatureExpired):
            request.get_signed_cookie("a", salt="bc", max_age=10)
        # A new-style cookie that expired is not retried under the old salt.
        response = HttpResponse()
        response.set_signed_cookie("n", "hello", salt="bc")
        request.COOKIES["n"] = response.cookies["n"].value
        clock.now += 11
        with pytest.raises(signing.SignatureExpired):
            request.get_signed_cookie("n", salt="bc", max_age=10)

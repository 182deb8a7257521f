"""Signatures made by Django verify here: a port keeps its users' sessions and cookies.

Every value below was computed once by Django 6.1.3 on Python 3.13, in a
throw-away virtualenv, with ``SECRET_KEY = KEY`` and ``time.time()`` patched to
return ``NOW``::

    signing.Signer(key=KEY).sign("foo")
    signing.Signer(key=KEY, salt="extra").sign("foo")
    signing.TimestampSigner(key=KEY).sign("foo")
    signing.dumps({"a": 1, "b": ["x"]}, key=KEY)
    signing.dumps({"text": "spam " * 40}, key=KEY, compress=True)
    response.set_signed_cookie("name", "value", salt="s")  # and ("a", "v", salt="bc")
    signing.get_cookie_signer(salt="name" + "s").sign("value")  # the pre-6.1 salt
    # signed_cookies.SessionStore() with user_id=42, cart=["apple", "pear"], saved:
    session.session_key
    SessionBase().encode({"k": "v"})
    # CookieStorage._store([Message(20, "hi"),
    #                       Message(25, mark_safe("<b>ok</b>"), extra_tags="big")], response)
    response.cookies["messages"].value

Django is not installed where these tests run; the values are the contract.
"""

from __future__ import annotations

import types

import pytest
from markupsafe import Markup

from scallion.contrib.messages.storage.base import Message
from scallion.contrib.messages.storage.cookie import CookieStorage
from scallion.contrib.sessions.backends.base import SessionBase
from scallion.contrib.sessions.backends.signed_cookies import SessionStore
from scallion.core import signing
from scallion.http import HttpRequest, HttpResponse
from scallion.test import override_settings

KEY = "django-insecure-port-check-0123456789-abcdefghijklmnopqrstuvwxyz"
NOW = 1_800_000_000

DJANGO = {
    "signer": "foo:uc9KOAjVR_0BIt8aXSsnb0m5aSBeJXhBBgPSJ11JUBE",
    "signer_salt": "foo:y3TzENxeqtYwycTAuxijLDWmFqXVdEghKsroczg2lkQ",
    "timestamp_signer": "foo:1xocE4:o4ttPQTu8FALMbYYpXYCa23XgNk8ynZ2q9RyzM2QoAM",
    "dumps": "eyJhIjoxLCJiIjpbIngiXX0:1xocE4:MO2-ZDpeK0VVhJqBqxE-Z9RaLPOjkXbGSn7z8ZCMfuQ",
    "dumps_compressed": (
        ".eJyrVipJrShRslIqLkjMVRgGhFItAIniTCg:1xocE4:SF4xghFA1A9ocdG3Kp8Lbm5tZxHwU1PkxxDB0D5fzXY"
    ),
    "signed_cookie_name_s": "value:1xocE4:_FxZ4mX7EPaIB448bTYgPVbb7v4asEQ0uumTXnJxg-E",
    "signed_cookie_a_bc": "v:1xocE4:GeiCEsh5hjM9HDkoTZ8IEv0mFumikJsqThrGFHokKE8",
    "legacy_signed_cookie_name_s": "value:1xocE4:IvZ1L0Dq792oHR4r_j9cceHIppQOkhqqCrGveNO5UgU",
    "session_cookie": (
        "eyJ1c2VyX2lkIjo0MiwiY2FydCI6WyJhcHBsZSIsInBlYXIiXX0:1xocE4:"
        "hNcAghiYw8IJzPstnpB1fx7KChCxB2RQ-U5DLc1wybA"
    ),
    "session_encode": "eyJrIjoidiJ9:1xocE4:YVWUNq2M32f0wk5QajTIvEtGRWtaVL3HrHRKjc0avDo",
    "messages_cookie": (
        ".eJyLjlaKj88qzs-Lz00tLk5MT1XSMdAxMtBRyshUitXBlDTUMTLVUbJJssvPttFPslPSUUrKTFeKjQUAULIWQw"
        ":1xocE4:Idx76FbRvZX01YbkN_s5dCHJY63EIUHgd_WcC-YYfpg"
    ),
}


@pytest.fixture(autouse=True)
def django_key(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: float(NOW)))
    with override_settings(SECRET_KEY=KEY, SECRET_KEY_FALLBACKS=[]):
        yield


def test_signer_default_salt_is_djangos() -> None:
    assert signing.Signer(key=KEY).sign("foo") == DJANGO["signer"]
    assert signing.Signer(key=KEY, salt="extra").sign("foo") == DJANGO["signer_salt"]
    assert signing.TimestampSigner(key=KEY).sign("foo") == DJANGO["timestamp_signer"]
    assert signing.Signer().salt == "django.core.signing.Signer"
    assert signing.TimestampSigner().salt == "django.core.signing.TimestampSigner"


def test_a_subclass_keeps_its_own_dotted_path_as_salt() -> None:
    class ProjectSigner(signing.Signer):
        pass

    assert ProjectSigner().salt == f"{__name__}.ProjectSigner"


def test_dumps_and_loads_as_django() -> None:
    assert signing.dumps({"a": 1, "b": ["x"]}, key=KEY) == DJANGO["dumps"]
    assert signing.loads(DJANGO["dumps"], key=KEY) == {"a": 1, "b": ["x"]}
    assert signing.loads(DJANGO["dumps_compressed"], key=KEY) == {"text": "spam " * 40}


def request_with(cookies: dict[str, str]) -> HttpRequest:
    request = HttpRequest()
    request.COOKIES = cookies
    return request


def test_signed_cookies_as_django() -> None:
    response = HttpResponse()
    response.set_signed_cookie("name", "value", salt="s")
    assert response.cookies["name"].value == DJANGO["signed_cookie_name_s"]
    request = request_with({"name": DJANGO["signed_cookie_name_s"]})
    assert request.get_signed_cookie("name", salt="s") == "value"


def test_cookie_name_and_salt_are_joined_unambiguously() -> None:
    # "a" signed with salt "bc" must not pass as "ab" with salt "c".
    response = HttpResponse()
    response.set_signed_cookie("a", "v", salt="bc")
    signed = response.cookies["a"].value
    assert request_with({"a": signed}).get_signed_cookie("a", salt="bc") == "v"
    with pytest.raises(signing.BadSignature):
        request_with({"ab": signed}).get_signed_cookie("ab", salt="c")
    assert request_with({"ab": signed}).get_signed_cookie("ab", None, salt="c") is None
    assert signing.cookie_salt("a", "bc") != signing.cookie_salt("ab", "c")


def test_cookie_salt_is_djangos_v2() -> None:
    response = HttpResponse()
    response.set_signed_cookie("a", "v", salt="bc")
    assert response.cookies["a"].value == DJANGO["signed_cookie_a_bc"]


def test_cookies_signed_before_django_61_with_the_legacy_fallback() -> None:
    legacy = request_with({"name": DJANGO["legacy_signed_cookie_name_s"]})
    with pytest.raises(signing.BadSignature):
        legacy.get_signed_cookie("name", salt="s")
    with override_settings(SIGNED_COOKIE_LEGACY_SALT_FALLBACK=True):
        assert legacy.get_signed_cookie("name", salt="s") == "value"
        # An expired signature is not retried with the legacy salt.
        with pytest.raises(signing.SignatureExpired):
            request_with({"name": DJANGO["signed_cookie_name_s"]}).get_signed_cookie(
                "name", salt="s", max_age=-1
            )


def test_signed_cookie_session_from_django_is_loaded() -> None:
    session = SessionStore(DJANGO["session_cookie"])
    assert dict(session.items()) == {"user_id": 42, "cart": ["apple", "pear"]}


def test_session_data_encoded_as_django() -> None:
    assert SessionBase().encode({"k": "v"}) == DJANGO["session_encode"]
    assert SessionBase().decode(DJANGO["session_encode"]) == {"k": "v"}


def test_messages_cookie_from_django_is_read() -> None:
    storage = CookieStorage(request_with({"messages": DJANGO["messages_cookie"]}))
    messages = list(storage)
    assert messages == [Message(20, "hi"), Message(25, "<b>ok</b>", extra_tags="big")]
    assert isinstance(messages[1].message, Markup)  # Django's mark_safe survives
    assert messages[0].extra_tags is None and messages[1].extra_tags == "big"


def test_messages_cookie_written_in_djangos_format() -> None:
    response = HttpResponse()
    storage = CookieStorage(request_with({}))
    storage._store([Message(20, "hi"), Message(25, Markup("<b>ok</b>"), "big")], response)
    written = response.cookies["messages"].value
    # The same payload and signature Django computes (zlib output is the same
    # for the same input and level).
    assert written == DJANGO["messages_cookie"]

"""A visitor signed in under Django is still signed in after the port (same SECRET_KEY)."""

from __future__ import annotations

import json
import types

import pytest

from scallion.core import signing
from tests.http.hostile.edges import Request
from tests.http.test_signing_django import DJANGO, KEY, NOW

from .conftest import Serve

PORTED = {
    "SECRET_KEY": KEY,
    "SESSION_ENGINE": "scallion.contrib.sessions.backends.signed_cookies",
    "MESSAGE_STORAGE": "scallion.contrib.messages.storage.cookie.CookieStorage",
}


@pytest.fixture(autouse=True)
def signed_by_django_just_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: float(NOW)))


def visit(cookie: str) -> Request:
    return Request("ported", 200, path="/whoami/", environ={"HTTP_COOKIE": cookie})


def test_django_session_and_messages_cookies_are_honoured(serve: Serve) -> None:
    cookie = f"sessionid={DJANGO['session_cookie']}; messages={DJANGO['messages_cookie']}"
    answer = serve(visit(cookie), **PORTED)
    assert answer.status == 200
    assert json.loads(answer.content) == {"user_id": 42, "messages": ["hi", "<b>ok</b>"]}


def test_a_forged_session_cookie_is_not(serve: Serve, quiet_logs: None) -> None:
    forged = DJANGO["session_cookie"].replace("eyJ1c2VyX2lkIjo0Mi", "eyJ1c2VyX2lkIjo0My")
    answer = serve(visit(f"sessionid={forged}"), **PORTED)
    assert json.loads(answer.content)["user_id"] is None

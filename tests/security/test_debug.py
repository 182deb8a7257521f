"""The DEBUG error page, through both edges: secrets masked, and nothing at all with DEBUG off."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_SETTINGS
from tests.http.hostile.edges import Request

from .conftest import Serve

COOKIES = "sessionid=session-do-not-show; csrftoken=csrf-do-not-show-0123456789abcdef"
DEBUG_APP = {
    "DEBUG": True,
    "ROOT_URLCONF": "tests.debug.urls",
    "MIDDLEWARE": [],
    "CACHE_URL": "redis://:redis-pw-do-not-show@cache.local:6379/0",
}


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
@pytest.mark.parametrize("path", ["/boom/", "/signing/", "/key-in-local/"])
def test_debug_page_masks_secrets(serve: Serve, quiet_logs: None, accept: str, path: str) -> None:
    request = Request(
        "debug", 500, path=path, environ={"HTTP_COOKIE": COOKIES, "HTTP_ACCEPT": accept}
    )
    answer = serve(request, **DEBUG_APP)
    assert answer.status == 500
    page = answer.content.decode()
    assert "Traceback" in page or '"exceptions"' in page  # the technical page
    for secret in ("session-do-not-show", "csrf-do-not-show", "redis-pw-do-not-show"):
        assert secret not in page
    assert TEST_SETTINGS["SECRET_KEY"] not in page
    assert "SESSION_COOKIE_AGE" in page and "cache.local:6379" in page


def test_debug_off_shows_nothing(serve: Serve, quiet_logs: None) -> None:
    answer = serve(Request("debug", 500, path="/boom/"), **{**DEBUG_APP, "DEBUG": False})
    assert answer.status == 500
    assert b"Traceback" not in answer.content and b"ROOT_URLCONF" not in answer.content

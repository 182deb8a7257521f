"""A real browser (Debian's headless Chromium driven by Playwright) against scallion.

Proves what the test client cannot: that a browser accepts and returns the
session and CSRF cookies, submits the token in a form, follows the redirect
and shows the flashed message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.core.handlers.wsgi import WSGIHandler
from scallion.test import override_settings
from tests.threaded_server import serving

from .app import MIDDLEWARE
from .chromium import CHROMIUM_ARGS, chromium_executable

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server() -> Iterator[str]:
    """The test app served by waitress on a free port, in a thread of this process."""
    with override_settings(
        MIDDLEWARE=MIDDLEWARE,
        ROOT_URLCONF="tests.browser.app",
        SESSION_ENGINE="scallion.contrib.sessions.backends.signed_cookies",
    ):
        with serving(WSGIHandler()) as url:
            yield url


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    # Debian's package; Playwright's own browser download is not used.
    executable = chromium_executable()
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def test_session_counter_and_csrf_form(live_server: str, browser_page: Any) -> None:
    page = browser_page
    for expected in ("1", "2", "3"):
        page.goto(live_server + "/")
        assert page.text_content("#views") == expected

    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["httpOnly"] is True
    assert cookies["sessionid"]["sameSite"] == "Lax"
    assert "csrftoken" in cookies

    page.fill("#note", "hello from chromium")
    with page.expect_navigation():
        page.click("#send")
    assert page.url == live_server + "/"
    assert page.text_content("#posts") == "1"
    assert page.text_content("#views") == "4"
    assert page.text_content("#messages li.success") == "Saved: hello from chromium"

    page.goto(live_server + "/")
    assert page.text_content("#messages") == ""  # shown once

    response_status: list[int] = []
    page.on("response", lambda r: response_status.append(r.status) if "/submit/" in r.url else None)
    with page.expect_navigation():
        page.click("#send-forged")
    assert response_status == [403]
    assert "CSRF token missing" in (page.text_content("pre") or "")
    page.goto(live_server + "/")
    assert page.text_content("#posts") == "1"  # the forged post changed nothing

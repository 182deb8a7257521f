"""The showcase's live page in headless Chromium: two browser contexts share the chat room.

Two isolated contexts (two "people", no shared cookies) open the page on a
real uvicorn; a message typed in one appears in both, and Chromium's
``EventSource`` receives the server-sent clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers.conftest import BIN, Server, free_port

from .chromium import CHROMIUM_ARGS, chromium_executable, keep_artifact

pytestmark = [pytest.mark.browser, pytest.mark.server]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def showcase_url() -> Iterator[str]:
    port = free_port()
    argv = [
        str(BIN / "uvicorn"), "--app-dir", str(EXAMPLES), "showcase.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    server = Server(argv, port)
    try:
        server.wait_ready()
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright import sync_api

    executable = chromium_executable()
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield instance
        finally:
            instance.close()


def open_live(browser: Any, url: str, name: str) -> Any:
    context = browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    response = page.goto(f"{url}/live/?fast=1")
    assert response is not None and response.status == 200
    page.fill("#chat-name", name)
    page.click("#chat-join")
    page.wait_for_function("document.getElementById('chat-state').textContent === 'connected'")
    page.wait_for_selector(f"#chat-log li.welcome:has-text('joined as {name}')")
    return page


def test_chat_across_two_contexts_and_the_sse_clock(
    showcase_url: str, browser: Any, tmp_path: Path
) -> None:
    ada = open_live(browser, showcase_url, "ada")
    bob = open_live(browser, showcase_url, "bob")
    assert ada.context is not bob.context

    ada.fill("#chat-text", "<b>hello</b> bob")
    ada.click("#chat-send")
    for page in (ada, bob):
        item = page.locator("#chat-log li.message").first
        item.wait_for(timeout=10_000)
        assert item.inner_text() == "ada: <b>hello</b> bob"  # shown as text, not markup
    bob.fill("#chat-text", "hi ada")
    bob.press("#chat-text", "Enter")
    ada.locator("#chat-log li.message", has_text="bob: hi ada").wait_for(timeout=10_000)

    # EventSource: the clock ticks (fast mode: five a second) and says it is live.
    for page in (ada, bob):
        page.wait_for_function("Number(document.getElementById('tick').textContent) >= 3")
        assert page.locator("#clock-state").inner_text() == "live"

    shot = tmp_path / "showcase-live.png"
    ada.screenshot(path=str(shot), full_page=True)
    keep_artifact(shot)
    ada.context.close()
    bob.context.close()

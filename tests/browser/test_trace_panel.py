"""The trace panel in a real headless Chromium: the onion drawn matches MIDDLEWARE."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.core.handlers.wsgi import WSGIHandler
from scallion.core.servers.basehttp import create_server
from scallion.core.trace import ring
from scallion.test import override_settings
from tests.fixtures_redis import require_binary
from tests.trace.app import MIDDLEWARE, SETTINGS

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def server_url() -> Iterator[str]:
    """The trace test app served by the embedded server on a free loopback port."""
    ring.clear()
    with override_settings(**SETTINGS):
        server = create_server(WSGIHandler(), host="127.0.0.1", port=0, threads=2)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.effective_port}"
        finally:
            server.close()
            thread.join(timeout=10)
    ring.clear()


def test_panel_draws_the_configured_onion(server_url: str, tmp_path: Path) -> None:
    from playwright import sync_api

    chromium = require_binary("chromium", "chromium")
    profile = tmp_path / "chromium-profile"
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1100, "height": 900},
        )
        try:
            page = context.new_page()
            response = page.goto(f"{server_url}/")
            assert response is not None and response.status == 200
            assert page.locator("h1").inner_text() == "Traced <page>"

            panel = page.locator("#scallion-trace")
            onion = panel.locator(".sct-onion")
            assert not onion.is_visible()  # closed until asked for
            panel.locator("summary").click()
            onion.wait_for(state="visible")

            layers = panel.locator('.sct-step[data-kind="middleware"]')
            assert layers.evaluate_all("els => els.map(e => e.dataset.name)") == MIDDLEWARE
            # Each layer is drawn inside the one before it: the onion, outside-in.
            nested = layers.evaluate_all("els => els.slice(1).every((e, i) => els[i].contains(e))")
            assert nested is True
            view = panel.locator('.sct-step[data-kind="view"]')
            assert view.get_attribute("data-outcome") == "response"
            assert view.locator(".sct-badge").first.is_visible()
            assert panel.locator('.sct-step[data-kind="context_processor"]').count() == 1
            page.screenshot(path=str(tmp_path / "trace-panel.png"), full_page=False)

            # The full trace page, opened from the panel's link.
            panel.get_by_text("open this trace").click()
            page.wait_for_selector("#sct-trace")
            names = page.locator('#sct-trace .sct-step[data-kind="middleware"]').evaluate_all(
                "els => els.map(e => e.dataset.name)"
            )
            assert names == MIDDLEWARE
            page.screenshot(path=str(tmp_path / "trace-page.png"), full_page=True)

            page.goto(f"{server_url}/__scallion__/requests/")
            assert page.locator("#sct-requests tbody tr").count() >= 1
        finally:
            context.close()
    keep = os.environ.get("SCALLION_KEEP_SCREENSHOTS")
    if keep:
        for name in ("trace-panel.png", "trace-page.png"):
            shutil.copy(tmp_path / name, Path(keep) / name)
    assert (tmp_path / "trace-panel.png").stat().st_size > 10_000

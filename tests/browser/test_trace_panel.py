"""The trace panel in a real headless Chromium: the onion drawn matches MIDDLEWARE."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.core.handlers.wsgi import WSGIHandler
from scallion.core.trace import ring
from scallion.test import override_settings
from tests.threaded_server import serving
from tests.trace.app import MIDDLEWARE, SETTINGS

from . import png
from .chromium import keep_artifact

pytestmark = pytest.mark.browser


@pytest.fixture
def server_url() -> Iterator[str]:
    """The trace test app served by the embedded server on a free loopback port."""
    ring.clear()
    with override_settings(**SETTINGS):
        with serving(WSGIHandler()) as url:
            yield url
    ring.clear()


def test_panel_draws_the_configured_onion(
    server_url: str, chromium_context: Any, tmp_path: Path
) -> None:
    page = chromium_context.new_page()
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
    panel_png = tmp_path / "trace-panel.png"
    page.screenshot(path=str(panel_png), full_page=False)

    # The full trace page, opened from the panel's link.
    panel.get_by_text("open this trace").click()
    page.wait_for_selector("#sct-trace")
    names = page.locator('#sct-trace .sct-step[data-kind="middleware"]').evaluate_all(
        "els => els.map(e => e.dataset.name)"
    )
    assert names == MIDDLEWARE
    trace_png = tmp_path / "trace-page.png"
    page.screenshot(path=str(trace_png), full_page=True)

    page.goto(f"{server_url}/__scallion__/requests/")
    assert page.locator("#sct-requests tbody tr").count() >= 1

    for shot in (panel_png, trace_png):
        keep_artifact(shot)
        image = png.decode(shot.read_bytes())
        assert len(image.colour_counts()) > 50, shot.name  # not a blank capture
        # The outer layer's and the view's boxes are on the picture.
        assert image.count_near(png.hex_colour("#eef3ff")) > 500, shot.name
        assert image.count_near(png.hex_colour("#eaf8ee")) > 500, shot.name

"""The showcase app (examples/showcase) in a real headless Chromium: its trace panel.

The showcase is served by the embedded server (waitress) on a free loopback
port, with its own settings and the development server's static files, as
``scallion runserver`` serves it. The test opens the panel on the home page,
checks that the onion drawn is the showcase's ``MIDDLEWARE``, in order and
nested, and that the screenshot of the panel shows the layers' colours; the
screenshots are kept in the artifacts directory for review (see conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from . import png
from .chromium import keep_artifact

pytestmark = pytest.mark.browser


#: Background colours of the boxes (scallion/core/trace/templates/_style.html).
LAYER_COLOURS = ["#eef3ff", "#e2eafe", "#d5e0fc"]  # middleware, one shade deeper per level
CORE_COLOUR = "#fff7e6"
VIEW_COLOUR = "#eaf8ee"


def boxes_nest(page: Any, selector: str) -> bool:
    """Each matched box is drawn inside the previous one (geometry, not only the DOM)."""
    return bool(
        page.locator(selector).evaluate_all(
            """els => els.slice(1).every((el, i) => {
                const outer = els[i].getBoundingClientRect(), inner = el.getBoundingClientRect();
                return els[i].contains(el) && inner.width > 0 && inner.height > 0
                    && inner.left > outer.left && inner.right < outer.right
                    && inner.top > outer.top && inner.bottom < outer.bottom;
            })"""
        )
    )


def test_showcase_panel_draws_its_middleware(
    showcase: tuple[str, list[str]], chromium_context: Any, tmp_path: Path
) -> None:
    url, middleware = showcase
    page = chromium_context.new_page()
    page.set_viewport_size({"width": 1200, "height": 1800})
    response = page.goto(f"{url}/")
    assert response is not None and response.status == 200
    assert "Welcome to the scallion showcase" in page.locator("main").inner_text()
    # The stylesheet came from the development static files handler.
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""

    panel = page.locator("#scallion-trace")
    box = panel.locator(".sct-box")
    assert not box.is_visible()  # closed until asked for
    panel.locator("summary").click()
    box.wait_for(state="visible")

    layers = panel.locator('.sct-step[data-kind="middleware"]')
    assert layers.evaluate_all("els => els.map(e => e.dataset.name)") == middleware
    assert all(layers.nth(i).is_visible() for i in range(len(middleware)))
    assert boxes_nest(page, '#scallion-trace .sct-step[data-kind="middleware"]')
    # Innermost: the handler core, holding the URL resolution, the view and the template.
    core = layers.last.locator(':scope > .sct-step[data-kind="core"]')
    assert core.count() == 1 and core.is_visible()
    resolve = core.locator(':scope > .sct-step[data-kind="resolve"]')
    assert "''" in resolve.inner_text()  # the empty route of path("") is shown as ''
    view = core.locator(':scope > .sct-step[data-kind="view"]')
    assert view.get_attribute("data-name") == "showcase.views.home"
    assert view.get_attribute("data-outcome") == "response"
    assert view.locator(".sct-badge").first.is_visible()
    assert view.locator('.sct-step[data-kind="template_load"]').count() >= 1
    assert view.locator('.sct-step[data-kind="context_processor"]').count() == 4

    panel_png = tmp_path / "showcase-trace-panel.png"
    box.screenshot(path=str(panel_png))
    page_png = tmp_path / "showcase-trace-page.png"
    page.screenshot(path=str(page_png), full_page=True)
    keep_artifact(panel_png)
    keep_artifact(page_png)

    image = png.decode(panel_png.read_bytes())
    bounds = box.bounding_box()
    assert bounds is not None
    assert abs(image.width - round(bounds["width"])) <= 1
    assert len(image.colour_counts()) > 50  # text, borders and boxes: not a blank capture
    # Every level of the onion is on the picture, not only in the DOM.
    for colour in [*LAYER_COLOURS, CORE_COLOUR, VIEW_COLOUR]:
        assert image.count_near(png.hex_colour(colour)) > 500, colour
    assert png.decode(page_png.read_bytes()).count_near(png.hex_colour(LAYER_COLOURS[0])) > 500

    # The list of recent requests has this request, and opens its trace.
    page.goto(f"{url}/__scallion__/requests/")
    rows = page.locator("#sct-requests tbody tr")
    assert rows.count() >= 1
    home = page.locator("#sct-requests td.path a").filter(has_text=re.compile(r"^/$"))
    home.first.click()
    page.wait_for_selector("#sct-trace")
    names = page.locator('#sct-trace .sct-step[data-kind="middleware"]').evaluate_all(
        "els => els.map(e => e.dataset.name)"
    )
    assert names == middleware


def test_showcase_panel_is_readable_on_a_phone(
    showcase: tuple[str, list[str]], chromium_context: Any, tmp_path: Path
) -> None:
    """At 390 px wide the seven-layer onion fits the screen and no box hides its text."""
    url, middleware = showcase
    page = chromium_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/")
    panel = page.locator("#scallion-trace")
    panel.locator("summary").click()
    box = panel.locator(".sct-box")
    box.wait_for(state="visible")

    bounds = box.bounding_box()
    assert bounds is not None
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 390  # on the screen
    assert bounds["width"] >= 370  # the open panel takes the screen's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Nothing is wider than the panel (it would scroll sideways, cutting names off),
    # and no line of text overflows its box.
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth")
    overflowing = box.locator(".sct-head, .sct-detail, .sct-foot").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert overflowing == 0
    view = box.locator('.sct-step[data-kind="view"]').first
    view_bounds = view.bounding_box()
    assert view_bounds is not None and view_bounds["width"] >= 250
    name_size = view.locator(":scope > .sct-head .sct-name").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert name_size >= 11
    own_times = box.locator('.sct-step[data-kind="middleware"] > .sct-head .sct-own')
    assert own_times.count() == len(middleware) and own_times.first.is_visible()

    shot = tmp_path / "showcase-trace-panel-390px.png"
    box.screenshot(path=str(shot))
    keep_artifact(shot)
    image = png.decode(shot.read_bytes())
    assert len(image.colour_counts()) > 50
    for colour in [*LAYER_COLOURS, CORE_COLOUR]:
        assert image.count_near(png.hex_colour(colour)) > 300, colour

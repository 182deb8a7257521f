"""The tutorial's finished app (examples/showcase, which tests/docs/test_tutorial.py
proves the tutorial builds) in a real headless Chromium: its pages as a reader sees them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import png
from .chromium import keep_artifact

pytestmark = pytest.mark.browser

#: The stylesheet's colours (examples/showcase/static/showcase/site.css).
GREEN = "#3d7a2a"  # the header's rule and the navigation links
ERROR_RED = "#a32020"


def test_the_finished_app_looks_as_the_tutorial_says(
    showcase: tuple[str, list[str]], chromium_context: Any, tmp_path: Path
) -> None:
    url, _ = showcase
    page = chromium_context.new_page()
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(f"{url}/")
    assert page.locator("h1").inner_text() == "Welcome to the scallion showcase"
    labels = page.locator("header nav a").all_inner_texts()
    assert labels == [
        "Home",
        "Form",
        "Upload",
        "Session",
        "Class-based view",
        "JSON API",
        "Streaming",
        "Error page",
        "Live",
        "Django templates",
    ]
    assert page.locator('nav a[aria-current="page"]').inner_text() == "Home"
    # The stylesheet applied: the header's green rule, a centred column.
    header = page.locator("header")
    assert header.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgb(61, 122, 42)"
    assert page.locator("footer").inner_text() == "DEBUG is on. Served by scallion."
    home_png = tmp_path / "tutorial-app-home.png"
    page.screenshot(path=str(home_png), full_page=True)

    # The form of step 4, submitted empty: each error under its field, status 400.
    page.goto(f"{url}/contact/")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("button[type=submit]").click()
    assert posted.value.status == 400
    page.wait_for_selector("#error-name")
    assert page.locator("#error-email").inner_text() == "Enter a valid email address."
    assert page.locator("#error-name").evaluate("e => getComputedStyle(e).color") == (
        "rgb(163, 32, 32)"
    )
    contact_png = tmp_path / "tutorial-app-contact-errors.png"
    page.screenshot(path=str(contact_png), full_page=True)

    for shot, colours in ((home_png, [GREEN]), (contact_png, [GREEN, ERROR_RED])):
        keep_artifact(shot)
        image = png.decode(shot.read_bytes())
        assert len(image.colour_counts()) > 20, shot.name  # text and rules: not blank
        for colour in colours:
            assert image.count_near(png.hex_colour(colour)) > 100, (shot.name, colour)

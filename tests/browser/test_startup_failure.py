"""The page ``scallion runserver`` answers while the project fails to start, in Chromium."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.management.test_project_end_to_end import Server, write_mini_project

from . import png
from .chromium import keep_artifact

pytestmark = [pytest.mark.browser, pytest.mark.server]

HEADER_PINK = "#fde8e6"  # the technical pages' header (scallion/views/templates/_debug_style.html)


def test_the_start_up_failure_page(chromium_context: Any, tmp_path: Path, free_port: int) -> None:
    views = write_mini_project(tmp_path / "proj")
    settings = views.parent / "settings.py"
    settings.write_text(
        settings.read_text()
        + "\nINSTALLED_FEATURES = {'search': 'on'}\n"
        + "SEARCH_BACKEND = INSTALLED_FEATURES['serach']  # a typo: KeyError at start-up\n"
    )
    server = Server([], tmp_path / "proj", free_port, tmp_path / "server.log")
    try:
        page = chromium_context.new_page()
        page.set_viewport_size({"width": 1100, "height": 900})
        deadline = time.monotonic() + 30
        response = None
        while response is None:
            try:
                response = page.goto(f"http://127.0.0.1:{free_port}/", timeout=5000)
            except Exception:
                if time.monotonic() > deadline or server.process.poll() is not None:
                    raise AssertionError(f"no page:\n{server.log}") from None
                time.sleep(0.1)
        assert response.status == 500
        assert page.locator("h1").inner_text() == "The project failed to start"
        assert "KeyError: 'serach'" in page.locator("#exception-value").inner_text()
        lines = settings.read_text().splitlines()
        typo_line = next(n for n, text in enumerate(lines, 1) if "'serach'" in text)
        raised_at = page.locator("#raised-at").inner_text()
        assert raised_at == f"{settings}, line {typo_line}, in <module>", raised_at
        # scallion's and the import machinery's frames fold into one line; the project's
        # frame is open, with its source and the failing line marked.
        folded = page.locator("details.library-run")
        assert folded.count() == 1 and folded.get_attribute("open") is None
        frame = page.locator("details.frame.user").last
        assert frame.get_attribute("open") is not None
        current = frame.locator("li.current").inner_text()
        assert "INSTALLED_FEATURES['serach']" in current
        shot = tmp_path / "startup-failure-page.png"
        page.screenshot(path=str(shot), full_page=False)
        keep_artifact(shot)
        image = png.decode(shot.read_bytes())
        assert len(image.colour_counts()) > 30
        assert image.count_near(png.hex_colour(HEADER_PINK)) > 5000  # the header band
        assert image.count_near(png.hex_colour("#d0342c")) > 200  # the failing line, marked
    finally:
        server.stop()

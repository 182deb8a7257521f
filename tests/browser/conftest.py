"""The ``chromium_context`` fixture: a fresh headless Chromium (see chromium.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .chromium import CHROMIUM_ARGS, chromium_executable


@pytest.fixture
def chromium_context(tmp_path: Path) -> Iterator[Any]:
    """A fresh persistent Chromium context (its own profile under tmp_path), closed after."""
    from playwright import sync_api

    executable = chromium_executable()
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1100, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()

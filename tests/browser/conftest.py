"""Fixtures: a fresh headless Chromium (see chromium.py), and the showcase on a free port."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.contrib.staticfiles.handlers import StaticFilesHandler
from scallion.core.handlers.wsgi import WSGIHandler
from scallion.core.trace import ring
from scallion.test import override_settings
from tests.threaded_server import serving

from .chromium import CHROMIUM_ARGS, REPO, chromium_executable

EXAMPLES = REPO / "examples"


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


@pytest.fixture
def showcase(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """The showcase on a free port; yields its URL and its configured MIDDLEWARE."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    module = importlib.import_module("showcase.settings")
    values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    assert values["DEBUG"] is True and values["TRACE_REQUESTS"] is True
    ring.clear()
    try:
        with override_settings(**values):
            app = StaticFilesHandler(WSGIHandler())
            with serving(app) as url:
                yield url, list(values["MIDDLEWARE"])
    finally:
        ring.clear()
        for name in [m for m in sys.modules if m == "showcase" or m.startswith("showcase.")]:
            del sys.modules[name]

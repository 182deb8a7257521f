"""Settings for the tests of scallion.test: their URLconf and templates."""

from __future__ import annotations

from pathlib import Path

from scallion.test import override_settings

TEMPLATES_DIR = Path(__file__).parent / "templates"

#: The settings these tests run with (applied by each test class or fixture).
TEST_SETTINGS = override_settings(
    ROOT_URLCONF="tests.test.urls",
    TEMPLATES=[{"DIRS": [str(TEMPLATES_DIR)]}],
)

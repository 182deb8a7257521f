"""Template tests run with real template files and an installed-app package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.test import override_settings

HERE = Path(__file__).parent
TEMPLATE_DIR = HERE / "templates"
OTHER_DIR = HERE / "other_templates"
BACKEND = "scallion.template.backends.jinja2.Jinja2"


def engine_settings(**options: Any) -> dict[str, Any]:
    return {
        "BACKEND": BACKEND,
        "DIRS": [TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "tests.template.processors.site",
                "scallion.template.context_processors.request",
            ],
            **options,
        },
    }


@pytest.fixture(autouse=True)
def template_settings() -> Iterator[None]:
    with override_settings(
        TEMPLATES=[engine_settings()],
        INSTALLED_APPS=["tests.template.app_pkg"],
        ROOT_URLCONF="tests.template.urls",
    ):
        yield


@pytest.fixture(autouse=True)
def reset_processor_calls() -> None:
    from tests.template import processors

    processors.CALLS["site"] = 0

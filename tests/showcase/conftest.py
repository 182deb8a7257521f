"""The showcase app (examples/showcase) under the test client, with its own settings."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.test import Client, override_settings

EXAMPLES = str(Path(__file__).resolve().parents[2] / "examples")


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    """A client for the showcase: its settings module's values, plus the test host."""
    monkeypatch.syspath_prepend(EXAMPLES)
    module = importlib.import_module("showcase.settings")
    values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    values["ALLOWED_HOSTS"] = ["testserver"]
    with override_settings(**values):
        yield Client()
    for name in [m for m in sys.modules if m == "showcase" or m.startswith("showcase.")]:
        del sys.modules[name]

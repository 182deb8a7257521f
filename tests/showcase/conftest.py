"""The showcase app (examples/showcase): where it lives, for the tests that load it."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = str(Path(__file__).resolve().parents[2] / "examples")

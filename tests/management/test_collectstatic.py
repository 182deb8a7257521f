"""``scallion collectstatic``: hands off to staticfiles' collect() and reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scallion.test import override_settings

Run = Callable[..., Any]


def test_collects(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: green }")
    root = tmp_path / "collected"
    with override_settings(STATICFILES_DIRS=[str(source)], STATIC_ROOT=str(root)):
        result = run("collectstatic", "--noinput")
    assert result.code == 0, result.err
    assert "1 static file copied to" in result.out
    assert "hashed" in result.out
    assert (root / "css" / "site.css").read_text() == "body { color: green }"


def test_needs_static_root(run: Run) -> None:
    with override_settings(STATIC_ROOT=None):
        result = run("collectstatic")
    assert result.code == 1
    assert "The STATIC_ROOT setting is not set" in result.err

"""``scallion collectstatic``: hands off to staticfiles' collect() and reports."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def filled_root(tmp_path: Path) -> Iterator[Path]:
    """Settings with one source file and a STATIC_ROOT that already holds a file."""
    source = tmp_path / "static"
    source.mkdir()
    (source / "app.js").write_text("new()")
    root = tmp_path / "collected"
    root.mkdir()
    (root / "old.txt").write_text("from an earlier deployment")
    with override_settings(STATICFILES_DIRS=[str(source)], STATIC_ROOT=str(root)):
        yield root


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_asks_before_writing_into_a_non_empty_root_and_no_cancels(
    run: Run, filled_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, "no\n")
    result = run("collectstatic")
    assert result.code == 1
    assert "You have requested to collect static files at the destination" in result.out
    assert f"    {filled_root}\n" in result.out
    assert "This will overwrite existing files!" in result.out
    assert result.out.endswith("Type 'yes' to continue, or 'no' to cancel: ")
    assert "Collecting static files cancelled." in result.err
    assert not (filled_root / "app.js").exists()


def test_yes_collects(run: Run, filled_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer(monkeypatch, "yes\n")
    result = run("collectstatic")
    assert result.code == 0, result.err
    assert (filled_root / "app.js").read_text() == "new()"
    assert (filled_root / "old.txt").exists()


def test_clear_warns_that_everything_is_deleted(
    run: Run, filled_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, "yes\n")
    result = run("collectstatic", "--clear")
    assert result.code == 0, result.err
    assert "This will DELETE ALL FILES in this location!" in result.out
    assert not (filled_root / "old.txt").exists()


@pytest.mark.parametrize("reply", ["", "y\n", "YES\n", " yes\n"])
def test_only_yes_confirms(
    run: Run, filled_root: Path, monkeypatch: pytest.MonkeyPatch, reply: str
) -> None:
    answer(monkeypatch, reply)  # "" is the end of input: a closed stdin cancels
    assert run("collectstatic").code == 1
    assert not (filled_root / "app.js").exists()


@pytest.mark.parametrize("flag", ["--noinput", "--no-input"])
def test_noinput_never_asks(
    run: Run, filled_root: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    answer(monkeypatch, "")
    result = run("collectstatic", flag)
    assert result.code == 0, result.err
    assert "Are you sure" not in result.out


def test_an_empty_or_missing_root_is_not_asked_about(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, "")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.css").write_text("a{}")
    (tmp_path / "empty").mkdir()
    for root in (tmp_path / "empty", tmp_path / "missing"):
        with override_settings(STATICFILES_DIRS=[str(tmp_path / "static")], STATIC_ROOT=str(root)):
            result = run("collectstatic")
        assert result.code == 0, result.err
        assert "Are you sure" not in result.out
        assert (root / "a.css").exists()


@pytest.fixture
def private_files(tmp_path: Path) -> Iterator[Path]:
    """A source folder holding secrets and clutter next to the real files."""
    source = tmp_path / "static"
    for folder in ("js/vendor", ".git", "CVS"):
        (source / folder).mkdir(parents=True)
    (source / "js" / "app.js").write_text("app()")
    (source / "js" / "vendor" / "lib.js").write_text("lib()")
    (source / ".env").write_text("SECRET=1")
    (source / ".git" / "config").write_text("[core]")
    (source / "CVS" / "Entries").write_text("cvs")
    (source / "js" / "app.js~").write_text("old")
    root = tmp_path / "collected"
    with override_settings(STATICFILES_DIRS=[str(source)], STATIC_ROOT=str(root)):
        yield root


def collected_names(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_private_files_are_not_collected(run: Run, private_files: Path) -> None:
    assert run("collectstatic", "--noinput", "--no-hash", "--no-compress").code == 0
    assert collected_names(private_files) == {"js/app.js", "js/vendor/lib.js"}


def test_ignore_adds_patterns_matched_on_names_and_paths(run: Run, private_files: Path) -> None:
    args = ("--noinput", "--no-hash", "--no-compress", "-i", "js/vendor/*", "--ignore", "*.md")
    assert run("collectstatic", *args).code == 0
    assert collected_names(private_files) == {"js/app.js"}


def test_no_default_ignore_collects_everything(run: Run, private_files: Path) -> None:
    args = ("--noinput", "--no-hash", "--no-compress", "--no-default-ignore")
    assert run("collectstatic", *args).code == 0
    assert {".env", ".git/config", "CVS/Entries", "js/app.js~"} <= collected_names(private_files)

"""utils._os: safe_join keeps a path inside its base; safe_makedirs applies the mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import SuspiciousFileOperation
from scallion.utils._os import safe_join, safe_makedirs, symlinks_supported, to_path


def test_safe_join() -> None:
    assert safe_join("/base", "a", "b.txt") == "/base/a/b.txt"
    assert safe_join("/base", "a/../b") == "/base/b"
    assert safe_join("/base", "") == "/base"
    assert safe_join("/", "etc") == "/etc"
    for outside in ("../x", "/etc/passwd", "a/../../x"):
        with pytest.raises(SuspiciousFileOperation, match="outside of the base path"):
            safe_join("/base", outside)
    with pytest.raises(SuspiciousFileOperation):
        safe_join("/base", "../base2/x")  # a sibling sharing the prefix


@given(st.lists(st.sampled_from(["a", "..", ".", "b", "/", "c/d"]), max_size=6))
def test_safe_join_never_leaves_the_base(parts: list[str]) -> None:
    try:
        joined = safe_join("/srv/base", *parts)
    except SuspiciousFileOperation:
        return
    assert joined == "/srv/base" or joined.startswith("/srv/base/")


def test_safe_makedirs_applies_the_mode_to_every_level(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    old = os.umask(0o077)
    try:
        safe_makedirs(target, 0o751)
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert folder.stat().st_mode & 0o777 == 0o751
    safe_makedirs(target, 0o751, exist_ok=True)
    with pytest.raises(FileExistsError):
        safe_makedirs(target, 0o751)


def test_to_path_and_symlinks() -> None:
    assert to_path("a/b") == Path("a/b")
    with pytest.raises(TypeError, match="Invalid path type: int"):
        to_path(1)  # type: ignore[arg-type]
    assert symlinks_supported() is True

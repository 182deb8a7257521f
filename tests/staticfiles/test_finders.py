"""Finders over STATICFILES_DIRS and installed packages' static/ folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from scallion.contrib.staticfiles import finders
from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import override_settings
from tests.staticfiles.conftest import StaticTree

APP_STATIC = Path(__file__).parent.parent / "template" / "app_pkg" / "static"


def test_find_in_dirs_prefixed_dirs_and_apps(tree: StaticTree) -> None:
    assert finders.find("css/site.css") == str(tree.src / "css" / "site.css")
    assert finders.find("vendor/lib.js") == str(tree.vendor / "lib.js")
    assert finders.find("app_pkg/app.js") == str(APP_STATIC / "app_pkg" / "app.js")
    assert finders.find("lib.js") is None
    assert finders.find("missing.css") is None


def test_find_all(tree: StaticTree) -> None:
    (tree.vendor / "dup" / "x.js").write_text("1")
    (tree.src / "vendor").mkdir()
    (tree.src / "vendor" / "dup").mkdir()
    (tree.src / "vendor" / "dup" / "x.js").write_text("2")
    found = finders.find("vendor/dup/x.js", find_all=True)
    assert found == [str(tree.src / "vendor" / "dup" / "x.js"), str(tree.vendor / "dup" / "x.js")]


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "css/../../secret.txt",
        "/etc/passwd",
        "leak.txt",
        "outside/passwd",
        "css\\site.css",
        "css/site.css\x00",
        "",
    ],
)
def test_find_refuses_paths_out_of_the_folders(tree: StaticTree, path: str) -> None:
    assert finders.find(path) is None
    assert finders.find(path, find_all=True) == []


def test_symlink_inside_the_folder_is_followed(tree: StaticTree) -> None:
    assert finders.find("css/inside-link.css") is not None


def test_list_skips_ignored_names_and_links_out(tree: StaticTree) -> None:
    names = {name for finder in finders.get_finders() for name, _ in finder.list()}
    assert {"css/site.css", "js/app.js", "vendor/lib.js", "app_pkg/app.js"} <= names
    assert "css/inside-link.css" in names
    assert not {".hidden", "backup~", "leak.txt", "outside/passwd"} & names


def test_static_root_as_a_source_is_refused(tree: StaticTree) -> None:
    tree.root.mkdir()
    with override_settings(STATICFILES_DIRS=[tree.root]):
        with pytest.raises(ImproperlyConfigured, match="STATIC_ROOT"):
            finders.find("x")


def test_bad_finder_is_named(tree: StaticTree) -> None:
    with override_settings(STATICFILES_FINDERS=["nowhere.Finder"]):
        with pytest.raises(ImproperlyConfigured, match=r"nowhere\.Finder"):
            finders.find("x")
    with override_settings(STATICFILES_FINDERS=["builtins.dict"]):
        with pytest.raises(ImproperlyConfigured, match="BaseFinder"):
            finders.find("x")


@pytest.mark.parametrize("path", [".hidden", "backup~", "./.hidden"])
def test_find_skips_what_collect_ignores(tree: StaticTree, path: str) -> None:
    # Development serves what production would: no dotfiles, no backups.
    assert (tree.src / path).exists()
    assert finders.find(path) is None
    assert finders.find(path, find_all=True) == []


def test_find_skips_files_inside_ignored_folders(tree: StaticTree) -> None:
    (tree.src / ".git").mkdir()
    (tree.src / ".git" / "config").write_text("[core]\n")
    assert finders.find(".git/config") is None

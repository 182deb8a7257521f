"""Finders over STATICFILES_DIRS and installed packages' static/ folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from scallion.contrib.staticfiles import finders
from scallion.contrib.staticfiles.utils import DEFAULT_IGNORE_PATTERNS
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
    names = {
        f"{storage.prefix}/{name}" if getattr(storage, "prefix", "") else name
        for finder in finders.get_finders()
        for name, storage in finder.list(DEFAULT_IGNORE_PATTERNS)
    }
    assert {"css/site.css", "js/app.js", "vendor/lib.js", "app_pkg/app.js"} <= names
    assert "css/inside-link.css" in names
    assert not {".hidden", "backup~", "leak.txt", "outside/passwd"} & names


def test_checks_report_what_is_wrong_with_staticfiles_dirs(tree: StaticTree) -> None:
    tree.root.mkdir()
    with override_settings(STATICFILES_DIRS=[tree.root, ("pre/", tree.src), tree.base / "missing"]):
        ids = [message.id for message in finders.FileSystemFinder().check()]
    assert ids == ["staticfiles.E002", "staticfiles.E003", "staticfiles.W004"]
    with override_settings(STATICFILES_DIRS="static"):
        [message] = finders.FileSystemFinder().check()
    assert message.id == "staticfiles.E001"
    assert message.hint == "Perhaps you forgot a trailing comma?"


def test_bad_finder_is_named(tree: StaticTree) -> None:
    with override_settings(STATICFILES_FINDERS=["nowhere.Finder"]):
        with pytest.raises(ImportError, match="nowhere"):
            finders.find("x")
    with override_settings(STATICFILES_FINDERS=["builtins.dict"]):
        with pytest.raises(ImproperlyConfigured, match="is not a subclass of"):
            finders.find("x")


def test_searched_locations_are_recorded(tree: StaticTree) -> None:
    finders.find("missing.css")
    assert str(tree.src) in map(str, finders.searched_locations)
    assert str(tree.vendor) in map(str, finders.searched_locations)
    assert str(APP_STATIC) in finders.searched_locations


def test_default_storage_finder(tree: StaticTree) -> None:
    media = tree.base / "media"
    media.mkdir()
    (media / "up.txt").write_text("u")
    with override_settings(
        MEDIA_ROOT=str(media),
        STATICFILES_FINDERS=["scallion.contrib.staticfiles.finders.DefaultStorageFinder"],
    ):
        assert finders.find("up.txt") == str(media / "up.txt")
        assert finders.find("up.txt", find_all=True) == [str(media / "up.txt")]
        assert finders.find("../secret.txt") is None
    with override_settings(MEDIA_ROOT=""), pytest.raises(ImproperlyConfigured, match="location"):
        finders.DefaultStorageFinder()


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

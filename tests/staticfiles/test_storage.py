"""static(): STATIC_URL joining, quoting, hashed names from the manifest."""

from __future__ import annotations

import json

import pytest

from scallion.contrib.staticfiles.storage import hashed_name, static
from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import override_settings
from scallion.urls import clear_script_prefix, set_script_prefix
from tests.staticfiles.conftest import StaticTree


def write_manifest(tree: StaticTree, paths: dict[str, str]) -> None:
    tree.root.mkdir(exist_ok=True)
    (tree.root / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))


def test_joins_static_url_and_quotes(tree: StaticTree) -> None:
    assert static("css/site.css") == "/static/css/site.css"
    assert static("js/my file.js") == "/static/js/my%20file.js"
    assert static("/css/site.css") == "/static/css/site.css"
    assert static("font.woff?#iefix") == "/static/font.woff?#iefix"


def test_cdn_static_url(tree: StaticTree) -> None:
    with override_settings(STATIC_URL="https://cdn.example/s/"):
        assert static("a.css") == "https://cdn.example/s/a.css"


def test_relative_static_url_uses_script_prefix(tree: StaticTree) -> None:
    with override_settings(STATIC_URL="static/"):
        set_script_prefix("/app/")
        try:
            assert static("a.css") == "/app/static/a.css"
        finally:
            clear_script_prefix()


def test_static_url_is_required_and_must_end_with_slash(tree: StaticTree) -> None:
    with override_settings(STATIC_URL=None):
        with pytest.raises(ImproperlyConfigured, match="STATIC_URL"):
            static("a.css")
    with override_settings(STATIC_URL="/static"):
        with pytest.raises(ImproperlyConfigured, match="slash"):
            static("a.css")


def test_manifest_names_are_used(tree: StaticTree) -> None:
    write_manifest(tree, {"a.css": "a.0123456789ab.css"})
    with override_settings(STATIC_ROOT=str(tree.root)):
        assert static("a.css") == "/static/a.0123456789ab.css"
        assert static("a.css?v=2#x") == "/static/a.0123456789ab.css?v=2#x"
        assert hashed_name("a.css") == "a.0123456789ab.css"
        with pytest.raises(ValueError, match=r"Missing staticfiles manifest entry for 'b\.css'"):
            static("b.css")


def test_debug_ignores_the_manifest(tree: StaticTree) -> None:
    write_manifest(tree, {"a.css": "a.0123456789ab.css"})
    with override_settings(DEBUG=True, STATIC_ROOT=str(tree.root)):
        assert static("a.css") == "/static/a.css"


def test_broken_manifest_is_reported(tree: StaticTree) -> None:
    tree.root.mkdir()
    (tree.root / "staticfiles.json").write_text("{not json")
    with override_settings(STATIC_ROOT=str(tree.root)):
        with pytest.raises(ImproperlyConfigured, match="collectstatic"):
            static("a.css")
    (tree.root / "staticfiles.json").write_text("[]")
    with override_settings(STATIC_ROOT=str(tree.root)):
        with pytest.raises(ImproperlyConfigured, match="paths"):
            static("a.css")

"""collect(): collectstatic as a function, with hashed copies, rewritten references, twins."""

from __future__ import annotations

import gzip
import json

import pytest

from scallion.contrib.staticfiles.collect import HASHED_NAME_RE, collect
from scallion.contrib.staticfiles.storage import static
from scallion.core.exceptions import ImproperlyConfigured
from scallion.template import engines
from scallion.test import override_settings
from tests.staticfiles.conftest import APP_JS, StaticTree


def test_copies_every_file_under_its_name_and_a_hashed_name(tree: StaticTree) -> None:
    result = collect()
    assert result.static_root == str(tree.root)
    for name in ("css/site.css", "js/app.js", "img/logo.png", "vendor/lib.js", "app_pkg/app.js"):
        assert name in result.copied
        assert (tree.root / name).is_file()
        hashed = result.hashed[name]
        assert HASHED_NAME_RE.search(hashed)
        assert (tree.root / hashed).is_file()
    assert (tree.root / "js" / "app.js").read_text() == APP_JS
    assert (tree.root / result.hashed["js/app.js"]).read_text() == APP_JS


def test_hidden_files_and_links_out_are_not_collected(tree: StaticTree) -> None:
    result = collect()
    assert not {".hidden", "backup~", "leak.txt", "outside/passwd"} & set(result.copied)
    assert not (tree.root / "leak.txt").exists()
    assert not (tree.root / "outside").exists()


def test_manifest_maps_names_to_hashed_names(tree: StaticTree) -> None:
    result = collect()
    manifest = json.loads((tree.root / "staticfiles.json").read_text())
    assert result.manifest_path == str(tree.root / "staticfiles.json")
    assert manifest["paths"] == result.hashed
    assert manifest["version"] == "1.1"


def test_hash_follows_content(tree: StaticTree) -> None:
    first = collect().hashed["js/app.js"]
    (tree.src / "js" / "app.js").write_text(APP_JS + "// changed\n")
    assert collect().hashed["js/app.js"] != first


def test_css_references_point_at_hashed_names(tree: StaticTree) -> None:
    result = collect()
    css = (tree.root / result.hashed["css/site.css"]).read_text()
    logo = result.hashed["img/logo.png"].rsplit("/", 1)[1]
    reset = result.hashed["css/reset.css"].rsplit("/", 1)[1]
    # Rewritten in Django's form: url("...") and @import url("...").
    assert f'@import url("{reset}");' in css
    assert f'url("../img/{logo}")' in css
    assert f'url("../img/{logo}?v=1#frag")' in css
    assert "url(data:image/png;base64,AAAA)" in css
    assert "url(https://cdn.example/a.png)" in css
    assert f'url("/static/img/{logo}")' in css
    # The unhashed copy is left as written.
    assert (tree.root / "css" / "site.css").read_text().startswith('@import "reset.css";')


def test_css_hash_changes_when_a_referenced_file_changes(tree: StaticTree) -> None:
    first = collect().hashed["css/site.css"]
    (tree.src / "img" / "logo.png").write_bytes(b"new logo")
    assert collect().hashed["css/site.css"] != first


def test_gzip_twins_for_compressible_files(tree: StaticTree) -> None:
    result = collect()
    assert "js/app.js.gz" in result.compressed
    assert gzip.decompress((tree.root / "js" / "app.js.gz").read_bytes()).decode() == APP_JS
    assert f"{result.hashed['js/app.js']}.gz" in result.compressed
    assert not (tree.root / "img" / "logo.png.gz").exists()  # not a compressible type
    assert not (tree.root / "css" / "reset.css.gz").exists()  # too small to bother


def test_options_turn_hashing_and_compression_off(tree: StaticTree) -> None:
    result = collect(hashed=False, compress=False)
    assert result.hashed == {} and result.compressed == []
    assert not (tree.root / "staticfiles.json").exists()


def test_first_finder_wins_and_later_copies_are_reported(tree: StaticTree) -> None:
    (tree.src / "vendor").mkdir()
    (tree.src / "vendor" / "lib.js").write_text("from src\n")
    result = collect()
    assert (tree.root / "vendor" / "lib.js").read_text() == "from src\n"
    assert "vendor/lib.js" in result.skipped


def test_clear_removes_stale_files(tree: StaticTree) -> None:
    tree.root.mkdir()
    (tree.root / "stale.txt").write_text("x")
    collect()
    assert (tree.root / "stale.txt").exists()
    collect(clear=True)
    assert not (tree.root / "stale.txt").exists()


def test_explicit_destination_and_log(tree: StaticTree) -> None:
    lines: list[str] = []
    result = collect(tree.base / "elsewhere", log=lines.append)
    assert (tree.base / "elsewhere" / "css" / "site.css").exists()
    assert f"Copying '{tree.src / 'css' / 'site.css'}'" in lines
    assert any(line.startswith("Post-processed 'css/site.css' as 'css/site.") for line in lines)
    assert result.static_root == str(tree.base / "elsewhere")


def test_without_static_root_says_what_to_set(tree: StaticTree) -> None:
    with override_settings(STATIC_ROOT=None):
        with pytest.raises(ImproperlyConfigured, match="STATIC_ROOT"):
            collect()


MANIFEST_STORAGES = {
    "staticfiles": {
        "BACKEND": "scallion.contrib.staticfiles.storage.CompressedManifestStaticFilesStorage"
    }
}


def test_static_uses_hashed_names_with_a_manifest_storage(tree: StaticTree) -> None:
    result = collect()
    # The default storage (Django's StaticFilesStorage) does not hash.
    assert static("css/site.css") == "/static/css/site.css"
    with override_settings(STORAGES=MANIFEST_STORAGES):
        assert static("css/site.css") == f"/static/{result.hashed['css/site.css']}"
        with override_settings(TEMPLATES=[{"BACKEND": "scallion.template.backends.jinja2.Jinja2"}]):
            template = engines["jinja2"].from_string("{{ static('js/app.js') }}")
            assert template.render() == f"/static/{result.hashed['js/app.js']}"

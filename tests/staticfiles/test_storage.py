"""The static files' storages: URLs, hashed names, the manifest, compressed twins."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from scallion.contrib.staticfiles.storage import (
    CompressedManifestStaticFilesStorage,
    HashedFilesMixin,
    ManifestStaticFilesStorage,
    StaticFilesStorage,
    _css_ignored_re,
    _js_ignored_re,
    static,
    staticfiles_storage,
)
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.files.base import ContentFile
from scallion.test import override_settings
from scallion.urls import clear_script_prefix, set_script_prefix
from tests.staticfiles.conftest import StaticTree

MANIFEST = "scallion.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def write_manifest(root: Path, paths: dict[str, str]) -> None:
    root.mkdir(exist_ok=True)
    (root / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))


def test_urls_join_static_url_and_quote(tree: StaticTree) -> None:
    assert static("css/site.css") == "/static/css/site.css"
    assert static("js/my file.js") == "/static/js/my%20file.js"
    assert static("/css/site.css") == "/static/css/site.css"
    with override_settings(STATIC_URL="https://cdn.example/s/"):
        assert static("a.css") == "https://cdn.example/s/a.css"


def test_a_relative_static_url_gets_the_script_prefix(tree: StaticTree) -> None:
    set_script_prefix("/app/")
    try:
        with override_settings(STATIC_URL="static/"):
            assert static("a.css") == "/app/static/a.css"
    finally:
        clear_script_prefix()


def test_settings_that_cannot_work_are_refused(tree: StaticTree) -> None:
    with (
        override_settings(STATIC_URL=None),
        pytest.raises(ImproperlyConfigured, match="STATIC_URL"),
    ):
        StaticFilesStorage()
    with override_settings(MEDIA_URL="/static/"):
        with pytest.raises(ImproperlyConfigured, match="must have different values"):
            StaticFilesStorage()
    with override_settings(STATIC_ROOT=None):
        with pytest.raises(ImproperlyConfigured, match="STATIC_ROOT setting to a filesystem"):
            StaticFilesStorage().path("a.css")


def test_the_configured_storage_follows_settings(tree: StaticTree) -> None:
    assert type(staticfiles_storage._wrapped).__name__ != "ManifestStaticFilesStorage"
    with override_settings(STORAGES={"staticfiles": {"BACKEND": MANIFEST}}):
        assert isinstance(staticfiles_storage, ManifestStaticFilesStorage)
        with override_settings(STATIC_ROOT=str(tree.base / "other")):
            assert staticfiles_storage.location == str(tree.base / "other")
    assert not isinstance(staticfiles_storage, ManifestStaticFilesStorage)


def test_manifest_names_are_used_outside_debug(tree: StaticTree) -> None:
    write_manifest(tree.root, {"a.css": "a.0123456789ab.css"})
    with override_settings(STORAGES={"staticfiles": {"BACKEND": MANIFEST}}):
        assert static("a.css") == "/static/a.0123456789ab.css"
        assert static("a.css?v=2#x") == "/static/a.0123456789ab.css?v=2#x"
        with pytest.raises(ValueError, match=r"Missing staticfiles manifest entry for 'b\.css'"):
            static("b.css")
        with override_settings(DEBUG=True):
            assert static("a.css") == "/static/a.css"


def test_a_broken_manifest_is_reported(tree: StaticTree) -> None:
    tree.root.mkdir()
    (tree.root / "staticfiles.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"Couldn't load manifest 'staticfiles\.json'"):
        ManifestStaticFilesStorage()
    (tree.root / "staticfiles.json").write_text(json.dumps({"version": "9"}))
    with pytest.raises(ValueError, match="Couldn't load manifest"):
        ManifestStaticFilesStorage()


def test_hashed_name_is_the_md5_prefix_before_the_extension(tmp_path: Path) -> None:
    storage = ManifestStaticFilesStorage(location=tmp_path, base_url="/s/")
    digest = hashlib.md5(b"body{}").hexdigest()[:12]
    assert storage.hashed_name("a.css", ContentFile(b"body{}")) == f"a.{digest}.css"
    assert storage.hashed_name("f.eot?#iefix", ContentFile(b"x")).endswith(".eot?#iefix")
    with pytest.raises(ValueError, match="could not be found"):
        storage.hashed_name("missing.css")


def test_post_process_hashes_rewrites_and_records(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "img").mkdir(parents=True)
    (source / "img" / "a.png").write_bytes(b"png")
    (source / "site.css").write_text(
        'body { background: url("img/a.png"); }\n/* url(img/gone.png) */\n'
    )
    storage = ManifestStaticFilesStorage(location=tmp_path / "out", base_url="/s/")
    for name in ("img/a.png", "site.css"):
        storage.save(name, ContentFile((source / name).read_bytes()))
    source_storage = StaticFilesStorage(location=source, base_url="/s/")
    paths = {name: (source_storage, name) for name in ("img/a.png", "site.css")}
    processed = {name: hashed for name, hashed, _ in storage.post_process(paths)}
    hashed_css = processed["site.css"]
    css = (tmp_path / "out" / hashed_css).read_text()
    png = processed["img/a.png"].split("/")[-1]
    assert f'url("img/{png}")' in css
    assert "/* url(img/gone.png) */" in css  # a comment is left alone
    manifest = json.loads((tmp_path / "out" / "staticfiles.json").read_text())
    assert manifest["paths"] == {"img/a.png": processed["img/a.png"], "site.css": hashed_css}
    assert manifest["version"] == "1.1" and len(manifest["hash"]) == 12
    # A dry run does nothing.
    assert list(storage.post_process(paths, dry_run=True)) == []


def test_a_reference_to_a_missing_file_names_the_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "site.css").write_text("a {}\nb { background: url(missing.png); }\n")
    storage = ManifestStaticFilesStorage(location=tmp_path / "out", base_url="/s/")
    storage.save("site.css", ContentFile((source / "site.css").read_bytes()))
    paths = {"site.css": (StaticFilesStorage(location=source, base_url="/s/"), "site.css")}
    # The first failure is what collectstatic reports (it stops there).
    name, hashed, error = next(iter(storage.post_process(paths)))
    assert (name, hashed) == ("site.css", None)
    assert isinstance(error, ValueError)
    assert "'site.css' contains this reference 'url(missing.png)' on line \n2: " in "\n".join(
        error.__notes__
    )


def test_compressed_twins(tmp_path: Path) -> None:
    storage = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/s/")
    body = b"function f() { return 1; }\n" * 50
    storage.save("app.js", ContentFile(body))
    storage.save("tiny.js", ContentFile(b"1;"))
    storage.save("logo.png", ContentFile(body))
    source = StaticFilesStorage(location=tmp_path, base_url="/s/")
    paths = {name: (source, name) for name in ("app.js", "tiny.js", "logo.png")}
    names = [name for name, _, _ in storage.post_process(paths)]
    assert "app.js.gz" in names
    assert gzip.decompress((tmp_path / "app.js.gz").read_bytes()) == body
    hashed = storage.stored_name("app.js")
    assert (tmp_path / f"{hashed}.gz").exists()
    assert not (tmp_path / "tiny.js.gz").exists()  # too small
    assert not (tmp_path / "logo.png.gz").exists()  # not a compressible type


@pytest.mark.parametrize(
    ("content", "pattern", "blocks"),
    [
        ("/* c */ url(a.png)", _css_ignored_re, ["/* c */"]),
        ("'url(a)' \"url(b)\"", _css_ignored_re, ["'url(a)'", '"url(b)"']),
        (r".x\'-\' url(a.png)", _css_ignored_re, [r"\'", r"\'"]),
        ("// c\nimport x from './a.js'", _js_ignored_re, ["// c", "'./a.js'"]),
        ("`url(${a})`", _js_ignored_re, ["`url(${a})`"]),
    ],
)
def test_ignored_blocks(content: str, pattern: object, blocks: list[str]) -> None:
    found = HashedFilesMixin().get_ignored_blocks(content, pattern)
    assert [content[start:end] for start, end in found] == blocks

"""scallion.views.static.serve: the development view for a document root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404
from scallion.test import RequestFactory
from scallion.utils.http import http_date
from scallion.views.static import resolve_within, safe_relative_path, serve

rf = RequestFactory()

CORPUS = [
    "../secret.txt",
    "sub/../../secret.txt",
    "/etc/passwd",
    "//etc/passwd",
    "sub\\..\\..\\secret.txt",
    "file.txt\x00.png",
    "link-out.txt",
    "dir-out/passwd",
    "../root/file.txt",
    "/".join([".."] * 20) + "/etc/passwd",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    docroot = tmp_path / "root"
    (docroot / "sub").mkdir(parents=True)
    (docroot / "file.txt").write_text("hello file\n")
    (docroot / "sub" / "<b>.txt").write_text("b")
    (docroot / ".hidden").write_text("h")
    (docroot / "archive.tar.gz").write_bytes(b"\x1f\x8b fake")
    (tmp_path / "secret.txt").write_text("top secret\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd").write_text("root:x:0:0\n")
    os.symlink(tmp_path / "secret.txt", docroot / "link-out.txt")
    os.symlink(tmp_path / "outside", docroot / "dir-out")
    return docroot


def read(response: object) -> bytes:
    try:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    finally:
        response.close()  # type: ignore[attr-defined]


def test_serves_a_file(root: Path) -> None:
    response = serve(rf.get("/"), "file.txt", document_root=root)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Length"] == "11"
    assert response["Last-Modified"] == http_date((root / "file.txt").stat().st_mtime)
    assert read(response) == b"hello file\n"


def test_compressed_files_keep_their_encoding(root: Path) -> None:
    response = serve(rf.get("/"), "archive.tar.gz", document_root=str(root))
    assert response["Content-Encoding"] == "gzip"
    read(response)


def test_not_modified(root: Path) -> None:
    since = http_date((root / "file.txt").stat().st_mtime + 10)
    response = serve(rf.get("/", HTTP_IF_MODIFIED_SINCE=since), "file.txt", document_root=root)
    assert response.status_code == 304


def test_range(root: Path) -> None:
    response = serve(rf.get("/", HTTP_RANGE="bytes=0-4"), "file.txt", document_root=root)
    assert response.status_code == 206
    assert read(response) == b"hello"


def test_missing_and_directories_are_404(root: Path) -> None:
    with pytest.raises(Http404, match="does not exist"):
        serve(rf.get("/"), "nope.txt", document_root=root)
    with pytest.raises(Http404, match="Directory indexes"):
        serve(rf.get("/"), "sub/", document_root=root)


def test_directory_index(root: Path) -> None:
    response = serve(rf.get("/"), "", document_root=root, show_indexes=True)
    html = response.content.decode()
    assert '<a href="file.txt">file.txt</a>' in html
    assert '<a href="sub/">sub/</a>' in html
    assert ".hidden" not in html
    sub = serve(rf.get("/"), "sub/", document_root=root, show_indexes=True).content.decode()
    assert "&lt;b&gt;.txt" in sub and "<b>" not in sub
    assert '<a href="../">../</a>' in sub


@pytest.mark.parametrize("path", CORPUS)
def test_traversal_corpus_is_404(root: Path, path: str) -> None:
    with pytest.raises(Http404):
        response = serve(rf.get("/"), path, document_root=root)
        response.close()


def test_document_root_is_required() -> None:
    with pytest.raises(ImproperlyConfigured, match="document_root"):
        serve(rf.get("/"), "file.txt")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a/b.css", "a/b.css"),
        ("a/../b", None),
        ("./a", None),
        ("a//b", None),
        ("/a", None),
        ("a\\b", None),
        ("a\x00", None),
        ("", None),
        ("..", None),
    ],
)
def test_safe_relative_path(path: str, expected: str | None) -> None:
    assert safe_relative_path(path) == expected


def test_resolve_within_follows_links_only_inside(root: Path) -> None:
    os.symlink(root / "file.txt", root / "inside-link.txt")
    assert resolve_within(root, "inside-link.txt") == str((root / "file.txt").resolve())
    assert resolve_within(root, "link-out.txt") is None

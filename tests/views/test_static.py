"""scallion.views.static.serve: the development view for a document root."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404
from scallion.test import Client, RequestFactory, override_settings
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


# The corpus as raw request URIs: the client percent-decodes each into PATH_INFO as a
# server would, and the raw form is given as REQUEST_URI.
HTTP_CORPUS = [
    "/media/../secret.txt",
    "/media/%2e%2e/secret.txt",
    "/media/%2E%2E/%2e%2e/secret.txt",
    "/media/sub/../../secret.txt",
    "/media/sub/..%2f..%2fsecret.txt",
    "/media/sub%2finner.txt",  # encoded slash, even to a file inside the root
    "/media/sub%2Finner.txt",
    "/media/%2fetc%2fpasswd",
    "/media/sub\\inner.txt",
    "/media/sub%5cinner.txt",
    "/media/..%5c..%5csecret.txt",
    "/media/file.txt%00.png",
    "/media/file.txt%00",
    "/media//etc/passwd",
    "/media///secret.txt",
    "/media/./file.txt",  # dot segments, even inside the root
    "/media/sub/../file.txt",
    "/media/sub/./inner.txt",
    "/media/file.txt/.",
    "/media/sub/..",
    "/media/....//secret.txt",
    "/media/%252e%252e/secret.txt",  # double encoding
    "/media/%252e%252e%252fsecret.txt",
    "/media/file%2etxt",
    "/media/link-out.txt",  # symlinks out of the root
    "/media/dir-out/passwd",
    "/media/C:/Windows/win.ini",
    "/media/" + "/".join([".."] * 12) + "/etc/passwd",
]


@pytest.fixture
def media_root(root: Path) -> Iterator[Path]:
    (root / "sub" / "inner.txt").write_text("inner\n")
    with override_settings(ROOT_URLCONF="tests.views.urls", MEDIA_ROOT=str(root)):
        yield root


def fetch(path: str, **extra: str) -> tuple[int, bytes]:
    response = Client().get(path, **extra)
    data = read(response) if response.streaming else response.content
    return response.status_code, data


def test_served_through_a_urlconf(media_root: Path) -> None:
    assert fetch("/media/file.txt") == (200, b"hello file\n")
    assert fetch("/media/sub/inner.txt", REQUEST_URI="/media/sub/inner.txt") == (200, b"inner\n")
    assert fetch("/media/sub/%3Cb%3E.txt", REQUEST_URI="/media/sub/%3Cb%3E.txt") == (200, b"b")
    status, index = fetch("/media/sub/")
    assert status == 200 and b"inner.txt" in index


@pytest.mark.parametrize("path", HTTP_CORPUS)
def test_traversal_corpus_through_a_urlconf_is_404(media_root: Path, path: str) -> None:
    status, data = fetch(path, REQUEST_URI=path)
    assert status == 404, path
    assert b"top secret" not in data and b"root:x:0:0" not in data


@pytest.mark.parametrize("path", HTTP_CORPUS)
def test_traversal_corpus_is_404_without_the_raw_uri(media_root: Path, path: str) -> None:
    status, _ = fetch(path)
    if path in ("/media/sub%2finner.txt", "/media/sub%2Finner.txt", "/media/file%2etxt"):
        # Without the raw URI the decoded path is an honest file inside the root.
        assert status == 200
    else:
        assert status == 404, path


def test_was_modified_since() -> None:
    from scallion.utils.http import http_date
    from scallion.views.static import was_modified_since

    assert was_modified_since(None, 100)
    assert not was_modified_since(http_date(100), 100)
    assert not was_modified_since(http_date(200), 100)
    assert was_modified_since(http_date(100), 200)
    assert was_modified_since("not a date", 100)

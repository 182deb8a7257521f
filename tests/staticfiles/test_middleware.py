"""StaticFilesMiddleware: headers, conditional requests, Range, compressed twins, traversal."""

from __future__ import annotations

import asyncio
import gzip
import os
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.contrib.staticfiles.collect import CollectResult, collect
from scallion.core.exceptions import MiddlewareNotUsed
from scallion.http import HttpRequest, HttpResponse
from scallion.middleware.staticfiles import StaticFilesMiddleware, parse_accept_encoding
from scallion.test import Client, RequestFactory, override_settings
from tests.staticfiles.conftest import APP_JS, TRAVERSAL_CORPUS, StaticTree

MIDDLEWARE = ["scallion.middleware.staticfiles.StaticFilesMiddleware"]


@pytest.fixture
def collected(tree: StaticTree) -> Iterator[CollectResult]:
    result = collect()
    # A brotli twin, written by hand (the brotli package is optional).
    (tree.root / "js" / "app.js.br").write_bytes(b"fake-brotli-bytes")
    # A link inside STATIC_ROOT that leads out of it.
    os.symlink(tree.secret, tree.root / "escape.txt")
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        yield result


def body(response: Any) -> bytes:
    """The whole body; the response (and the file it holds) is closed afterwards."""
    try:
        return b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        response.close()


class Fetcher:
    """A client whose responses are read and closed at once (``.data`` holds the body)."""

    def __init__(self) -> None:
        self.client = Client()

    def __getattr__(self, method: str) -> Any:
        def call(path: str, *args: Any, **kwargs: Any) -> Any:
            response = getattr(self.client, method)(path, *args, **kwargs)
            response.data = body(response)
            return response

        return call


def test_serves_a_file_with_headers(collected: CollectResult, tree: StaticTree) -> None:
    response = Fetcher().get("/static/css/site.css")
    assert response.status_code == 200
    assert response.data == (tree.root / "css" / "site.css").read_bytes()
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Content-Length"] == str((tree.root / "css" / "site.css").stat().st_size)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "max-age=60, public"
    assert response["Accept-Ranges"] == "bytes"


def test_hashed_names_are_cached_for_a_year(collected: CollectResult) -> None:
    response = Fetcher().get(f"/static/{collected.hashed['img/logo.png']}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response["Content-Type"] == "image/png"


def test_max_age_setting_and_debug(collected: CollectResult) -> None:
    with override_settings(STATICFILES_MAX_AGE=600):
        assert Fetcher().get("/static/css/site.css")["Cache-Control"] == "max-age=600, public"
    with override_settings(DEBUG=True):
        assert Fetcher().get("/static/css/site.css")["Cache-Control"] == "no-cache"


def test_if_none_match_gives_304(collected: CollectResult) -> None:
    client = Fetcher()
    etag = client.get("/static/css/site.css")["ETag"]
    response = client.get("/static/css/site.css", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "max-age=60, public"


def test_if_modified_since_gives_304(collected: CollectResult) -> None:
    client = Fetcher()
    last_modified = client.get("/static/css/site.css")["Last-Modified"]
    response = client.get("/static/css/site.css", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_range(collected: CollectResult, tree: StaticTree) -> None:
    response = Fetcher().get(
        "/static/js/app.js", HTTP_RANGE="bytes=0-7", HTTP_ACCEPT_ENCODING="gzip, br"
    )
    assert response.status_code == 206
    assert response.data == APP_JS.encode()[:8]
    assert response["Content-Range"] == f"bytes 0-7/{len(APP_JS)}"
    assert not response.has_header("Content-Encoding")  # ranges come from the plain file


def test_unsatisfiable_range(collected: CollectResult) -> None:
    response = Fetcher().get("/static/css/reset.css", HTTP_RANGE="bytes=9999-")
    assert response.status_code == 416


@pytest.mark.parametrize(
    ("accept", "encoding", "suffix"),
    [
        ("gzip", "gzip", ".gz"),
        ("gzip, deflate, br", "br", ".br"),
        ("br;q=0, gzip", "gzip", ".gz"),
        ("*", "br", ".br"),
        ("br;q=0, gzip;q=0", None, ""),
        ("identity", None, ""),
        ("", None, ""),
        ("gzip;q=abc", None, ""),
    ],
)
def test_compressed_twin_chosen_by_accept_encoding(
    collected: CollectResult, tree: StaticTree, accept: str, encoding: str | None, suffix: str
) -> None:
    response = Fetcher().get("/static/js/app.js", HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200
    assert response["Vary"] == "Accept-Encoding"
    assert response.get("Content-Encoding") == encoding
    assert response.data == (tree.root / "js" / f"app.js{suffix}").read_bytes()
    assert response["Content-Type"] == "text/javascript; charset=utf-8"


def test_gzip_twin_decompresses_to_the_file(collected: CollectResult) -> None:
    response = Fetcher().get("/static/js/app.js", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(response.data).decode() == APP_JS


def test_files_without_twins_do_not_vary(collected: CollectResult) -> None:
    response = Fetcher().get("/static/css/reset.css", HTTP_ACCEPT_ENCODING="gzip")
    assert not response.has_header("Vary")


def test_head_has_headers_and_no_body(collected: CollectResult) -> None:
    response = Fetcher().head("/static/js/app.js")
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(APP_JS))
    assert response.data == b""


def test_other_methods_are_405(collected: CollectResult) -> None:
    response = Fetcher().post("/static/js/app.js")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_other_paths_reach_the_application(collected: CollectResult) -> None:
    assert Fetcher().get("/hello/").content == b"Hello, World!"
    assert Fetcher().get("/static/not-there.css").status_code == 404


@pytest.mark.parametrize("path", TRAVERSAL_CORPUS)
def test_traversal_corpus_is_404(collected: CollectResult, path: str) -> None:
    response = Fetcher().get(path, REQUEST_URI=path)
    assert response.status_code == 404, path
    assert b"top secret" not in response.data and b"root:x:0:0" not in response.data


@pytest.mark.parametrize("path", TRAVERSAL_CORPUS)
def test_traversal_corpus_is_404_without_raw_uri(collected: CollectResult, path: str) -> None:
    response = Fetcher().get(path)
    if path.lower() in ("/static/css%2fsite.css",):
        # Without the raw URI the decoded path is a real file: that is not traversal.
        assert response.status_code == 200
    else:
        assert response.status_code == 404, path


def test_links_out_of_the_root_are_not_indexed(collected: CollectResult) -> None:
    assert Fetcher().get("/static/escape.txt").status_code == 404


def test_index_is_built_once(collected: CollectResult, tree: StaticTree) -> None:
    client = Fetcher()
    assert client.get("/static/css/reset.css").status_code == 200
    (tree.root / "late.css").write_text("late")
    assert client.get("/static/late.css").status_code == 404


def test_raw_path_from_an_asgi_scope(collected: CollectResult) -> None:
    request = RequestFactory().get("/static/css/site.css")
    request.scope = {"raw_path": b"/static/css%2Fsite.css"}  # type: ignore[attr-defined]
    middleware = StaticFilesMiddleware(lambda r: HttpResponse("app"))
    assert middleware(request).status_code == 404


def test_async_mode(collected: CollectResult) -> None:
    async def app(request: HttpRequest) -> HttpResponse:
        return HttpResponse("app")

    middleware = StaticFilesMiddleware(app)
    served = asyncio.run(middleware(RequestFactory().get("/static/css/reset.css")))
    assert served.status_code == 200
    assert body(served) == b"* { margin: 0; }\n"
    passed = asyncio.run(middleware(RequestFactory().get("/other/")))
    assert passed.content == b"app"


def test_not_used_without_static_root(tree: StaticTree) -> None:
    with override_settings(STATIC_ROOT=None):
        with pytest.raises(MiddlewareNotUsed, match="STATIC_ROOT"):
            StaticFilesMiddleware(lambda r: HttpResponse())
        with override_settings(MIDDLEWARE=MIDDLEWARE):
            assert Fetcher().get("/hello/").status_code == 200


def test_not_used_with_a_cdn_static_url(tree: StaticTree) -> None:
    with override_settings(STATIC_URL="https://cdn.example/static/"):
        with pytest.raises(MiddlewareNotUsed):
            StaticFilesMiddleware(lambda r: HttpResponse())


def test_reindexes_when_static_root_changes(collected: CollectResult, tree: StaticTree) -> None:
    middleware = StaticFilesMiddleware(lambda r: HttpResponse("app"))
    other = tree.base / "other-root"
    other.mkdir()
    (other / "only-here.css").write_text("x")
    with override_settings(STATIC_ROOT=str(other)):
        assert body(middleware(RequestFactory().get("/static/only-here.css"))) == b"x"
    assert middleware(RequestFactory().get("/static/only-here.css")).content == b"app"


def test_parse_accept_encoding() -> None:
    assert parse_accept_encoding("gzip;q=0.5, BR , *;q=0") == {"gzip": 0.5, "br": 1.0, "*": 0.0}
    assert parse_accept_encoding("gzip;q=2") == {"gzip": 0.0}
    assert len(parse_accept_encoding(",".join(f"c{i}" for i in range(1000)))) == 32


def test_static_root_unset_later_passes_everything_through(collected: CollectResult) -> None:
    middleware = StaticFilesMiddleware(lambda r: HttpResponse("app"))
    with override_settings(STATIC_ROOT=None):
        assert middleware(RequestFactory().get("/static/css/site.css")).content == b"app"


def test_a_page_links_hashed_names_that_the_middleware_serves(
    collected: CollectResult, tree: StaticTree
) -> None:
    """Production end to end: static() in a real template points at the hashed copy."""
    import re

    from tests.template.conftest import engine_settings

    storages = {
        "staticfiles": {
            "BACKEND": "scallion.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        }
    }
    with override_settings(
        ROOT_URLCONF="tests.template.urls", TEMPLATES=[engine_settings()], STORAGES=storages
    ):
        client = Fetcher()
        html = client.get("/home/").data.decode()
        href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert href is not None
        assert href[1] == f"/static/{collected.hashed['css/site.css']}"
        response = client.get(href[1])
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"
    assert b"background" in response.data


def fetch_async(path: str) -> tuple[int, bytes]:
    from scallion.test import AsyncClient

    async def fetch() -> tuple[int, bytes]:
        response = await AsyncClient().get(path)
        if response.streaming and response.is_async:
            data = b"".join([chunk async for chunk in response.streaming_content])
        elif response.streaming:
            data = b"".join(response.streaming_content)
        else:
            data = response.content
        response.close()
        return response.status_code, data

    return asyncio.run(fetch())


def test_served_under_asgi(collected: CollectResult, tree: StaticTree) -> None:
    assert fetch_async("/static/css/site.css") == (
        200,
        (tree.root / "css" / "site.css").read_bytes(),
    )


@pytest.mark.parametrize("path", TRAVERSAL_CORPUS)
def test_traversal_corpus_is_404_under_asgi(collected: CollectResult, path: str) -> None:
    """The ASGI edge: the scope's raw_path carries the encoded form."""
    status, data = fetch_async(path)
    assert status == 404, path
    assert b"top secret" not in data and b"root:x:0:0" not in data

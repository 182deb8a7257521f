"""StaticFilesHandler and ASGIStaticFilesHandler (development server), the finders' serve view."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote
from wsgiref.util import setup_testing_defaults

import pytest

from scallion.contrib.staticfiles.handlers import ASGIStaticFilesHandler, StaticFilesHandler
from scallion.contrib.staticfiles.views import serve
from scallion.http import Http404
from scallion.test import RequestFactory, override_settings
from tests.asgi.validator import HTTPResult, http_scope, run_http, run_lifespan
from tests.staticfiles.conftest import TRAVERSAL_CORPUS, StaticTree


def inner_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"from the app"]


def call(
    handler: StaticFilesHandler, raw_path: str, **environ: Any
) -> tuple[str, dict[str, str], bytes]:
    env: dict[str, Any] = {"PATH_INFO": unquote(raw_path, "latin-1"), "REQUEST_URI": raw_path}
    env.update(environ)
    setup_testing_defaults(env)
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    result = handler(env, start_response)
    try:
        data = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return captured["status"], captured["headers"], data


@pytest.fixture
def handler(tree: StaticTree) -> StaticFilesHandler:
    return StaticFilesHandler(inner_app)


def test_serves_from_source_folders(tree: StaticTree, handler: StaticFilesHandler) -> None:
    status, headers, data = call(handler, "/static/css/site.css")
    assert status == "200 OK"
    assert data == (tree.src / "css" / "site.css").read_bytes()
    assert headers["Content-Type"].startswith("text/css")
    assert "Last-Modified" in headers
    assert call(handler, "/static/vendor/lib.js")[2] == b"lib();\n"
    assert call(handler, "/static/app_pkg/app.js")[0] == "200 OK"
    assert call(handler, "/static/js/my%20file.js")[2] == b"1;\n"


def test_other_paths_go_to_the_app(handler: StaticFilesHandler) -> None:
    assert call(handler, "/hello/")[2] == b"from the app"
    assert call(handler, "/staticky")[2] == b"from the app"


def test_missing_file_is_404(handler: StaticFilesHandler) -> None:
    assert call(handler, "/static/nope.css")[0].startswith("404")
    assert call(handler, "/static/css/")[0].startswith("404")


def test_conditional_and_range(handler: StaticFilesHandler, tree: StaticTree) -> None:
    _, headers, _ = call(handler, "/static/css/reset.css")
    status, _, _ = call(
        handler, "/static/css/reset.css", HTTP_IF_MODIFIED_SINCE=headers["Last-Modified"]
    )
    assert status.startswith("304")
    status, headers, data = call(handler, "/static/css/reset.css", HTTP_RANGE="bytes=0-0")
    assert status.startswith("206") and data == b"*"


@pytest.mark.parametrize("path", TRAVERSAL_CORPUS)
def test_traversal_corpus_is_404(handler: StaticFilesHandler, path: str) -> None:
    status, _, data = call(handler, path)
    # Including css%2fsite.css: an encoded slash is refused, as in production.
    assert status.startswith("404"), path
    assert b"top secret" not in data and b"root:x:0:0" not in data


def test_serve_view_refuses_to_run_outside_debug(tree: StaticTree) -> None:
    with pytest.raises(Http404, match="DEBUG"):
        serve(RequestFactory().get("/"), "css/site.css")
    with override_settings(DEBUG=True):
        response = serve(RequestFactory().get("/"), "css/site.css")
        assert response.status_code == 200
        response.close()


def test_not_handled_for_a_cdn_static_url(tree: StaticTree) -> None:
    with override_settings(STATIC_URL="https://cdn.example/static/"):
        handler = StaticFilesHandler(inner_app)
        assert call(handler, "/static/css/site.css")[2] == b"from the app"


# -- ASGIStaticFilesHandler (runserver --asgi in DEBUG) -------------------------------------


async def inner_asgi_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"from the asgi app"})


def asgi_call(path: str, raw_path: str | None = None, **kwargs: Any) -> HTTPResult:
    handler = ASGIStaticFilesHandler(inner_asgi_app)
    raw = (raw_path or path).encode("latin-1")
    scope = http_scope(unquote(path, "latin-1"), raw_path=raw, **kwargs)
    return asyncio.run(run_http(handler, scope))


def test_asgi_serves_from_source_folders(tree: StaticTree) -> None:
    result = asgi_call("/static/css/site.css")
    assert result.status == 200
    assert result.body == (tree.src / "css" / "site.css").read_bytes()
    assert (result.header("content-type") or "").startswith("text/css")
    assert result.header("last-modified")
    assert asgi_call("/static/vendor/lib.js").body == b"lib();\n"
    assert asgi_call("/static/app_pkg/app.js").status == 200
    assert asgi_call("/static/js/my%20file.js").body == b"1;\n"


def test_asgi_head_conditional_and_range(tree: StaticTree) -> None:
    head = asgi_call("/static/css/reset.css", method="HEAD")
    assert head.status == 200 and head.body == b""
    since = (head.header("last-modified") or "").encode()
    assert asgi_call("/static/css/reset.css", headers=[(b"if-modified-since", since)]).status == (
        304
    )
    ranged = asgi_call("/static/css/reset.css", headers=[(b"range", b"bytes=0-0")])
    assert ranged.status == 206 and ranged.body == b"*"


def test_asgi_other_paths_and_scopes_go_to_the_app(tree: StaticTree) -> None:
    assert asgi_call("/hello/").body == b"from the asgi app"
    assert asgi_call("/staticky").body == b"from the asgi app"
    answers = asyncio.run(run_lifespan(ASGIStaticFilesHandler(inner_asgi_app), shutdown=False))
    assert answers == [{"type": "lifespan.startup.complete"}]


def test_asgi_missing_file_is_404(tree: StaticTree) -> None:
    assert asgi_call("/static/nope.css").status == 404
    assert asgi_call("/static/css/").status == 404


@pytest.mark.parametrize("path", TRAVERSAL_CORPUS)
def test_asgi_traversal_corpus_is_404(tree: StaticTree, path: str) -> None:
    result = asgi_call(path)  # the scope's raw_path keeps the encoded form
    assert result.status == 404, path
    assert b"top secret" not in result.body and b"root:x:0:0" not in result.body


def test_both_handlers_send_request_started_and_finished_for_a_static_file(
    tree: StaticTree, handler: StaticFilesHandler
) -> None:
    from scallion.core.signals import request_finished, request_started

    seen: list[str] = []

    def started(sender: Any, **kwargs: Any) -> None:
        seen.append(f"started {sender.__name__}")

    def finished(sender: Any, **kwargs: Any) -> None:
        seen.append("finished")

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        assert call(handler, "/static/css/site.css")[0] == "200 OK"
        assert asgi_call("/static/css/site.css").status == 200
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    assert seen == [
        "started StaticFilesHandler",
        "finished",
        "started ASGIStaticFilesHandler",
        "finished",
    ]

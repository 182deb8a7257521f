"""The startproject middleware stack, run sync and async alike."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from scallion.core.handlers.base import BaseHandler
from scallion.http import HttpRequest, HttpResponseBase
from scallion.test import RequestFactory, override_settings
from scallion.utils.module_loading import import_string
from tests.edges import Edge

STACK = [
    "scallion.middleware.security.SecurityMiddleware",
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.middleware.common.CommonMiddleware",
    "scallion.middleware.csrf.CsrfViewMiddleware",
    "scallion.contrib.messages.middleware.MessageMiddleware",
    "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
    "scallion.middleware.gzip.GZipMiddleware",
    "scallion.middleware.http.ConditionalGetMiddleware",
]


@pytest.mark.parametrize("path", STACK)
def test_every_builtin_is_sync_and_async_capable(path: str) -> None:
    middleware = import_string(path)
    assert middleware.sync_capable
    assert middleware.async_capable


def _run(handler: BaseHandler, is_async: bool, request: HttpRequest) -> HttpResponseBase:
    if is_async:
        return asyncio.run(handler.get_response_async(request))
    return handler.get_response(request)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_stack_session_and_csrf(is_async: bool) -> None:
    with override_settings(MIDDLEWARE=STACK, ROOT_URLCONF="tests.middleware.urls"):
        handler = BaseHandler()
        handler.load_middleware(is_async=is_async)
        rf = RequestFactory()

        hello = _run(handler, is_async, rf.get("/hello"))
        assert hello.status_code == 200
        assert hello.headers["X-Frame-Options"] == "DENY"
        assert hello.headers["X-Content-Type-Options"] == "nosniff"
        assert hello.headers["Content-Length"] == "5"
        assert not hello.cookies  # nothing touched the session or the token

        page = _run(handler, is_async, rf.get("/form/"))
        rf.cookies["csrftoken"] = page.cookies["csrftoken"].value
        token = page.content.decode()  # type: ignore[attr-defined]
        rejected = _run(handler, is_async, rf.post("/form/"))
        assert rejected.status_code == 403
        posted = _run(handler, is_async, rf.post("/form/", {"csrfmiddlewaretoken": token}))
        assert posted.status_code == 200

        counts: list[Any] = []
        for _ in range(3):
            response = _run(handler, is_async, rf.get("/session/"))
            if "sessionid" in response.cookies:
                rf.cookies["sessionid"] = response.cookies["sessionid"].value
            counts.append(response.content)  # type: ignore[attr-defined]
        assert counts == [b"1", b"2", b"3"]

        assert _run(handler, is_async, rf.get("/slashed")).status_code == 301


def test_stack_headers_through_the_edge(edge: Edge) -> None:
    with override_settings(MIDDLEWARE=STACK, ROOT_URLCONF="tests.middleware.urls"):
        hello = edge.get("/hello")
        assert hello.status_code == 200
        assert hello.content == b"Hello"
        assert hello["X-Frame-Options"] == "DENY"
        assert hello["X-Content-Type-Options"] == "nosniff"
        assert hello["Referrer-Policy"] == "same-origin"
        assert hello["Cross-Origin-Opener-Policy"] == "same-origin"
        # Each header once: the edge adds no second Content-Length to the middleware's.
        assert [k.lower() for k, _ in hello.headers].count("content-length") == 1
        assert hello["Content-Length"] == "5"
        assert "Set-Cookie" not in hello
        slashed = edge.get("/slashed")
        assert slashed.status_code == 301
        assert slashed["Location"] == "/slashed/"

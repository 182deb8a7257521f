"""The chain is built once per interface with the fewest sync/async switches."""

from __future__ import annotations

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.handlers.wsgi import WSGIHandler
from scallion.http import StreamingIteratorWarning
from scallion.test import AsyncClient, Client, override_settings
from tests.asgi import middleware
from tests.asgi.conftest import run
from tests.asgi.validator import http_scope, run_http

M = "tests.asgi.middleware."


@pytest.fixture(autouse=True)
def clear_trace() -> None:
    middleware.TRACE.clear()


def test_all_async_chain_has_no_switch_under_asgi() -> None:
    with override_settings(MIDDLEWARE=[M + "AsyncOnly", M + "Both", M + "AsyncOnly"]):
        handler = ASGIHandler()
    assert handler.mode_switches == 0
    result = run(run_http(handler, http_scope("/ahello/")))
    assert result.status == 200
    assert middleware.TRACE == ["async", "both-async", "async"]
    assert result.header("x-both") == "async"


def test_all_sync_chain_has_no_switch_under_wsgi() -> None:
    with override_settings(MIDDLEWARE=[M + "SyncOnly", M + "Both", M + "SyncOnly"]):
        handler = WSGIHandler()
    assert handler.mode_switches == 0


def test_both_capable_layers_follow_the_interface() -> None:
    with override_settings(MIDDLEWARE=[M + "Both", M + "Both"]):
        assert ASGIHandler().mode_switches == 0
        assert WSGIHandler().mode_switches == 0


def test_mixed_chain_switches_only_where_the_mode_changes() -> None:
    chain = [M + "AsyncOnly", M + "SyncOnly", M + "Both", M + "AsyncOnly"]
    with override_settings(MIDDLEWARE=chain):
        asgi = ASGIHandler()
        wsgi = WSGIHandler()
    # ASGI core is async: inner AsyncOnly none, Both stays async, SyncOnly needs
    # its inner side made sync (1), outer AsyncOnly needs SyncOnly made async (2).
    assert asgi.mode_switches == 2
    # WSGI core is sync: inner AsyncOnly (1), Both stays async, SyncOnly (2), outer
    # AsyncOnly (3), and the sync interface around it (4).
    assert wsgi.mode_switches == 4
    result = run(run_http(asgi, http_scope("/hello/")))
    assert result.status == 200
    assert middleware.TRACE == ["async", "sync", "both-async", "async"]


def test_sync_only_chain_under_asgi_switches_twice() -> None:
    with override_settings(MIDDLEWARE=[M + "SyncOnly", M + "SyncOnly"]):
        assert ASGIHandler().mode_switches == 2


def test_async_views_under_wsgi_run_with_async_to_sync() -> None:
    with override_settings(MIDDLEWARE=[M + "Both"]):
        response = Client().get("/ahello/")
    assert response.status_code == 200
    assert response.content == b"Hello, async!"
    assert response["X-Both"] == "sync"


def test_sync_views_under_async_client() -> None:
    with override_settings(MIDDLEWARE=[M + "Both"]):
        response = run(AsyncClient().get("/hello/"))
    assert response.content == b"Hello, World!"
    assert response["X-Both"] == "async"


def test_async_streaming_response_under_wsgi_handler() -> None:
    from tests.asgi.urls import EVENTS

    handler = WSGIHandler()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/astream/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": __import__("io").BytesIO(),
    }
    statuses: list[str] = []
    body = handler(environ, lambda status, headers: statuses.append(status))
    try:
        with pytest.warns(StreamingIteratorWarning, match="consume asynchronous iterators"):
            assert b"".join(body) == b"one,two,three"
    finally:
        body.close()  # type: ignore[attr-defined]
    assert statuses == ["200 OK"]
    assert EVENTS == ["async-gen-closed"]

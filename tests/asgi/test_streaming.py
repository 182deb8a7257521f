"""Streaming responses under ASGI: sync and async iterators, disconnects, SSE, is_disconnected."""

from __future__ import annotations

import warnings

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.handlers.wsgi import WSGIHandler
from scallion.http import StreamingHttpResponse, StreamingIteratorWarning
from tests.asgi.conftest import run
from tests.asgi.urls import EVENTS
from tests.asgi.validator import http_scope, run_http

#: The start of Django's warning for a sync iterator served asynchronously.
SYNC_UNDER_ASGI = "must consume synchronous iterators in order to serve them asynchronously"


def test_sync_iterator_under_asgi_warns_as_in_django(app: ASGIHandler) -> None:
    with pytest.warns(StreamingIteratorWarning) as caught:
        run(run_http(app, http_scope("/stream/")))
    assert [str(w.message) for w in caught] == [
        "StreamingHttpResponse must consume synchronous iterators in order to serve them "
        "asynchronously. Use an asynchronous iterator instead. (It is consumed in a worker "
        "thread, one thread hop per chunk.)"
    ]

    async def consume() -> list[bytes]:
        return [part async for part in StreamingHttpResponse(iter([b"a", b"b"]))]

    with pytest.warns(StreamingIteratorWarning, match=SYNC_UNDER_ASGI):
        assert run(consume()) == [b"a", b"b"]


def test_matching_modes_and_files_do_not_warn(app: ASGIHandler) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert run(run_http(app, http_scope("/astream/"))).status == 200
        # A file is read a block per thread hop under any server: no warning.
        assert len(run(run_http(app, http_scope("/file/"))).body) == 200_000
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/stream/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": __import__("io").BytesIO(),
        }
        body = WSGIHandler()(environ, lambda status, headers: None)
        try:
            assert b"".join(body) == b"one,two,three"
        finally:
            body.close()  # type: ignore[attr-defined]


def test_sync_iterator_streams_in_chunks_and_is_closed(app: ASGIHandler) -> None:
    with pytest.warns(StreamingIteratorWarning, match=SYNC_UNDER_ASGI):
        result = run(run_http(app, http_scope("/stream/")))
    assert result.chunks == [b"one,", b"two,", b"three"]
    assert result.header("content-length") is None
    assert EVENTS == ["sync-gen-closed"]


def test_async_iterator_streams_natively(app: ASGIHandler) -> None:
    result = run(run_http(app, http_scope("/astream/")))
    assert result.chunks == [b"one,", b"two,", b"three"]
    assert EVENTS == ["async-gen-closed"]


def test_disconnect_stops_an_endless_async_stream_and_closes_it(app: ASGIHandler) -> None:
    result = run(run_http(app, http_scope("/endless-async/"), disconnect_after_chunks=3))
    assert result.disconnected
    assert 3 <= len(result.chunks) < 50
    assert result.header("content-type") == "text/event-stream"
    assert EVENTS == ["endless-async-closed"]


def test_disconnect_stops_an_endless_sync_stream_and_closes_it(app: ASGIHandler) -> None:
    with pytest.warns(StreamingIteratorWarning, match=SYNC_UNDER_ASGI):
        result = run(run_http(app, http_scope("/endless-sync/"), disconnect_after_chunks=3))
    assert result.disconnected
    assert 3 <= len(result.chunks) < 50
    assert EVENTS == ["endless-sync-closed"]


def test_disconnect_cancels_a_polling_async_view(app: ASGIHandler) -> None:
    result = run(run_http(app, http_scope("/watch/"), disconnect_after_chunks=0))
    assert result.disconnected
    assert EVENTS == ["view-cancelled"]
    assert result.status is None  # nothing is sent to a client that left


def test_is_disconnected_is_false_while_connected(app: ASGIHandler) -> None:
    import asyncio

    from scallion.core.handlers.asgi_body import ASGIBodyStream

    async def go() -> tuple[bool, bool]:
        gone = asyncio.Event()

        async def receive() -> dict[str, object]:
            await gone.wait()
            return {"type": "http.disconnect"}

        stream = ASGIBodyStream(receive, more_body=False)
        before = await stream.is_disconnected()
        gone.set()
        await asyncio.sleep(0)
        after = await stream.is_disconnected()
        await stream.stop_watching()
        return before, after

    assert run(go()) == (False, True)


def test_streaming_error_after_start_propagates_to_the_server() -> None:
    from scallion.http import StreamingHttpResponse
    from scallion.test import override_settings

    def bad_gen():  # type: ignore[no-untyped-def]
        yield b"ok"
        raise RuntimeError("mid-stream")

    import tests.asgi.urls as urls

    def view(request: object) -> StreamingHttpResponse:
        return StreamingHttpResponse(bad_gen())

    from scallion.urls import path

    urls.urlpatterns.append(path("bad-stream/", view))
    try:
        with override_settings(ROOT_URLCONF="tests.asgi.urls"):
            app = ASGIHandler()
            with pytest.raises(RuntimeError, match="mid-stream"):
                with pytest.warns(StreamingIteratorWarning, match=SYNC_UNDER_ASGI):
                    run(run_http(app, http_scope("/bad-stream/")))
    finally:
        urls.urlpatterns.pop()

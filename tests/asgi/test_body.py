"""Request bodies under ASGI: prefetch, streaming reads, forms, uploads, limits, disconnects."""

from __future__ import annotations

import json

import pytest

from scallion.core.exceptions import RequestAborted
from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.handlers.asgi_body import ASGIBodyStream, BodyNotLoaded
from scallion.test import override_settings
from scallion.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from tests.asgi.conftest import run
from tests.asgi.urls import EVENTS
from tests.asgi.validator import HTTPResult, http_scope, run_http


def post(
    app: ASGIHandler,
    path: str,
    body: bytes,
    content_type: bytes,
    chunk: int = 1000,
    length: bool = True,
    **kwargs: object,
) -> HTTPResult:
    headers = [(b"content-type", content_type)]
    if length:
        headers.append((b"content-length", b"%d" % len(body)))
    else:
        headers.append((b"transfer-encoding", b"chunked"))
    chunks = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    return run(
        run_http(app, http_scope(path, method="POST", headers=headers), chunks, **kwargs)  # type: ignore[arg-type]
    )


FORM = b"a=1&a=2&b=%C3%A9"


def multipart(size: int) -> bytes:
    import io

    f = io.BytesIO(b"F" * size)
    f.name = "data.bin"
    return encode_multipart(BOUNDARY, {"title": "hello", "upload": f})


def test_urlencoded_form_sync_and_async(app: ASGIHandler) -> None:
    for path in ("/form/", "/aform/"):
        result = post(app, path, FORM, b"application/x-www-form-urlencoded", chunk=3)
        assert json.loads(result.body)["POST"] == {"a": ["1", "2"], "b": ["é"]}


def test_multipart_upload_sync_and_async(app: ASGIHandler) -> None:
    body = multipart(50_000)
    for path in ("/form/", "/aform/"):
        result = post(app, path, body, MULTIPART_CONTENT.encode(), chunk=4096)
        data = json.loads(result.body)
        assert data["POST"] == {"title": ["hello"]}
        assert data["FILES"]["upload"][0]["size"] == 50_000
        assert data["FILES"]["upload"][0]["name"] == "data.bin"


def test_body_over_prefetch_bound_streams_into_sync_view() -> None:
    body = multipart(30_000)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5_000):
        app = ASGIHandler()
        result = post(app, "/form/", body, MULTIPART_CONTENT.encode(), chunk=1024)
    assert json.loads(result.body)["FILES"]["upload"][0]["size"] == 30_000


def test_async_view_loads_a_large_body_explicitly() -> None:
    body = multipart(30_000)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5_000, FILE_UPLOAD_MAX_MEMORY_SIZE=1_000):
        app = ASGIHandler()
        result = post(app, "/aform-loaded/", body, MULTIPART_CONTENT.encode(), chunk=1024)
    assert json.loads(result.body)["FILES"]["upload"][0]["size"] == 30_000


def test_async_view_gets_a_large_upload_loaded_for_it() -> None:
    body = multipart(30_000)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5_000, FILE_UPLOAD_MAX_MEMORY_SIZE=1_000):
        app = ASGIHandler()
        result = post(app, "/aform/", body, MULTIPART_CONTENT.encode(), chunk=1024)
        assert json.loads(result.body)["FILES"]["upload"][0]["size"] == 30_000
        # An unknown path still gets its 404 from the onion.
        assert post(app, "/nowhere/", body, MULTIPART_CONTENT.encode(), chunk=1024).status == 404


@pytest.mark.parametrize("view", ["/form/", "/aform/"])
def test_async_middleware_reads_a_large_upload_before_a_sync_or_async_view(view: str) -> None:
    body = multipart(30_000)
    with override_settings(
        DATA_UPLOAD_MAX_MEMORY_SIZE=5_000,
        FILE_UPLOAD_MAX_MEMORY_SIZE=1_000,
        MIDDLEWARE=["tests.asgi.middleware.AsyncReadsFiles"],
    ):
        app = ASGIHandler()
        assert app.loop_middleware == ("tests.asgi.middleware.AsyncReadsFiles",)
        result = post(app, view, body, MULTIPART_CONTENT.encode(), chunk=1024)
    assert result.status == 200, result.body
    assert result.header("x-seen-files") == "upload=30000"
    assert result.header("x-seen-title") == "hello"
    assert json.loads(result.body)["FILES"]["upload"][0]["size"] == 30_000


def test_async_process_request_hook_reads_a_large_upload() -> None:
    body = multipart(30_000)
    with override_settings(
        DATA_UPLOAD_MAX_MEMORY_SIZE=5_000, MIDDLEWARE=["tests.asgi.middleware.AsyncHookReadsFiles"]
    ):
        app = ASGIHandler()
        result = post(app, "/form/", body, MULTIPART_CONTENT.encode(), chunk=1024)
    assert result.status == 200, result.body
    assert result.header("x-seen-upload") == "30000"


def test_only_code_on_the_loop_makes_a_large_upload_load_first() -> None:
    builtins = [
        "scallion.middleware.security.SecurityMiddleware",
        "scallion.contrib.sessions.middleware.SessionMiddleware",
        "scallion.middleware.common.CommonMiddleware",
        "scallion.middleware.csrf.CsrfViewMiddleware",
        "scallion.contrib.messages.middleware.MessageMiddleware",
        "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    thread_side = ["tests.asgi.middleware.SyncHooksOnly", "tests.asgi.middleware.SyncOnly"]
    loop_side = ["tests.asgi.middleware.AsyncOnly", "tests.asgi.middleware.Both"]
    with override_settings(MIDDLEWARE=[*builtins, *thread_side, *loop_side]):
        assert ASGIHandler().loop_middleware == tuple(loop_side)
    with override_settings(MIDDLEWARE=builtins):
        # Nothing reads the body on the loop: sync views keep streaming large uploads.
        assert ASGIHandler().loop_middleware == ()


def test_async_code_reading_an_unloaded_body_gets_an_error_naming_the_fix(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def go() -> None:
        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"x", "more_body": True}

        stream = ASGIBodyStream(receive, True)
        await stream.prefetch(0)
        stream.read(10)

    with pytest.raises(BodyNotLoaded, match=r"async middleware .* `await request\.aload_body\(\)`"):
        run(go())
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5_000):
        app = ASGIHandler()
        result = post(app, "/aread/", b"r" * 30_000, b"text/plain", chunk=1024, length=False)
    assert result.status == 500
    assert "aload_body" in caplog.text


def test_sync_view_reads_stream_in_pieces(app: ASGIHandler) -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        handler = ASGIHandler()
        result = post(handler, "/length/", b"z" * 10_000, b"application/octet-stream", chunk=333)
    assert result.body == b"10000"


def test_non_multipart_over_limit_is_413_by_content_length_without_reading() -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000):
        app = ASGIHandler()
        for path in ("/echo/", "/aecho/", "/aecho-loaded/"):
            result = post(app, path, b"q" * 50_000, b"application/octet-stream", chunk=1000)
            assert result.status == 413


def test_chunked_non_multipart_over_limit_is_413_reading_little() -> None:
    chunks_handed_out: list[int] = []

    async def go(app: ASGIHandler, path: str) -> int:
        count = 0

        async def receive() -> dict[str, object]:
            nonlocal count
            count += 1
            if count > 1000:
                return {"type": "http.disconnect"}
            return {"type": "http.request", "body": b"q" * 1000, "more_body": True}

        status: list[int] = []

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])  # type: ignore[arg-type]

        scope = http_scope(
            path,
            method="POST",
            headers=[(b"content-type", b"text/plain"), (b"transfer-encoding", b"chunked")],
        )
        await app(scope, receive, send)
        chunks_handed_out.append(count)
        return status[0]

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5_000):
        app = ASGIHandler()
        assert run(go(app, "/echo/")) == 413
        assert run(go(app, "/aecho/")) == 413
        assert run(go(app, "/aecho-loaded/")) == 413
    # Never more than limit + a chunk or two: the rest stayed in the channel.
    assert max(chunks_handed_out) <= 8


def test_disconnect_while_prefetching_aborts_quietly(app: ASGIHandler) -> None:
    result = post(
        app,
        "/form/",
        FORM * 10,
        b"application/x-www-form-urlencoded",
        chunk=10,
        disconnect_during_body=True,
    )
    assert result.disconnected
    assert result.status is None  # nothing was sent


def test_disconnect_while_sync_view_streams_the_body_sends_nothing() -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        app = ASGIHandler()
        result = post(
            app,
            "/length/",
            b"z" * 5_000,
            b"application/octet-stream",
            chunk=500,
            disconnect_during_body=True,
        )
    assert result.disconnected
    assert result.status is None
    assert EVENTS == []


@pytest.mark.parametrize(
    ("path", "content_type", "body", "declared"),
    [
        ("/echo/", b"application/octet-stream", b"short body", 1000),
        ("/aecho/", b"application/octet-stream", b"short body", 1000),
        ("/form/", b"application/x-www-form-urlencoded", b"a=1&b=2", 1000),
        ("/aform/", b"application/x-www-form-urlencoded", b"a=1&b=2", 1000),
        # Over the prefetch bound: the body streams to the sync view, or is spooled
        # for the async one, and still ends short.
        ("/form/", MULTIPART_CONTENT.encode(), b"x" * 30_000, 40_000),
        ("/aform/", MULTIPART_CONTENT.encode(), b"x" * 30_000, 40_000),
        ("/aform-loaded/", MULTIPART_CONTENT.encode(), b"x" * 30_000, 40_000),
    ],
)
def test_body_shorter_than_content_length_is_400(
    app: ASGIHandler, path: str, content_type: bytes, body: bytes, declared: int
) -> None:
    # The server says the body is complete (more_body False) before Content-Length
    # bytes arrived: a client error, answered at once.
    headers = [(b"content-type", content_type), (b"content-length", b"%d" % declared)]
    chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)]
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=20_000):
        result = run(run_http(app, http_scope(path, method="POST", headers=headers), chunks))
    assert result.status == 400, result.body[:300]


def _stream_over(chunks: list[bytes], expected: int | None) -> ASGIBodyStream:
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    stream = ASGIBodyStream(receive, True, expected)
    run(stream.prefetch(1 << 20))
    return stream


def test_short_body_stream_raises_only_at_its_end() -> None:
    from scallion.http.request import UnreadablePostError

    stream = _stream_over([b"line one\n", b"line"], expected=100)
    assert stream.read(3) == b"lin"  # data that did arrive can be read
    assert stream.readline() == b"e one\n"
    with pytest.raises(UnreadablePostError, match="87 bytes before its Content-Length"):
        stream.readline()
    with pytest.raises(UnreadablePostError):
        _stream_over([b"abc"], expected=4).read()
    with pytest.raises(UnreadablePostError):
        _stream_over([b"abc"], expected=4).read(10)
    # Complete bodies, chunked ones (no declared length) and longer reads are fine.
    assert _stream_over([b"ab", b"c"], expected=3).read() == b"abc"
    assert _stream_over([b"abc"], expected=None).read(10) == b"abc"
    assert _stream_over([b"abc"], expected=3).readline() == b"abc"


def test_view_body_limits_apply_under_asgi() -> None:
    # @body_limits raises the limit past the prefetch bound for one (sync) view,
    # which then streams the body; it lowers it for another; undecorated views
    # keep the setting.
    form = b"&".join(b"f%d=%s" % (i, b"x" * 500) for i in range(60))  # ~30 kB
    content_type = b"application/x-www-form-urlencoded"
    with override_settings(
        ROOT_URLCONF="tests.http.request_body_urls", DATA_UPLOAD_MAX_MEMORY_SIZE=20_000
    ):
        app = ASGIHandler()
        large = post(app, "/large/", form, content_type, chunk=4096)
        assert (large.status, large.body) == (200, b"60")
        assert post(app, "/form/", form, content_type, chunk=4096).status == 413
        assert post(app, "/small/", b"a=" + b"x" * 50, content_type).status == 413
        assert post(app, "/small/", b"a=x", content_type).body == b"1"


def _receiver(messages: list[dict[str, object]]) -> object:
    async def receive() -> dict[str, object]:
        return messages.pop(0)

    return receive


def test_read_body_reads_every_chunk_whatever_the_limits_and_spools_to_disk() -> None:
    messages: list[dict[str, object]] = [
        {"type": "http.request", "body": b"a" * 10, "more_body": True},
        {"type": "http.request", "more_body": True},
        {"type": "http.request", "body": b"b" * 10, "more_body": False},
    ]
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5, FILE_UPLOAD_MAX_MEMORY_SIZE=15):
        body_file = run(ASGIHandler().read_body(_receiver(messages)))  # type: ignore[arg-type]
    try:
        assert messages == []
        assert body_file._rolled is True  # type: ignore[attr-defined]
        assert body_file.read() == b"a" * 10 + b"b" * 10
    finally:
        body_file.close()


def test_read_body_raises_request_aborted_on_a_disconnect() -> None:
    messages: list[dict[str, object]] = [
        {"type": "http.request", "body": b"a", "more_body": True},
        {"type": "http.disconnect"},
    ]
    with pytest.raises(RequestAborted):
        run(ASGIHandler().read_body(_receiver(messages)))  # type: ignore[arg-type]

"""The WSGI edge: PEP 3333 conformance, signals, HEAD, and malformed requests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest

from scallion.core import signals
from scallion.core.wsgi import get_wsgi_application
from scallion.test import override_settings


@pytest.fixture(autouse=True)
def urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF="tests.core.trace_urls", ALLOWED_HOSTS=["*"]):
        yield


def call(
    app: Any, method: str = "GET", path: str = "/view/", body: bytes = b"", **environ: Any
) -> tuple[str, list[tuple[str, str]], bytes]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "wsgi.input": io.BytesIO(body),
    }
    if body:
        env["CONTENT_LENGTH"] = str(len(body))
        env["CONTENT_TYPE"] = "application/octet-stream"
    env.update(environ)
    setup_testing_defaults(env)
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured["status"] = status
        captured["headers"] = headers
        return lambda data: None

    result = app(env, start_response)
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return captured["status"], captured["headers"], content


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "content"),
    [
        ("GET", "/view/", b"", "200 OK", b"view body"),
        ("HEAD", "/view/", b"", "200 OK", b""),
        ("POST", "/echo/", b"payload", "200 OK", b"payload"),
        ("GET", "/fail/", b"", "500 Internal Server Error", None),
        ("GET", "/missing/", b"", "404 Not Found", None),
        ("GET", "/stream/", b"", "200 OK", b"abc"),
    ],
)
def test_application_passes_wsgiref_validator(
    method: str, path: str, body: bytes, status: str, content: bytes | None
) -> None:
    app = validator(get_wsgi_application())
    got_status, headers, got_content = call(app, method, path, body)
    assert got_status == status
    if content is not None:
        assert got_content == content
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in headers)


def test_request_started_and_finished_signals() -> None:
    events: list[str] = []

    def started(sender: Any, environ: Any, **kwargs: Any) -> None:
        events.append("started")

    def finished(sender: Any, **kwargs: Any) -> None:
        events.append("finished")

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        app = get_wsgi_application()
        env: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": "/view/"}
        setup_testing_defaults(env)
        result = app(env, lambda status, headers, exc_info=None: None)
        assert events == ["started"]
        b"".join(result)
        result.close()  # type: ignore[attr-defined]
        assert events == ["started", "finished"]
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)


def test_path_that_is_not_utf8_is_400_before_any_middleware() -> None:
    with override_settings(MIDDLEWARE=["tests.core.trace_middleware.Outer"]):
        from tests.core.trace_middleware import TRACE

        TRACE.clear()
        app = get_wsgi_application()
        status, _, content = call(app, path="/caf\xe9/")  # latin-1 byte 0xE9 alone
    assert status.startswith("400")
    assert TRACE == []
    assert b"UTF-8" in content


def test_percent_decoded_utf8_path_reaches_the_resolver() -> None:
    app = get_wsgi_application()
    status, _, content = call(app, path="/caf\xc3\xa9/")  # "café" as the server hands it
    assert status == "200 OK"
    assert content.decode() == "/caf\u00e9/|"


def test_utf8_query_string_is_decoded() -> None:
    app = get_wsgi_application()
    status, _, content = call(app, path="/path/", QUERY_STRING="q=caf\xc3\xa9")
    assert status == "200 OK"
    assert content.decode() == "/path/|caf\u00e9"


@pytest.mark.parametrize(
    ("path", "query"),
    [("/caf\u0113/", ""), ("/\u2603/", ""), ("/path/", "q=\u2603")],
)
def test_environ_text_above_latin1_is_400_not_500(path: str, query: str) -> None:
    # A PEP 3333 server cannot produce these (environ strings are latin-1), but a
    # broken caller can: the answer is a 400, not a crash.
    app = validator(get_wsgi_application())
    status, _, content = call(app, path=path, QUERY_STRING=query)
    assert status == "400 Bad Request"
    assert b"Bad Request (400)" in content


def test_body_shorter_than_content_length_is_400_not_a_hang() -> None:
    app = get_wsgi_application()
    env_input = io.BytesIO(b"short")
    status, _, _ = call(
        app,
        "POST",
        "/echo/",
        b"",
        CONTENT_LENGTH="100",
        CONTENT_TYPE="application/octet-stream",
        **{"wsgi.input": env_input},
    )
    assert status.startswith("400")


def test_header_items_include_cookies() -> None:
    from scallion.http import HttpResponse

    response = HttpResponse("x")
    response.set_cookie("a", "1")
    response.set_cookie("b", "2", httponly=True)
    names = [name for name, _ in response.header_items()]
    assert names.count("Set-Cookie") == 2


def test_a_subclass_overriding_get_response_is_still_called() -> None:
    from scallion.core.handlers.wsgi import WSGIHandler

    class Wrapped(WSGIHandler):
        def get_response(self, request: Any) -> Any:
            response = super().get_response(request)
            response["X-Wrapped"] = "yes"
            return response

    status, headers, content = call(Wrapped(), path="/view/")
    assert status == "200 OK"
    assert content == b"view body"
    assert ("X-Wrapped", "yes") in headers
    plain_status, plain_headers, _ = call(get_wsgi_application(), path="/view/")
    assert plain_status == "200 OK"
    assert "X-Wrapped" not in dict(plain_headers)


def test_a_subclass_overriding_make_view_atomic_wraps_every_view() -> None:
    from scallion.core.handlers.wsgi import WSGIHandler

    wrapped_views: list[Any] = []

    class Atomic(WSGIHandler):
        def make_view_atomic(self, view: Any) -> Any:
            wrapped_views.append(view)

            def in_transaction(request: Any, *args: Any, **kwargs: Any) -> Any:
                response = view(request, *args, **kwargs)
                response["X-Atomic"] = "yes"
                return response

            return in_transaction

    status, headers, content = call(Atomic(), path="/view/")
    assert status == "200 OK"
    assert content == b"view body"
    assert ("X-Atomic", "yes") in headers
    assert len(wrapped_views) == 1
    _, plain_headers, _ = call(get_wsgi_application(), path="/view/")
    assert "X-Atomic" not in dict(plain_headers)


def test_make_view_atomic_set_on_the_instance_is_used() -> None:
    from scallion.core.handlers.wsgi import WSGIHandler

    seen: list[str] = []

    class Late(WSGIHandler):
        def load_middleware(self, is_async: bool = False) -> None:
            def record(view: Any) -> Any:
                seen.append(view.__name__)
                return view

            self.make_view_atomic = record  # type: ignore[method-assign]
            super().load_middleware(is_async)

    status, _, _ = call(Late(), path="/view/")
    assert status == "200 OK"
    assert seen == ["view"]


def test_a_request_class_with_its_own_urlconf_routes_through_it() -> None:
    from scallion.core.handlers.wsgi import WSGIHandler, WSGIRequest
    from scallion.http import HttpResponse
    from scallion.urls import path

    def own(request: Any) -> HttpResponse:
        return HttpResponse("own urlconf")

    class OwnRequest(WSGIRequest):
        urlconf = (path("elsewhere/", own),)

    class OwnHandler(WSGIHandler):
        request_class = OwnRequest

    status, _, content = call(OwnHandler(), path="/elsewhere/")
    assert (status, content) == ("200 OK", b"own urlconf")
    status, _, _ = call(OwnHandler(), path="/view/")  # not in its urlconf
    assert status == "404 Not Found"


def test_a_request_class_that_refuses_the_body_while_built_gets_a_413() -> None:
    # As over ASGI (tests/asgi/test_buffered_body.py): answered before any middleware.
    from scallion.core.exceptions import RequestDataTooBig
    from scallion.core.handlers.wsgi import WSGIHandler, WSGIRequest

    class Refusing(WSGIRequest):
        def __init__(self, environ: dict[str, Any], script_name: str | None = None) -> None:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    class RefusingHandler(WSGIHandler):
        request_class = Refusing

    status, _, content = call(RefusingHandler(), path="/view/")
    assert status == "413 Request Entity Too Large"
    assert b"Request Entity Too Large (413)" in content


class RecordingFileWrapper:
    """A ``wsgi.file_wrapper`` that records what the application handed it."""

    instances: list[RecordingFileWrapper] = []

    def __init__(self, filelike: Any, block_size: int = 8192) -> None:
        self.filelike = filelike
        self.block_size = block_size
        self.closed = False
        RecordingFileWrapper.instances.append(self)

    def __iter__(self) -> Iterator[bytes]:
        return iter(lambda: self.filelike.read(self.block_size), b"")

    def close(self) -> None:
        self.closed = True
        self.filelike.close()


def _download(**environ: Any) -> tuple[str, dict[str, str], Any]:
    with override_settings(ROOT_URLCONF="tests.http.http_urls"):
        app = get_wsgi_application()
        env: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": "/download/"}
        env.update(environ)
        setup_testing_defaults(env)
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            captured.update(status=status, headers=dict(headers))

        result = app(env, start_response)
    return captured["status"], captured["headers"], result


def test_file_response_goes_through_wsgi_file_wrapper() -> None:
    from scallion.http import FileResponse
    from tests.http.http_urls import FILE_DATA

    RecordingFileWrapper.instances.clear()
    finished: list[object] = []

    def on_finished(sender: Any, **kwargs: Any) -> None:
        finished.append(sender)

    signals.request_finished.connect(on_finished)
    try:
        status, headers, result = _download(**{"wsgi.file_wrapper": RecordingFileWrapper})
        assert status == "200 OK"
        assert isinstance(result, RecordingFileWrapper)
        assert result.block_size == FileResponse.block_size
        assert headers["Content-Length"] == str(len(FILE_DATA))
        assert headers["Content-Disposition"] == 'inline; filename="data.bin"'
        assert b"".join(result) == FILE_DATA
        assert not finished
        result.close()  # as the server does: closes the response too
        assert finished and result.filelike.closed
    finally:
        signals.request_finished.disconnect(on_finished)


def test_ranged_file_response_does_not_use_the_file_wrapper() -> None:
    from tests.http.http_urls import FILE_DATA

    RecordingFileWrapper.instances.clear()
    status, headers, result = _download(
        HTTP_RANGE="bytes=5-9", **{"wsgi.file_wrapper": RecordingFileWrapper}
    )
    try:
        assert status.startswith("206")
        assert not RecordingFileWrapper.instances  # it would send the whole file
        assert b"".join(result) == FILE_DATA[5:10]
        assert headers["Content-Range"] == f"bytes 5-9/{len(FILE_DATA)}"
    finally:
        result.close()


def test_file_response_without_file_wrapper_is_iterated() -> None:
    from tests.http.http_urls import FILE_DATA

    status, _, result = _download()
    try:
        assert status == "200 OK"
        assert b"".join(result) == FILE_DATA
    finally:
        result.close()


def test_head_file_response_has_headers_and_no_body() -> None:
    from tests.http.http_urls import FILE_DATA

    RecordingFileWrapper.instances.clear()
    status, headers, result = _download(
        REQUEST_METHOD="HEAD", **{"wsgi.file_wrapper": RecordingFileWrapper}
    )
    try:
        assert status == "200 OK"
        assert headers["Content-Length"] == str(len(FILE_DATA))
        assert "Content-Disposition" in headers
        assert list(result) == []
        assert not RecordingFileWrapper.instances
    finally:
        result.close()


@pytest.mark.parametrize(
    ("environ", "script_name"),
    [
        ({"SCRIPT_NAME": "/app"}, "/app"),
        ({"SCRIPT_URL": "/foobar/"}, "/foobar/"),
        ({"SCRIPT_URL": "/foobar/", "PATH_INFO": "/"}, "/foobar"),
        ({"REDIRECT_URL": "/m/x/", "PATH_INFO": "/x/", "SCRIPT_NAME": "/t.wsgi"}, "/m"),
        (
            {
                "SCRIPT_URL": "/mst/milestones//accounts/login//help",
                "PATH_INFO": "/milestones/accounts/login/help",
            },
            "/mst",
        ),
        ({"SCRIPT_URL": "", "SCRIPT_NAME": "/app"}, "/app"),
    ],
)
def test_script_name_behind_a_rewriting_server(environ: dict[str, str], script_name: str) -> None:
    from scallion.core.handlers.wsgi import get_script_name

    assert get_script_name(environ) == script_name


def test_rewritten_url_is_the_mount_point_of_the_request_path() -> None:
    app = get_wsgi_application()
    status, _, content = call(
        app, path="/path/", SCRIPT_NAME="/rewritten.wsgi", SCRIPT_URL="/mount//path/"
    )
    assert status == "200 OK"
    assert content.decode() == "/mount/path/|"

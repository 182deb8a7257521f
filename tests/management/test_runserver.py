"""runserver's parts, in-process: address parsing, request log lines, watched roots."""

from __future__ import annotations

import asyncio
import io
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scallion.core.management.autoreload import source_roots
from scallion.core.management.base import CommandError
from scallion.core.management.commands.runserver import parse_addrport
from scallion.core.management.requestlog import (
    ASGIRequestLog,
    RequestLogger,
    WSGIRequestLog,
    format_size,
)

Run = Callable[..., Any]


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ("127.0.0.1", 8000)),
        ("9000", ("127.0.0.1", 9000)),
        ("0.0.0.0:8001", ("0.0.0.0", 8001)),
        ("0:8001", ("0.0.0.0", 8001)),
        ("localhost:8002", ("localhost", 8002)),
        ("[::1]:8003", ("::1", 8003)),
        ("[::]", ("::", 8000)),
    ],
)
def test_addrport(value: str | None, expected: tuple[str, int]) -> None:
    assert parse_addrport(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "is not a port number or an address:port pair"),
        ("127.0.0.1:", "'' is not a valid port number"),
        ("127.0.0.1:http", "'http' is not a valid port number"),
        ("70000", "'70000' is not a valid port number"),
        ("0", "'0' is not a valid port number"),
        (":8000", "has an empty host"),
        ("::1:8000", "write an IPv6 address in brackets"),
        ("[::1", "is not a valid [IPv6]:PORT address"),
        ("[nothex]:80", "is not an IPv6 address"),
        ("bad host!:80", "is not a valid host name"),
    ],
)
def test_bad_addrport(value: str, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("[", r"\[")) as info:
        parse_addrport(value)
    assert info.value.returncode == 2


def test_bad_addrport_exit_code(run: Run) -> None:
    result = run("runserver", "nonsense")
    assert result.code == 2
    assert "'nonsense' is not a port number" in result.err


def test_port_in_use(run: Run) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("runserver", f"127.0.0.1:{port}", "--noreload")
    assert result.code == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.err


def test_sizes() -> None:
    assert [format_size(n) for n in (0, 1023, 2048, 3 * 1024 * 1024)] == [
        "0 B",
        "1023 B",
        "2.0 KB",
        "3.0 MB",
    ]


def wsgi_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not ", b"here"]


def call_wsgi(app: Any, path: str, query: str = "") -> bytes:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
    body = app(environ, lambda status, headers, exc_info=None: None)
    data = b"".join(body)
    body.close()
    return data


def test_wsgi_log_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = io.StringIO()
    app = WSGIRequestLog(wsgi_app, RequestLogger(stream))
    assert call_wsgi(app, "/items/", "a=1") == b"not here"
    line = stream.getvalue()
    assert line.count("\n") == 1
    assert " GET /items/?a=1 404 8 B " in line
    assert line.rstrip().endswith(" ms")
    assert "\x1b[" not in line


def test_log_escapes_control_characters() -> None:
    stream = io.StringIO()
    app = WSGIRequestLog(wsgi_app, RequestLogger(stream))
    call_wsgi(app, b"/a\r\nFAKE 200".decode("latin-1"))
    assert stream.getvalue().count("\n") == 1
    assert "FAKE" in stream.getvalue()


def test_log_escapes_control_characters_in_the_query_and_method() -> None:
    stream = io.StringIO()
    app = WSGIRequestLog(wsgi_app, RequestLogger(stream))
    environ = {
        "REQUEST_METHOD": "GET\r\nFAKE",
        "PATH_INFO": "/",
        "QUERY_STRING": "a=\x1b[31m\r\nFAKE 200",
    }
    body = app(environ, lambda status, headers, exc_info=None: None)
    b"".join(body)
    body.close()  # the line is written when the server closes the body
    line = stream.getvalue()
    assert line.count("\n") == 1 and "\r" not in line and "\x1b" not in line
    assert line.count("FAKE") == 2


def test_log_colours_with_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    stream = io.StringIO()
    call_wsgi(WSGIRequestLog(wsgi_app, RequestLogger(stream)), "/")
    assert "\x1b[33m404\x1b[0m" in stream.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    stream = io.StringIO()
    call_wsgi(WSGIRequestLog(wsgi_app, RequestLogger(stream)), "/")
    assert "\x1b[" not in stream.getvalue()


def test_log_when_the_app_raises() -> None:
    def broken(environ: Any, start_response: Any) -> Any:
        raise RuntimeError("boom")

    stream = io.StringIO()
    with pytest.raises(RuntimeError):
        call_wsgi(WSGIRequestLog(broken, RequestLogger(stream)), "/x")
    assert " GET /x 500 0 B " in stream.getvalue()


def test_asgi_log_line() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"ab", "more_body": True})
        await send({"type": "http.response.body", "body": b"cde"})

    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request"}

    stream = io.StringIO()
    scope = {"type": "http", "method": "POST", "path": "/api/", "query_string": b"x=1"}
    asyncio.run(ASGIRequestLog(app, RequestLogger(stream))(scope, receive, send))
    assert len(sent) == 3
    assert " POST /api/?x=1 201 5 B " in stream.getvalue()
    assert stream.getvalue().count("\n") == 1


def test_source_roots_skip_installed_code_and_nest(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    modules = [
        types.SimpleNamespace(__file__=str(tmp_path / "pkg" / "__init__.py")),
        types.SimpleNamespace(__file__=str(tmp_path / "pkg" / "sub" / "views.py")),
        types.SimpleNamespace(__file__=str(tmp_path / "other.py")),
        types.SimpleNamespace(__file__=str(Path(sys.base_prefix) / "lib" / "os.py")),
        types.SimpleNamespace(__file__="/x/site-packages/thing/__init__.py"),
        types.SimpleNamespace(__file__=None),
        types.SimpleNamespace(__file__="/x/compiled.so"),
    ]
    assert source_roots(modules) == [str(tmp_path)]
    assert source_roots(modules[:2]) == [str(tmp_path / "pkg")]


@pytest.mark.parametrize("asgi", [False, True])
def test_static_files_are_served_in_debug(asgi: bool, tmp_path: Path) -> None:
    """``runserver`` (and ``runserver --asgi``) wraps the application to serve STATIC_URL."""
    import argparse

    from scallion.core.management.commands.runserver import Command
    from scallion.test import override_settings
    from tests.asgi.validator import http_scope, run_http

    (tmp_path / "site.css").write_text("body {}\n")

    def fetch(path: str, **options: Any) -> tuple[int, bytes]:
        namespace = argparse.Namespace(asgi=asgi, skip_checks=True, **options)
        app = Command("runserver", io.StringIO(), io.StringIO()).build_app(namespace)
        if asgi:
            result = asyncio.run(run_http(app, http_scope(path)))
            assert result.status is not None
            return result.status, result.body
        captured: list[str] = []
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.input": io.BytesIO()}
        from wsgiref.util import setup_testing_defaults

        setup_testing_defaults(environ)
        chunks = app(environ, lambda status, headers, exc_info=None: captured.append(status))
        data = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
        return int(captured[0].split()[0]), data

    with override_settings(
        DEBUG=True,
        STATIC_URL="/static/",
        STATICFILES_DIRS=[tmp_path],
        ROOT_URLCONF="tests.urls_default",
        ALLOWED_HOSTS=["testserver"],
    ):
        assert fetch("/static/site.css", nostatic=False) == (200, b"body {}\n")
        assert fetch("/static/site.css", nostatic=True)[0] == 404
    with override_settings(
        DEBUG=False,
        STATIC_URL="/static/",
        STATICFILES_DIRS=[tmp_path],
        ROOT_URLCONF="tests.urls_default",
        ALLOWED_HOSTS=["testserver"],
    ):
        assert fetch("/static/site.css", nostatic=False)[0] == 404


def test_runserver_app_py_refuses_a_name_that_hides_a_module(run: Run, tmp_path: Path) -> None:
    (tmp_path / "json.py").write_text("")
    result = run("runserver", str(tmp_path / "json.py"), "--noreload")
    assert result.code == 2
    assert "json.py has the name of the module 'json'" in result.err
    missing = run("runserver", str(tmp_path / "nope.py"))
    assert "nope.py does not exist" in missing.err


@pytest.mark.parametrize(
    "loaded, debug, host, shown",
    [
        (True, True, "0.0.0.0", True),  # DEBUG on: the technical page, as for any error
        (True, False, "127.0.0.1", False),  # DEBUG off: never
        (False, False, "127.0.0.1", True),  # the settings failed: on loopback only
        (False, False, "::1", True),
        (False, False, "0.0.0.0", False),
        (False, False, "192.168.1.20", False),
        (False, False, "localhost", True),
    ],
)
def test_when_the_start_up_failure_page_shows_details(
    loaded: bool, debug: bool, host: str, shown: bool
) -> None:
    from scallion.core.management.startup_failure import StartupFailure

    failure = StartupFailure(ValueError("x"), settings_loaded=loaded, debug=debug)
    assert failure.show_details(host) is shown
    page = failure.page(shown)
    assert ("ValueError" in page) is shown
    assert "The project failed to start" in page


def test_the_start_up_failure_page_of_failed_checks() -> None:
    from scallion.core.checks import Error
    from scallion.core.management.startup_failure import ChecksFailed, StartupFailure

    message = Error("MIDDLEWARE[0] 'x.Y' cannot be imported", hint="Fix it.", id="middleware.E001")
    failure = StartupFailure(ChecksFailed([message]), settings_loaded=True, debug=True)
    failure.check_messages = [message]
    page = failure.page(True)
    assert 'id="check-middleware.E001"' in page and "HINT: Fix it." in page
    assert "System check found 1 error." in page and "Traceback" not in page
    status: list[str] = []
    body = b"".join(failure.wsgi_app(True)({}, lambda s, h: status.append(s)))
    assert status == ["500 Internal Server Error"] and b"middleware.E001" in body

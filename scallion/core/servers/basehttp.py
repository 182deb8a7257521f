"""The embedded server: waitress, a multi-threaded HTTP/1.1 pure-Python WSGI server.

``runserver`` and single-file apps use it; it is a real server (keep-alive,
request size limits, a thread pool), not wsgiref's single-threaded HTTP/1.0 one,
so a development setup behaves like production behind gunicorn.

:func:`run` gives a single-file app (``python app.py``) what ``scallion
runserver`` gives a project: a log line per request, static files in DEBUG,
and in DEBUG a restart when a ``.py`` file it loaded changes (see
:mod:`scallion.core.management.autoreload`).

One change to waitress's HTTP handling: a request whose framing is ambiguous
(both ``Transfer-Encoding`` and ``Content-Length``, or ``Transfer-Encoding`` in
an HTTP/1.0 request) is answered and then its connection is closed, as RFC 9112
(section 6.1 and 6.3) requires. waitress reads such a body by its
``Transfer-Encoding`` but would keep the connection open, so a proxy in front
that framed it by ``Content-Length`` could have a second, smuggled request
read from the same connection.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

logger = logging.getLogger("scallion.server")

WSGIApp = Callable[..., Any]


def create_server(
    app: WSGIApp, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, **options: Any
) -> Any:
    """A waitress server bound to ``host:port`` (not yet serving); ``port=0`` picks one.

    With ``sockets=[sock]`` it serves sockets already listening instead (the
    development server's, shared by the processes of the reloader).
    """
    from waitress.server import create_server as waitress_create_server

    options.setdefault("ident", "scallion")
    options.setdefault("clear_untrusted_proxy_headers", True)
    if "sockets" not in options:
        options.update(host=host, port=port)
    # Every listening socket registers itself in this map.
    listeners: dict[Any, Any] = options.pop("map", None) or {}
    server = waitress_create_server(app, map=listeners, threads=threads, **options)
    _close_ambiguous_connections([server, *listeners.values()])
    return server


def _close_ambiguous_connections(listeners: list[Any]) -> None:
    """Give each listening socket the channel whose parser closes ambiguous connections
    (before the server accepts anything)."""
    from waitress.server import BaseWSGIServer

    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = _closing_channel()


@functools.cache
def _closing_channel() -> type:
    """waitress's channel, with a parser that closes connections of ambiguous framing."""
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser

    class RequestParser(HTTPRequestParser):  # type: ignore[misc]
        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            headers = self.headers
            # HTTP/1.1 pops Transfer-Encoding once it has set ``chunked``;
            # HTTP/1.0 leaves it (and frames the body by Content-Length).
            both = self.chunked and "CONTENT_LENGTH" in headers
            if both or "TRANSFER_ENCODING" in headers:
                headers["CONNECTION"] = "close"

    class Channel(HTTPChannel):  # type: ignore[misc]
        parser_class = RequestParser

    return Channel


def serve_socket(app: WSGIApp, sock: socket.socket, threads: int = 8, **options: Any) -> None:
    """Serve ``app`` on a listening socket until interrupted or sent SIGTERM."""
    server = create_server(app, threads=threads, sockets=[sock], **options)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()


def development_app(app: WSGIApp, serve_static: bool) -> WSGIApp:
    """``app`` with the development server's extras: static files and the request log."""
    from scallion.core.management.requestlog import WSGIRequestLog

    if serve_static:
        from scallion.contrib.staticfiles.handlers import StaticFilesHandler

        app = StaticFilesHandler(app)
    return WSGIRequestLog(app)


def bind_error_message(host: str, port: int, exc: OSError, other_port: str = "") -> str:
    """What to tell someone whose server could not listen on ``host:port``.

    ``other_port`` shows how to pick another port (e.g. ``'scallion runserver 8001'``).
    """
    if exc.errno == errno.EADDRINUSE:
        example = f", e.g. {other_port}" if other_port else ""
        return (
            f"Port {port} on {host} is already in use; stop the other server or pick "
            f"another port{example}."
        )
    if exc.errno == errno.EACCES:
        return f"Permission denied binding {host}:{port}; ports below 1024 need privileges."
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine."
    return f"Cannot listen on {host}:{port}: {exc.strerror or exc}."


def run(
    app: WSGIApp | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 8,
    reload: bool | None = None,
    **options: Any,
) -> None:
    """Serve ``app`` (by default the project's WSGI application) until interrupted.

    Each request is logged on stderr, and in DEBUG the ``STATIC_URL`` files are
    served from their source folders. With ``reload`` (by default: when DEBUG is
    on) this process only supervises: the script runs again in a server process
    that takes over once it has started, and again whenever a ``.py`` file it
    loaded changes; if the new code fails, the previous version keeps serving.
    """
    from scallion.conf import settings
    from scallion.core.management import autoreload

    inherited = autoreload.inherited_socket()
    if inherited is not None:  # a server process started by the reloader
        served = _project_app(app)
        autoreload.report_ready(debug=bool(settings.DEBUG))
        serve_socket(served, inherited, threads, **options)
        return
    if reload is None:
        reload = settings.configured and bool(settings.DEBUG)
    if reload and not _can_reload():
        reload = False
    try:
        sock = autoreload.bind_socket(host, port)
    except OSError as exc:
        raise SystemExit(bind_error_message(host, port, exc, "run(app, port=8001)")) from None
    shown_host = f"[{host}]" if ":" in host else host
    sys.stderr.write(
        f"scallion serving on http://{shown_host}:{sock.getsockname()[1]}/ "
        f"(autoreload {'on' if reload else 'off'}) - quit with CONTROL-C.\n"
    )
    sys.stderr.flush()
    if reload:
        argv = [sys.executable, *sys.orig_argv[1:]]
        supervisor = autoreload.Supervisor(argv, sock, _script_dirs(), stream=sys.stderr)
        supervisor.run()
        return
    serve_socket(_project_app(app), sock, threads, **options)


def _project_app(app: WSGIApp | None) -> WSGIApp:
    from scallion.conf import settings

    if app is None:
        from scallion.core.wsgi import get_wsgi_application

        app = get_wsgi_application()
    return development_app(app, serve_static=bool(settings.DEBUG))


def _can_reload() -> bool:
    """Reloading needs POSIX process handling and watchfiles."""
    if not hasattr(os, "fork"):
        return False
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        sys.stderr.write("Autoreload needs watchfiles (pip install watchfiles); off.\n")
        return False
    return True


def _script_dirs() -> list[str]:
    """Until the first server process reports, watch the script's folder."""
    main = sys.modules.get("__main__")
    filename = getattr(main, "__file__", None)
    return [os.path.dirname(os.path.abspath(filename))] if filename else [os.getcwd()]


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)

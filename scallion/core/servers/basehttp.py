"""The embedded server: waitress, a multi-threaded HTTP/1.1 pure-Python WSGI server.

``runserver`` and single-file apps use :func:`run`; it is a real server (keep-alive,
request size limits, a thread pool), not wsgiref's single-threaded HTTP/1.0 one,
so a development setup behaves like production behind gunicorn.

One change to waitress's HTTP handling: a request whose framing is ambiguous
(both ``Transfer-Encoding`` and ``Content-Length``, or ``Transfer-Encoding`` in
an HTTP/1.0 request) is answered and then its connection is closed, as RFC 9112
(section 6.1 and 6.3) requires. waitress reads such a body by its
``Transfer-Encoding`` but would keep the connection open, so a proxy in front
that framed it by ``Content-Length`` could have a second, smuggled request
read from the same connection.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("scallion.server")

WSGIApp = Callable[..., Any]


def create_server(
    app: WSGIApp, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, **options: Any
) -> Any:
    """A waitress server bound to ``host:port`` (not yet serving); ``port=0`` picks one.

    With ``sockets=[sock]`` it serves sockets already listening instead (the
    development server's).
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


def run(
    app: WSGIApp, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, **options: Any
) -> None:
    """Serve ``app`` until interrupted."""
    server = create_server(app, host=host, port=port, threads=threads, **options)
    logger.info("scallion serving on http://%s:%s/", host, server.effective_port)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()

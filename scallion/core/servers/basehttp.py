"""The embedded server: waitress, a multi-threaded HTTP/1.1 pure-Python WSGI server.

``runserver`` and single-file apps use :func:`run`; it is a real server (keep-alive,
request size limits, a thread pool), not wsgiref's single-threaded HTTP/1.0 one,
so a development setup behaves like production behind gunicorn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("scallion.server")

WSGIApp = Callable[..., Any]


def create_server(
    app: WSGIApp, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, **options: Any
) -> Any:
    """A waitress server bound to ``host:port`` (not yet serving); ``port=0`` picks one."""
    from waitress.server import create_server as waitress_create_server

    options.setdefault("ident", "scallion")
    options.setdefault("clear_untrusted_proxy_headers", True)
    return waitress_create_server(app, host=host, port=port, threads=threads, **options)


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

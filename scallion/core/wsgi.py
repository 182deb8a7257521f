"""The public entry point for WSGI servers: ``application = get_wsgi_application()``."""

from __future__ import annotations

from scallion.core.handlers.wsgi import WSGIHandler


def get_wsgi_application() -> WSGIHandler:
    """Configure logging and build the WSGI application (the onion, once)."""
    import scallion

    scallion.setup()
    return WSGIHandler()

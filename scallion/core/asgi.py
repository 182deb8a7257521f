"""The public entry point for ASGI servers: ``application = get_asgi_application()``."""

from __future__ import annotations

from scallion.core.handlers.asgi import ASGIHandler


def get_asgi_application() -> ASGIHandler:
    """Configure logging and build the ASGI application (the onion, once, in async mode)."""
    import scallion

    scallion.setup(set_prefix=False)
    return ASGIHandler()

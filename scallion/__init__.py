"""scallion: Django's request/response cycle as a fast, standalone web framework.

The package layout follows the cycle (see ``docs/architecture.md``): settings and
exceptions (``conf``, ``core.exceptions``), the handler that loads middleware and
builds the onion once (``core.handlers``), the request and response objects
(``http``), the URL dispatcher (``urls``), views, templates and built-in middleware,
and two thin shells around one core (``core.wsgi`` and ``core.asgi``).
"""

VERSION = (0, 1, 0)
__version__ = "0.1.0"


def get_version() -> str:
    """scallion's version as text (Django's ``django.get_version()``)."""
    return __version__


def setup(set_prefix: bool = True) -> None:
    """Configure logging from settings; called once by the WSGI/ASGI entry points.

    Importing scallion has no side effects; an application built with
    ``get_wsgi_application()``/``get_asgi_application()`` calls this first.
    """
    from scallion.conf import settings
    from scallion.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    if set_prefix:
        from scallion.urls import set_script_prefix

        set_script_prefix("/" if settings.FORCE_SCRIPT_NAME is None else settings.FORCE_SCRIPT_NAME)

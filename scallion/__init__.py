"""scallion: Django's request/response cycle as a fast, standalone web framework.

The package layout follows the cycle (see ``docs/architecture.md``): settings and
exceptions (``conf``, ``core.exceptions``), the handler that loads middleware and
builds the onion once (``core.handlers``), the request and response objects
(``http``), the URL dispatcher (``urls``), views, templates and built-in middleware,
and two thin shells around one core (``core.wsgi`` and ``core.asgi``).
"""

VERSION = (0, 1, 0)
__version__ = "0.1.0"

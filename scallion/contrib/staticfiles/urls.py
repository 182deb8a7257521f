"""``staticfiles_urlpatterns()``: a URL pattern serving static files from the finders in DEBUG.

``urlpatterns += staticfiles_urlpatterns()`` in a URLconf; with DEBUG off it
adds nothing. Including this module's ``urlpatterns`` does the same.
"""

from __future__ import annotations

from scallion.conf import settings
from scallion.conf.urls.static import static
from scallion.contrib.staticfiles.views import serve
from scallion.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []


def staticfiles_urlpatterns(prefix: str | None = None) -> list[URLPattern | URLResolver]:
    """The pattern serving ``prefix`` (default ``STATIC_URL``) with the finders' ``serve``."""
    if prefix is None:
        prefix = settings.STATIC_URL
    return static(prefix or "", view=serve)


if settings.DEBUG and not urlpatterns:
    urlpatterns += staticfiles_urlpatterns()

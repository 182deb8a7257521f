"""``static(prefix, view=serve, **kwargs)``: URL patterns serving files while DEBUG is on.

``urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)``
adds a pattern for ``prefix`` that calls ``view`` (``scallion.views.static.serve``)
with the rest of the path; with DEBUG off, or a prefix on another host, it adds
nothing, so production never serves files through Python by accident.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls import URLPattern, URLResolver, re_path
from scallion.views.static import serve


def static(
    prefix: str, view: Callable[..., Any] = serve, **kwargs: Any
) -> list[URLPattern | URLResolver]:
    """A pattern serving ``prefix``'s files with ``view`` in DEBUG; none otherwise."""
    if not prefix:
        raise ImproperlyConfigured(
            "static() needs a URL prefix (an empty one would serve every path): "
            "pass settings.MEDIA_URL or settings.STATIC_URL, and set it."
        )
    if not settings.DEBUG or urlsplit(prefix).netloc:
        return []
    pattern = rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)$"
    return [re_path(pattern, view, kwargs=kwargs)]

"""``static(prefix, document_root=...)``: URL patterns that serve files while DEBUG is on.

For uploaded media in development: ``urlpatterns += static(settings.MEDIA_URL,
document_root=settings.MEDIA_ROOT)``. With DEBUG off, or a prefix on another host
(a CDN), it adds nothing: production serves files with a web server or
``StaticFilesMiddleware``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls import re_path
from scallion.views.static import serve


def static(prefix: str, view: Callable[..., Any] = serve, **kwargs: Any) -> list[Any]:
    """A pattern mapping ``prefix<path>`` to ``view`` (``serve``), in DEBUG only.

    ``kwargs`` are passed to the view (``document_root=``, ``show_indexes=``).
    """
    if not prefix:
        raise ImproperlyConfigured(
            "Empty static prefix not permitted: static() needs the URL prefix of the files, "
            "for example static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)."
        )
    if not settings.DEBUG or urlsplit(prefix).netloc:
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)$", view, kwargs=kwargs)]


__all__ = ["static"]

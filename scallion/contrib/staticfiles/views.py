"""``serve``: a development view answering static files from the finders (Django's API).

``path("static/<path:path>", serve)`` in a URLconf, or ``staticfiles_urlpatterns()``.
It refuses to run outside DEBUG unless ``insecure=True``. Unlike Django's, a
path is not normalised first: ``a/../b``, ``./b`` and ``a//b`` are 404 (no
honest link contains them), as in ``StaticFilesMiddleware``.
"""

from __future__ import annotations

import os
from typing import Any

from scallion.conf import settings
from scallion.contrib.staticfiles import finders
from scallion.http import Http404, HttpRequest, HttpResponseBase
from scallion.views import static


def serve(
    request: HttpRequest, path: str, insecure: bool = False, **kwargs: Any
) -> HttpResponseBase:
    """Serve ``path`` from the finders' folders; 404 outside DEBUG unless ``insecure``."""
    if not settings.DEBUG and not insecure:
        raise Http404(
            "Static files are served from the source folders only in DEBUG; in production "
            "run collectstatic and use StaticFilesMiddleware or the web server."
        )
    relative = path.lstrip("/")
    absolute = finders.find(relative) if static.safe_relative_path(relative) else None
    if not absolute:
        if path.endswith("/") or path == "":
            raise Http404("Directory indexes are not allowed here.")
        raise Http404(f"'{path}' could not be found")
    document_root, name = os.path.split(absolute)
    return static.serve(request, name, document_root=document_root, **kwargs)

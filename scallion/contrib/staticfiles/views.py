"""``serve``: a development view answering static files from the finders."""

from __future__ import annotations

import os
import posixpath
from typing import Any

from scallion.conf import settings
from scallion.contrib.staticfiles import finders
from scallion.http import Http404, HttpRequest, HttpResponseBase
from scallion.views import static


def serve(
    request: HttpRequest, path: str, insecure: bool = False, **kwargs: Any
) -> HttpResponseBase:
    """Serve ``path`` from the source folders; refuses to run outside DEBUG unless ``insecure``."""
    if not settings.DEBUG and not insecure:
        raise Http404(
            "Static files are served from the source folders only in DEBUG; in production "
            "run collectstatic and use StaticFilesMiddleware or the web server."
        )
    normalized = posixpath.normpath(path).lstrip("/")
    absolute = finders.find(normalized) if static.safe_relative_path(path.lstrip("/")) else None
    if not absolute:
        if path.endswith("/") or path == "":
            raise Http404("Directory indexes are not allowed here.")
        raise Http404(f"'{path}' could not be found")
    document_root, name = os.path.split(absolute)
    return static.serve(request, name, document_root=document_root, **kwargs)

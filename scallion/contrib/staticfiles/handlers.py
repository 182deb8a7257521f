"""``StaticFilesHandler``: the development server's static files, straight from the finders.

A WSGI wrapper: requests under ``STATIC_URL`` are answered from the source
folders (no ``collect`` needed while developing), everything else goes to the
wrapped application. ``runserver`` wraps the application with it in DEBUG.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scallion.conf import settings
from scallion.contrib.staticfiles.views import serve
from scallion.core.handlers.wsgi import StartResponse, WSGIHandler, get_path_info
from scallion.http import Http404, HttpRequest, HttpResponseBase, HttpResponseNotFound

WSGIApplication = Any


class StaticFilesHandler(WSGIHandler):
    """Serve ``STATIC_URL`` from the finders; pass everything else to ``application``."""

    def __init__(self, application: WSGIApplication) -> None:
        # No middleware chain of its own: static files skip the onion.
        self.application = application
        self.base_path = urlsplit(settings.STATIC_URL or "").path
        if not self.base_path.endswith("/"):
            self.base_path += "/"

    def should_handle(self, path: str) -> bool:
        """True for paths under ``STATIC_URL`` (only when it is a local path)."""
        static_url = settings.STATIC_URL or ""
        return (
            bool(static_url)
            and not urlsplit(static_url).netloc
            and self.base_path != "/"
            and path.startswith(self.base_path)
        )

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        relative = request.path_info[len(self.base_path) :]
        try:
            return serve(request, relative, insecure=True)
        except Http404 as exc:
            body = str(exc) if settings.DEBUG else "Not Found"
            return HttpResponseNotFound(body, content_type="text/plain; charset=utf-8")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.should_handle(get_path_info(environ)):
            return self.application(environ, start_response)  # type: ignore[no-any-return]
        return super().__call__(environ, start_response)

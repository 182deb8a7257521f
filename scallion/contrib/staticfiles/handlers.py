"""The development server's static files, straight from the finders.

``StaticFilesHandler`` (WSGI) and ``ASGIStaticFilesHandler`` (ASGI) wrap the
application: requests under ``STATIC_URL`` are answered from the source
folders (no ``collect`` needed while developing), everything else goes to the
wrapped application. ``runserver`` wraps the application with one of them in
DEBUG (``--asgi`` picks the ASGI one).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from asgiref.sync import sync_to_async

from scallion.conf import settings
from scallion.contrib.staticfiles.utils import check_settings
from scallion.contrib.staticfiles.views import serve
from scallion.core import signals
from scallion.core.exceptions import BadRequest
from scallion.core.handlers.asgi import ASGIHandler, ASGIRequest, Receive, Scope, Send
from scallion.core.handlers.asgi_body import ASGIBodyStream
from scallion.core.handlers.exception import response_for_exception
from scallion.core.handlers.wsgi import StartResponse, WSGIHandler, get_path_info
from scallion.http import Http404, HttpRequest, HttpResponseBase

WSGIApplication = Any
ASGIApplication = Any


class StaticFilesHandlerMixin:
    """What both handlers share: which paths are static, and how they are answered."""

    #: Tells a ``request_finished`` receiver that this handler only serves files.
    handles_files = True
    base_url: Any

    def load_middleware(self, is_async: bool = False) -> None:
        """Nothing to load: the wrapped application has its own chain; files skip it."""

    def get_base_url(self) -> str:
        check_settings()
        return str(settings.STATIC_URL)

    def _set_base_path(self) -> None:
        self.base_url = urlparse(self.get_base_url())

    @property
    def base_path(self) -> str:
        path: str = self.base_url.path
        return path if path.endswith("/") else path + "/"

    def _should_handle(self, path: str) -> bool:
        """True for paths under a local ``STATIC_URL`` (not one on another host)."""
        return path.startswith(self.base_url.path) and not self.base_url.netloc

    def should_handle(self, path: str) -> bool:
        return self.base_path != "/" and self._should_handle(path)

    def file_path(self, url: str) -> str:
        """The static file's relative path for the URL path ``url``."""
        return url2pathname(url.removeprefix(self.base_url.path))

    def serve(self, request: HttpRequest) -> HttpResponseBase:
        return serve(request, self.file_path(request.path_info), insecure=True)

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        """The file, or the project's 404 page (the technical one in DEBUG)."""
        try:
            return self.serve(request)
        except Http404 as exc:
            return response_for_exception(request, exc)


class StaticFilesHandler(StaticFilesHandlerMixin, WSGIHandler):
    """Serve ``STATIC_URL`` from the finders; pass everything else to ``application``."""

    def __init__(self, application: WSGIApplication) -> None:
        # No middleware chain of its own: static files skip the onion.
        self.application = application
        self._set_base_path()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.should_handle(get_path_info(environ)):
            return self.application(environ, start_response)  # type: ignore[no-any-return]
        return super().__call__(environ, start_response)


class ASGIStaticFilesHandler(StaticFilesHandlerMixin, ASGIHandler):
    """The ASGI twin of ``StaticFilesHandler``: ``runserver --asgi`` in DEBUG.

    Other scopes (``lifespan``, ``websocket``) and other paths go to ``application``
    untouched. A file is found and opened in a worker thread and streamed as the
    ASGI handler streams any ``FileResponse`` (stopping if the client goes away).
    """

    def __init__(self, application: ASGIApplication) -> None:
        # No middleware chain of its own: static files skip the onion.
        self.application = application
        self._set_base_path()

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await sync_to_async(self.get_response, thread_sensitive=False)(
            request
        )
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Any:
        """Serve a static file, or hand the scope to the application (returning what it does)."""
        if scope["type"] != "http":
            return await self.application(scope, receive, send)
        try:
            request = ASGIRequest(scope, None, None, receive)
        except BadRequest:
            # An undecodable path: the application answers it (with its 400).
            return await self.application(scope, receive, send)
        if not self.should_handle(request.path_info):
            return await self.application(scope, receive, send)
        # As the WSGI handler does for a static file (and Django's ASGI one):
        # request_started here, request_finished when the response is closed.
        if signals.request_started.has_listeners():
            await sync_to_async(signals.request_started.send, thread_sensitive=True)(
                sender=self.__class__, scope=scope
            )
        response = await self.get_response_async(request)
        response._handler_class = type(self)
        # The channel is watched for http.disconnect while a file streams.
        channel = ASGIBodyStream(receive, False)
        try:
            await self.send_response(response, send, channel, request.method == "HEAD")
        finally:
            await channel.stop_watching()
            await sync_to_async(response.close, thread_sensitive=False)()
        return None


__all__ = ["ASGIStaticFilesHandler", "StaticFilesHandler", "StaticFilesHandlerMixin"]

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
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async

from scallion.conf import settings
from scallion.contrib.staticfiles.views import serve
from scallion.core import signals
from scallion.core.exceptions import BadRequest
from scallion.core.handlers.asgi import ASGIHandler, ASGIRequest, Receive, Scope, Send
from scallion.core.handlers.asgi_body import ASGIBodyStream
from scallion.core.handlers.wsgi import StartResponse, WSGIHandler, get_path_info
from scallion.http import Http404, HttpRequest, HttpResponseBase, HttpResponseNotFound

WSGIApplication = Any
ASGIApplication = Any


class StaticFilesHandlerMixin:
    """What both handlers share: which paths are static, and how they are answered."""

    base_path: str

    def _set_base_path(self) -> None:
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

    def serve_static(self, request: HttpRequest) -> HttpResponseBase:
        relative = request.path_info[len(self.base_path) :]
        try:
            return serve(request, relative, insecure=True)
        except Http404 as exc:
            body = str(exc) if settings.DEBUG else "Not Found"
            return HttpResponseNotFound(body, content_type="text/plain; charset=utf-8")


class StaticFilesHandler(StaticFilesHandlerMixin, WSGIHandler):
    """Serve ``STATIC_URL`` from the finders; pass everything else to ``application``."""

    def __init__(self, application: WSGIApplication) -> None:
        # No middleware chain of its own: static files skip the onion.
        self.application = application
        self._set_base_path()

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        return self.serve_static(request)

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
        response: HttpResponseBase = await sync_to_async(self.serve_static, thread_sensitive=False)(
            request
        )
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.application(scope, receive, send)
            return
        try:
            request = ASGIRequest(scope, None, None, receive)
        except BadRequest:
            # An undecodable path: the application answers it (with its 400).
            await self.application(scope, receive, send)
            return
        if not self.should_handle(request.path_info):
            await self.application(scope, receive, send)
            return
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


__all__ = ["ASGIStaticFilesHandler", "StaticFilesHandler", "StaticFilesHandlerMixin"]

"""Routers: by protocol (``ProtocolTypeRouter``) and by path (``URLRouter``).

Both are ASGI applications. ``URLRouter`` takes the ``path()``/``re_path()`` of
``scallion.urls``, so routes have the same converters as HTTP ones: a consumer
routed by ``path("room/<int:number>/", ...)`` finds
``scope["url_route"]["kwargs"]["number"]`` as an int. A route whose application
is another ``URLRouter`` matches a prefix, as ``include()`` does for views.

A path no route matches is answered, not raised: a WebSocket handshake is
refused (the client sees HTTP 403) and an HTTP request gets a 404, each with a
log line on ``scallion.channels`` (Channels raises ``ValueError`` to the server).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import Any

from scallion.channels.consumer import ASGIApp, Receive, Scope, Send
from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls.exceptions import Resolver404
from scallion.urls.patterns import RegexPattern, RoutePattern
from scallion.urls.resolvers import URLPattern, URLResolver
from scallion.utils.log import escape_control_chars

logger = logging.getLogger("scallion.channels")


def get_default_application() -> Any:
    """The application named by the ``ASGI_APPLICATION`` setting (``"module.name"``)."""
    dotted = getattr(settings, "ASGI_APPLICATION", None)
    try:
        module_name, name = str(dotted).rsplit(".", 1)
    except ValueError:
        raise ImproperlyConfigured("Cannot find ASGI_APPLICATION setting.") from None
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise ImproperlyConfigured(
            f"Cannot import ASGI_APPLICATION module {module_name!r}"
        ) from err
    try:
        return getattr(module, name)
    except AttributeError:
        raise ImproperlyConfigured(
            f"Cannot find {name!r} in ASGI_APPLICATION module {module_name}"
        ) from None


class ProtocolTypeRouter:
    """Send each connection to the application registered for its ``scope["type"]``.

    ``lifespan`` goes to the ``"http"`` application when the mapping has no entry
    for it and that application is scallion's (so ``LIFESPAN_HANDLERS`` run).
    """

    def __init__(self, application_mapping: Mapping[str, ASGIApp]) -> None:
        self.application_mapping = dict(application_mapping)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        application = self.application_mapping.get(kind)
        if application is None and kind == "lifespan":
            from scallion.core.handlers.asgi import ASGIHandler

            http = self.application_mapping.get("http")
            if isinstance(http, ASGIHandler):
                application = http
        if application is None:
            raise ValueError(
                f"No application configured for scope type {kind!r}; ProtocolTypeRouter has "
                f"{sorted(self.application_mapping)}."
            )
        await application(scope, receive, send)


class URLRouter:
    """Route on the path to ``path()``/``re_path()`` entries, first match wins."""

    #: Marks an application that routes on ``scope["path_remaining"]`` itself.
    _path_routing = True

    def __init__(self, routes: list[Any]) -> None:
        self.routes = list(routes)
        for route in self.routes:
            if isinstance(route, URLResolver):
                raise ImproperlyConfigured(
                    f"{route!r}: include() is not supported in URLRouter. Use nested "
                    "URLRouter instances instead: path('chat/', URLRouter([...]))."
                )
            if not isinstance(route, URLPattern):
                raise ImproperlyConfigured(
                    f"URLRouter was given {route!r}, which is not a route. Build routes with "
                    "scallion.urls.path() or re_path()."
                )
            if isinstance(route.callback, type) and hasattr(route.callback, "as_asgi"):
                name = route.callback.__qualname__
                raise ImproperlyConfigured(
                    f"The route {str(route.pattern)!r} is given the consumer class {name}; "
                    f"pass {name}.as_asgi() instead."
                )
            if getattr(route.callback, "_path_routing", False):
                # A nested router matches a prefix: its pattern must not be an endpoint.
                route.pattern = _prefix_pattern(route.pattern)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        remaining: str | None = scope.get("path_remaining")
        outermost = remaining is None
        if remaining is None:
            path: str | None = scope.get("path")
            if path is None:
                raise ValueError("No 'path' key in connection scope, cannot route URLs")
            root_path = scope.get("root_path") or ""
            if root_path:
                if not path.startswith(root_path):
                    await _no_route(scope, receive, send, path)
                    return
                path = path[len(root_path) :]
        else:
            path = remaining
        path = path.lstrip("/")
        for route in self.routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            rest, args, kwargs = found
            kwargs = {**kwargs, **route.default_args}
            outer = scope.get("url_route") or {}
            inner_scope = {
                **scope,
                "path_remaining": rest,
                "url_route": {
                    "args": tuple(outer.get("args", ())) + tuple(args),
                    "kwargs": {**outer.get("kwargs", {}), **kwargs},
                },
            }
            try:
                await route.callback(inner_scope, receive, send)
            except Resolver404:
                if not outermost:
                    raise
                await _no_route(scope, receive, send, path)
            return
        if not outermost:
            raise Resolver404({"path": path})
        await _no_route(scope, receive, send, path)


def _prefix_pattern(pattern: Any) -> Any:
    if isinstance(pattern, RoutePattern):
        return RoutePattern(str(pattern), pattern.name, is_endpoint=False)
    if isinstance(pattern, RegexPattern):
        return RegexPattern(str(pattern), pattern.name, is_endpoint=False)
    raise ImproperlyConfigured(f"Unsupported pattern type {type(pattern).__name__} in URLRouter.")


async def _no_route(scope: Scope, receive: Receive, send: Send, path: str) -> None:
    """Answer a connection no route matched: 403 handshake or 404 page."""
    logger.warning(
        "No %s route for path %r.", scope.get("type", "?"), escape_control_chars(str(path))
    )
    await refuse(scope, receive, send, 404)


async def refuse(scope: Scope, receive: Receive, send: Send, status: int) -> None:
    """Refuse a connection: a WebSocket handshake is closed (HTTP 403), HTTP gets ``status``."""
    if scope.get("type") == "websocket":
        from scallion.channels.security.websocket import deny

        await deny(receive, send)
        return
    if scope.get("type") == "http":
        body = b"Not Found" if status == 404 else b"Forbidden"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return
    raise ValueError(f"Cannot refuse a {scope.get('type')!r} connection.")


__all__ = ["ProtocolTypeRouter", "URLRouter", "get_default_application"]

"""WebSocket connections routed through the project's URLconf.

``get_asgi_application()`` serves the ``websocket_urlpatterns`` list of
``ROOT_URLCONF`` (``path()``/``re_path()``/``include()`` to consumers'
``as_asgi()``), so HTTP and WebSocket routes are declared in one place with one
set of converters. Around each connection, built once and rebuilt when settings
change:

1. the origin check of ``AllowedHostsOriginValidator``: a handshake whose
   ``Origin`` is not in ``ALLOWED_HOSTS`` (port ignored) is refused with 403;
2. ``scope["cookies"]``, and ``scope["session"]`` when ``MIDDLEWARE`` has
   ``SessionMiddleware``;
3. the trace of the connection's events, when ``DEBUG`` and ``TRACE_REQUESTS``;
4. the route: ``scope["url_route"]`` gets the converted ``args``/``kwargs``.

A URLconf without ``websocket_urlpatterns`` refuses every handshake (403), as a
path no pattern matches does (with a log line).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from scallion.conf import settings
from scallion.core.signals import setting_changed
from scallion.urls import Resolver404, get_resolver
from scallion.utils.log import escape_control_chars

logger = logging.getLogger("scallion.channels")

SESSION_MIDDLEWARE = "scallion.contrib.sessions.middleware.SessionMiddleware"
#: Settings the connection stack is built from.
_STACK_SETTINGS = frozenset({"ROOT_URLCONF", "MIDDLEWARE", "DEBUG", "TRACE_REQUESTS"})


def websocket_patterns(urlconf: Any = None) -> list[Any] | None:
    """The URLconf's ``websocket_urlpatterns``, or None when it has none."""
    urlconf = settings.ROOT_URLCONF if urlconf is None else urlconf
    if urlconf is None:
        return None
    module = importlib.import_module(urlconf) if isinstance(urlconf, str) else urlconf
    patterns = getattr(module, "websocket_urlpatterns", None)
    return (
        None if patterns is None else list(patterns) if not isinstance(patterns, list) else patterns
    )


def websocket_resolver(urlconf: Any = None) -> Any:
    """The compiled resolver of the URLconf's WebSocket routes, or None."""
    patterns = websocket_patterns(urlconf)
    return None if patterns is None else get_resolver(patterns)


class WebsocketHandler:
    """The ``websocket`` scope of ``ASGIHandler``: one per handler, the stack built once."""

    def __init__(self) -> None:
        self._stack: Any = None
        setting_changed.connect(self._reset, weak=True)

    def _reset(self, *, setting: str, **kwargs: Any) -> None:
        if setting in _STACK_SETTINGS:
            self._stack = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        stack = self._stack
        if stack is None:
            stack = self._stack = self._build()
        await stack(scope, receive, send)

    def _build(self) -> Any:
        from scallion.channels.security.websocket import AllowedHostsOriginValidator
        from scallion.channels.sessions import CookieMiddleware, SessionMiddleware

        resolver = websocket_resolver()
        if resolver is None:
            return _refuse_all
        application: Any = _Dispatch(resolver)
        if settings.DEBUG and settings.TRACE_REQUESTS:
            from scallion.core.trace.websocket import traced

            application = traced(application)
        if SESSION_MIDDLEWARE in settings.MIDDLEWARE:
            application = SessionMiddleware(application)
        return AllowedHostsOriginValidator(CookieMiddleware(application))


class _Dispatch:
    """Resolve the path among the WebSocket routes and run the matched application."""

    def __init__(self, resolver: Any) -> None:
        self.resolver = resolver

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path: str = scope.get("path") or "/"
        root_path: str = scope.get("root_path") or ""
        if root_path and path.startswith(root_path):
            path = path[len(root_path) :] or "/"
        try:
            match = self.resolver.resolve(path)
        except Resolver404:
            from scallion.channels.security.websocket import deny

            logger.warning("No WebSocket route for path %r.", escape_control_chars(path))
            await deny(receive, send)
            return
        scope = {
            **scope,
            "path_remaining": "",
            "url_route": {"args": tuple(match.args), "kwargs": dict(match.kwargs)},
        }
        await match.func(scope, receive, send)


async def _refuse_all(scope: Any, receive: Any, send: Any) -> None:
    """No ``websocket_urlpatterns``: decline the handshake (servers answer 403)."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send(
            {
                "type": "websocket.close",
                "code": 1000,
                "reason": "this site has no WebSocket routes",
            }
        )


__all__ = ["WebsocketHandler", "websocket_patterns", "websocket_resolver"]

"""``BaseMiddleware``: the base class of scope middleware (wrap an ASGI app, edit the scope)."""

from __future__ import annotations

from scallion.channels.consumer import ASGIApp, Receive, Scope, Send


class BaseMiddleware:
    """Hands the inner application a copy of the scope; subclasses add to it.

    One instance serves every connection: keep per-connection state in the scope.
    """

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.inner(dict(scope), receive, send)


__all__ = ["BaseMiddleware"]

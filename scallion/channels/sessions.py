"""Cookies and sessions in the scope: ``scope["cookies"]`` and ``scope["session"]``.

``SessionMiddlewareStack(inner)`` is ``CookieMiddleware(SessionMiddleware(inner))``.
The session is the ``SESSION_ENGINE`` store for the request's session cookie,
read on first use, so the session a page set is the one its WebSocket sees.

An HTTP response (``http.response.start``) saves a modified session and sets
its cookie, as ``scallion.contrib.sessions`` does for views. A WebSocket has no
response to carry a cookie: a consumer that changes the session calls
``scope["session"].save()`` itself (in a thread from async code), which works
with server-side engines (file, Redis); with the default signed-cookie engine
the session is read-only over a WebSocket.
"""

from __future__ import annotations

import time
from typing import Any

from asgiref.sync import sync_to_async

from scallion.channels.consumer import ASGIApp, Message, Receive, Scope, Send
from scallion.conf import settings
from scallion.contrib.sessions.backends.base import UpdateError
from scallion.core.exceptions import SuspiciousOperation
from scallion.http import HttpResponse, parse_cookie
from scallion.utils.http import http_date
from scallion.utils.module_loading import import_string


class CookieMiddleware:
    """Put the request's cookies in ``scope["cookies"]`` (a dict, as ``request.COOKIES``)."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "headers" not in scope:
            raise ValueError(
                "CookieMiddleware was passed a scope that did not have a headers key "
                "(make sure it is only passed HTTP or WebSocket connections)"
            )
        raw = b"; ".join(value for name, value in scope["headers"] if name == b"cookie")
        cookies = parse_cookie(raw.decode("latin-1")) if raw else {}
        await self.inner({**scope, "cookies": cookies}, receive, send)

    @classmethod
    def set_cookie(
        cls,
        message: Message,
        key: str,
        value: str = "",
        max_age: int | None = None,
        expires: Any = None,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = "lax",
    ) -> None:
        """Add a ``Set-Cookie`` header to an ``http.response.start`` message."""
        carrier = HttpResponse()
        carrier.set_cookie(
            key,
            str(value),
            max_age=max_age,
            expires=expires,
            path=path,
            domain=domain,
            secure=bool(secure),
            httponly=bool(httponly),
            samesite=samesite,
        )
        morsel = carrier.cookies[key]
        message.setdefault("headers", []).append(
            (b"set-cookie", morsel.OutputString().encode("latin-1"))
        )

    @classmethod
    def delete_cookie(
        cls, message: Message, key: str, path: str = "/", domain: str | None = None
    ) -> None:
        cls.set_cookie(
            message,
            key,
            max_age=0,
            path=path,
            domain=domain,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
        )


class SessionMiddleware:
    """Put the session in ``scope["session"]``; needs ``CookieMiddleware`` outside it."""

    def __init__(self, inner: ASGIApp) -> None:
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "session" in scope:
            await self.inner(scope, receive, send)  # an outer session middleware owns it
            return
        if "cookies" not in scope:
            raise ValueError(
                "No cookies in scope - SessionMiddleware needs to run inside of "
                "CookieMiddleware (use SessionMiddlewareStack)."
            )
        store = import_string(settings.SESSION_ENGINE + ".SessionStore")
        session = store(scope["cookies"].get(settings.SESSION_COOKIE_NAME))
        scope = {**scope, "session": session}

        async def send_saving_session(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status", 200) < 500:
                await _save_for_response(scope, session, message)
            await send(message)

        await self.inner(scope, receive, send_saving_session)


async def _save_for_response(scope: Scope, session: Any, message: Message) -> None:
    """Save a modified session and put its cookie on the response (as the HTTP middleware)."""
    if not (session.modified or settings.SESSION_SAVE_EVERY_REQUEST):
        return
    name = settings.SESSION_COOKIE_NAME
    if session.is_empty():
        if name in scope["cookies"]:
            CookieMiddleware.delete_cookie(
                message,
                name,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
            )
        return
    try:
        await sync_to_async(session.save, thread_sensitive=False)()
    except UpdateError:
        raise SuspiciousOperation(
            "The request's session was deleted before the request completed. The user may "
            "have logged out in a concurrent request, for example."
        ) from None
    if session.get_expire_at_browser_close():
        max_age, expires = None, None
    else:
        max_age = session.get_expiry_age()
        expires = http_date(time.time() + max_age)
    CookieMiddleware.set_cookie(
        message,
        name,
        session.session_key,
        max_age=max_age,
        expires=expires,
        domain=settings.SESSION_COOKIE_DOMAIN,
        path=settings.SESSION_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=settings.SESSION_COOKIE_HTTPONLY,
        samesite=settings.SESSION_COOKIE_SAMESITE,
    )


def SessionMiddlewareStack(inner: ASGIApp) -> ASGIApp:
    """Cookies and the session in the scope: ``CookieMiddleware(SessionMiddleware(inner))``."""
    return CookieMiddleware(SessionMiddleware(inner))


__all__ = ["CookieMiddleware", "SessionMiddleware", "SessionMiddlewareStack"]

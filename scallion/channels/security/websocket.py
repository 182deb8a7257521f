"""Origin checks for WebSocket handshakes: the WebSocket analogue of CSRF protection.

Browsers let any page open a WebSocket to any site and send the site's cookies
with it; only the ``Origin`` header tells a handshake from a foreign page. These
validators refuse such handshakes before the consumer runs: the client sees
HTTP 403, and ``scallion.channels`` logs a warning naming the origin.

A pattern without a scheme (``"example.com"``, ``".example.com"`` for the domain
and its subdomains, ``"*"`` for anything) compares hosts only, ignoring the port,
as ``ALLOWED_HOSTS`` does; a pattern with a scheme (``"https://example.com:8443"``)
must match scheme, host and port (80 and 443 standing in for a missing port).
A handshake without an ``Origin`` header passes only ``"*"``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import ParseResult, urlparse

from scallion.channels.consumer import ASGIApp, Receive, Scope, Send
from scallion.conf import settings
from scallion.http.request import is_same_domain
from scallion.utils.log import escape_control_chars

logger = logging.getLogger("scallion.channels")

_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
#: What ALLOWED_HOSTS means when DEBUG is on and it is empty (as for HTTP requests).
DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


class OriginValidator:
    """Pass a WebSocket connection on only when its ``Origin`` matches ``allowed_origins``."""

    def __init__(self, application: ASGIApp, allowed_origins: Iterable[str] | None) -> None:
        self.application = application
        #: None: the hosts of ``ALLOWED_HOSTS``, read at each handshake.
        self.allowed_origins = None if allowed_origins is None else list(allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            raise ValueError("You cannot use OriginValidator on a non-WebSocket connection")
        raw = None
        for name, value in scope.get("headers", ()):
            if name == b"origin":
                raw = value.decode("latin-1")
        parsed = _parse(raw)
        if self.valid_origin(parsed):
            await self.application(scope, receive, send)
            return
        logger.warning(
            "WebSocket handshake to %s refused: origin %s is not allowed (%s).",
            escape_control_chars(str(scope.get("path", "?"))),
            "(none)" if raw is None else repr(escape_control_chars(raw[:200])),
            "ALLOWED_HOSTS" if self.allowed_origins is None else "allowed_origins",
        )
        await deny(receive, send)

    def patterns(self) -> list[str]:
        if self.allowed_origins is not None:
            return self.allowed_origins
        hosts = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not hosts:
            return DEBUG_HOSTS
        return hosts

    def valid_origin(self, parsed_origin: ParseResult | None) -> bool:
        patterns = self.patterns()
        if parsed_origin is None:
            return "*" in patterns
        return self.validate_origin(parsed_origin, patterns)

    def validate_origin(
        self, parsed_origin: ParseResult, patterns: list[str] | None = None
    ) -> bool:
        return any(
            pattern == "*" or self.match_allowed_origin(parsed_origin, pattern)
            for pattern in (self.patterns() if patterns is None else patterns)
        )

    def match_allowed_origin(self, parsed_origin: ParseResult | None, pattern: str) -> bool:
        if parsed_origin is None or parsed_origin.hostname is None:
            return False
        parsed_pattern = urlparse(pattern.lower())
        if not parsed_pattern.scheme:
            host = urlparse("//" + pattern).hostname or pattern
            if pattern.startswith("[") and not host.startswith("["):
                host = f"[{host}]"
            return is_same_domain(_host(parsed_origin), host.lower())
        return (
            parsed_pattern.scheme == parsed_origin.scheme
            and self.get_origin_port(parsed_origin) == self.get_origin_port(parsed_pattern)
            and parsed_pattern.hostname is not None
            and is_same_domain(parsed_origin.hostname, parsed_pattern.hostname)
        )

    def get_origin_port(self, origin: ParseResult) -> int | None:
        try:
            port = origin.port
        except ValueError:
            return None
        return port if port is not None else _DEFAULT_PORTS.get(origin.scheme)


def _host(parsed: ParseResult) -> str:
    """The origin's host as ALLOWED_HOSTS writes it (IPv6 in brackets)."""
    host = parsed.hostname or ""
    return f"[{host}]" if ":" in host else host


def _parse(raw: str | None) -> ParseResult | None:
    if raw is None:
        return None
    try:
        parsed = urlparse(raw)
        parsed.port  # noqa: B018 - a port that is not a number is refused here
    except ValueError:
        return urlparse("")
    return parsed


def AllowedHostsOriginValidator(application: ASGIApp) -> OriginValidator:
    """An :class:`OriginValidator` allowing the hosts of ``ALLOWED_HOSTS`` (port ignored).

    ``ALLOWED_HOSTS`` is read at each handshake, so ``override_settings`` applies.
    """
    return OriginValidator(application, None)


async def deny(receive: Receive, send: Send) -> None:
    """Refuse the handshake: ``websocket.close`` before accepting makes servers answer 403."""
    message = await receive()
    if message.get("type") == "websocket.connect":
        await send({"type": "websocket.close", "code": 1008})


class WebsocketDenier:
    """An ASGI application that refuses every WebSocket handshake."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await deny(receive, send)

    @classmethod
    def as_asgi(cls, **initkwargs: Any) -> ASGIApp:
        return cls()


__all__ = ["AllowedHostsOriginValidator", "OriginValidator", "WebsocketDenier"]

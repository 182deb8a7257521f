"""``SessionMiddleware``: attach ``request.session`` and persist it on the way out.

The store object is created per request but reads nothing until the view
touches the session. On the way out the cookie is written only if the data
changed (or ``SESSION_SAVE_EVERY_REQUEST``), deleted if the session was
emptied, and ``Vary: Cookie`` is added whenever the session was read, because
the response then depends on who asked. PERF: stack.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from scallion.conf import settings
from scallion.contrib.sessions.backends.base import UpdateError
from scallion.contrib.sessions.exceptions import SessionInterrupted
from scallion.http import HttpRequest, HttpResponseBase
from scallion.middleware import SettingsMiddleware
from scallion.utils.cache import patch_vary_headers
from scallion.utils.http import http_date
from scallion.utils.module_loading import import_string

logger = logging.getLogger("scallion.contrib.sessions")
# Browsers drop cookies over 4096 bytes (name, value and attributes together).
MAX_COOKIE_SIZE = 4096


class SessionMiddleware(SettingsMiddleware):
    watched_settings = frozenset(
        {
            "SESSION_ENGINE",
            "SESSION_COOKIE_NAME",
            "SESSION_COOKIE_DOMAIN",
            "SESSION_COOKIE_PATH",
            "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_SAMESITE",
            "SESSION_SAVE_EVERY_REQUEST",
        }
    )

    def load_settings(self) -> None:
        self.SessionStore: Callable[[str | None], Any] = import_string(
            settings.SESSION_ENGINE + ".SessionStore"
        )
        self.cookie_name: str = settings.SESSION_COOKIE_NAME
        self.cookie_domain: str | None = settings.SESSION_COOKIE_DOMAIN
        self.cookie_path: str = settings.SESSION_COOKIE_PATH
        self.cookie_secure: bool = settings.SESSION_COOKIE_SECURE
        self.cookie_httponly: bool = settings.SESSION_COOKIE_HTTPONLY
        self.cookie_samesite: str | None = settings.SESSION_COOKIE_SAMESITE
        self.save_every_request: bool = settings.SESSION_SAVE_EVERY_REQUEST

    def process_request(self, request: HttpRequest) -> None:
        session_key = request.COOKIES.get(self.cookie_name)
        request.session = self.SessionStore(session_key)  # type: ignore[attr-defined]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        try:
            session = request.session  # type: ignore[attr-defined]
            accessed: bool = session.accessed
            modified: bool = session.modified
            empty: bool = session.is_empty()
        except AttributeError:
            return response  # process_request did not run (an outer layer answered)

        if empty and self.cookie_name in request.COOKIES:
            # The session was flushed: tell the browser to forget the cookie.
            response.delete_cookie(
                self.cookie_name,
                path=self.cookie_path,
                domain=self.cookie_domain,
                samesite=self.cookie_samesite,
            )
            patch_vary_headers(response, ("Cookie",))
            return response
        if accessed:
            patch_vary_headers(response, ("Cookie",))
        if (modified or self.save_every_request) and not empty:
            if session.get_expire_at_browser_close():
                max_age: int | None = None
                expires: str | None = None
            else:
                max_age = session.get_expiry_age()
                expires = http_date(time.time() + max_age)
            # A 5xx may have left the data half-changed: do not persist it.
            if response.status_code < 500:
                try:
                    session.save()
                except UpdateError:
                    raise SessionInterrupted(
                        "The request's session was deleted before the request completed. "
                        "The user may have logged out in a concurrent request, for example."
                    ) from None
                self._warn_if_too_large(session.session_key)
                response.set_cookie(
                    self.cookie_name,
                    session.session_key,
                    max_age=max_age,
                    expires=expires,
                    domain=self.cookie_domain,
                    path=self.cookie_path,
                    secure=self.cookie_secure,
                    httponly=self.cookie_httponly,
                    samesite=self.cookie_samesite,
                )
        return response

    def _warn_if_too_large(self, session_key: str | None) -> None:
        if session_key and len(self.cookie_name) + len(session_key) + 1 > MAX_COOKIE_SIZE:
            logger.error(
                "The %s cookie is %d bytes, over the %d browsers keep: the browser will "
                "drop it and the session will be lost. Store less in the session, or use a "
                "server-side SESSION_ENGINE (scallion.contrib.sessions.backends.redis).",
                self.cookie_name,
                len(session_key),
                MAX_COOKIE_SIZE,
            )


__all__ = ["SessionMiddleware"]

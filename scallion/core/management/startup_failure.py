"""What the development server answers while the project fails to start.

``runserver`` imports the settings, the URLconf, runs the system checks and
builds the handler before it serves. When one of them fails, the server
process serves a :class:`StartupFailure`'s page to every request instead of
leaving connections waiting: the technical page (traceback or check messages)
when ``DEBUG`` is on, or when the settings could not be read and the server
listens on a loopback address only; a page that only says the project failed
otherwise. The page is rendered once: serving it runs no project code.
"""

from __future__ import annotations

import ipaddress
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from scallion.core.checks.messages import CheckMessage

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

PLAIN_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>The project failed to start</title></head><body>"
    "<h1>The project failed to start</h1><p>The error is in the terminal where the server "
    "runs (this page shows it only with DEBUG = True). Fix it and save the file: the server "
    "restarts by itself.</p></body></html>"
)


class ChecksFailed(Exception):
    """The system checks found errors; the project is not served until they are fixed."""

    def __init__(self, messages: list[CheckMessage]) -> None:
        super().__init__(f"System check found {len(messages)} error(s).")
        self.messages = messages


@dataclass
class StartupFailure:
    """Why the project did not start, and what to tell the browser about it."""

    exception: BaseException
    #: Whether the settings module imported (so DEBUG is known and can be shown).
    settings_loaded: bool
    debug: bool = False
    check_messages: list[CheckMessage] = field(default_factory=list)

    @classmethod
    def capture(cls, exception: BaseException) -> StartupFailure:
        from scallion.conf import settings

        loaded = settings.configured
        debug = bool(getattr(settings, "DEBUG", False)) if loaded else False
        messages = exception.messages if isinstance(exception, ChecksFailed) else []
        return cls(exception, loaded, debug, messages)

    def show_details(self, host: str) -> bool:
        """The technical page with DEBUG on, or before the settings say, on loopback only."""
        if self.settings_loaded:
            return self.debug
        try:
            return ipaddress.ip_address(host.strip("[]")).is_loopback
        except ValueError:
            return host == "localhost"

    def print(self, stream: IO[str]) -> None:
        """The traceback on the console (check messages were printed by the checks)."""
        if not self.check_messages:
            traceback.print_exception(self.exception, file=stream)
            stream.flush()

    def source_dirs(self) -> list[str]:
        """Directories of the project files in the traceback: the reloader watches them."""
        files = []
        if isinstance(self.exception, SyntaxError) and self.exception.filename:
            files.append(self.exception.filename)
        current: BaseException | None = self.exception
        while current is not None:
            files.extend(frame.filename for frame in traceback.extract_tb(current.__traceback__))
            current = current.__cause__ or current.__context__
        dirs = {os.path.dirname(os.path.abspath(name)) for name in files if os.path.isfile(name)}
        return sorted(d for d in dirs if "site-packages" not in d)

    def page(self, details: bool) -> str:
        if not details:
            return PLAIN_PAGE
        from scallion.views.debug import startup_failure_html

        exception = None if self.check_messages else self.exception
        return startup_failure_html(exception, self.check_messages, debug=self.debug)

    def wsgi_app(self, details: bool) -> WSGIApp:
        """A WSGI application answering every request with this failure's page (500)."""
        body = self.page(details).encode("utf-8", "replace")
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ]

        def failed_to_start(
            environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            start_response("500 Internal Server Error", headers)
            return [body]

        return failed_to_start

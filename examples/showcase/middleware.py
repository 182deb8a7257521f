"""A custom middleware: times the inner layers and the view, reports Server-Timing."""

import time
from collections.abc import Callable

from scallion.http import HttpRequest, HttpResponseBase


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=<ms>`` (visible in the browser's network panel)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
        return response

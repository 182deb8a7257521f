"""``XFrameOptionsMiddleware``: forbid framing unless a view opts out.

``X_FRAME_OPTIONS`` ("DENY" by default, or "SAMEORIGIN") is sent on every
response that has no ``X-Frame-Options`` header yet and was not marked by
``scallion.views.decorators.clickjacking.xframe_options_exempt``.
"""

from __future__ import annotations

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponseBase
from scallion.middleware import SettingsMiddleware


class XFrameOptionsMiddleware(SettingsMiddleware):
    watched_settings = frozenset({"X_FRAME_OPTIONS"})

    def load_settings(self) -> None:
        self.x_frame_options = str(getattr(settings, "X_FRAME_OPTIONS", "DENY")).upper()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if "X-Frame-Options" in response.headers:
            return response
        if getattr(response, "xframe_options_exempt", False):
            return response
        response.headers["X-Frame-Options"] = self.get_xframe_options_value(request, response)
        return response

    def get_xframe_options_value(self, request: HttpRequest, response: HttpResponseBase) -> str:
        """The header value; override to decide per request (Django's hook)."""
        return self.x_frame_options


__all__ = ["XFrameOptionsMiddleware"]

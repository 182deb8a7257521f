"""``XFrameOptionsMiddleware``: forbid framing unless a view opts out.

``X_FRAME_OPTIONS`` ("DENY" by default, or "SAMEORIGIN") is sent on every
response that has no ``X-Frame-Options`` header yet and was not marked by
``scallion.views.decorators.clickjacking.xframe_options_exempt``.
"""

from __future__ import annotations

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponseBase
from scallion.http.response import CheckedHeader, ResponseHeaders
from scallion.middleware import SettingsMiddleware


class XFrameOptionsMiddleware(SettingsMiddleware):
    watched_settings = frozenset({"X_FRAME_OPTIONS"})

    def load_settings(self) -> None:
        self.x_frame_options = str(getattr(settings, "X_FRAME_OPTIONS", "DENY")).upper()
        # PERF: stack. Unless a subclass decides per request, the header is
        # checked once here and stored on each response with one dict write.
        self._fixed_header: CheckedHeader | None = None
        if type(self).get_xframe_options_value is XFrameOptionsMiddleware.get_xframe_options_value:
            self._fixed_header = ResponseHeaders.checked("X-Frame-Options", self.x_frame_options)

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        headers = response.headers
        if headers.__class__ is ResponseHeaders and self._fixed_header is not None:
            if not getattr(response, "xframe_options_exempt", False):
                headers.setdefault_checked(self._fixed_header)
            return response
        if "X-Frame-Options" in headers:
            return response
        if getattr(response, "xframe_options_exempt", False):
            return response
        headers["X-Frame-Options"] = self.get_xframe_options_value(request, response)
        return response

    def get_xframe_options_value(self, request: HttpRequest, response: HttpResponseBase) -> str:
        """The header value; override to decide per request (Django's hook)."""
        return self.x_frame_options


__all__ = ["XFrameOptionsMiddleware"]

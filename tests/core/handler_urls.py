"""A URLconf with custom error handlers."""

from __future__ import annotations

from typing import Any

from scallion.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from tests.core.trace_urls import urlpatterns as urlpatterns


def custom_400(request: Any, exception: Exception) -> HttpResponseBadRequest:
    return HttpResponseBadRequest("custom 400")


def custom_403(request: Any, exception: Exception) -> HttpResponseForbidden:
    return HttpResponseForbidden("custom 403")


def custom_404(request: Any, exception: Exception) -> HttpResponseNotFound:
    return HttpResponseNotFound("custom 404")


def custom_500(request: Any) -> HttpResponseServerError:
    return HttpResponseServerError("custom 500")


handler400 = custom_400
handler403 = custom_403
handler404 = custom_404
handler500 = custom_500

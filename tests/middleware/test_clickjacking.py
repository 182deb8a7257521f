from __future__ import annotations

import pytest

from scallion.http import HttpRequest, HttpResponse
from scallion.middleware.clickjacking import XFrameOptionsMiddleware
from scallion.test import RequestFactory, override_settings
from scallion.views.decorators.clickjacking import (
    xframe_options_deny,
    xframe_options_exempt,
    xframe_options_sameorigin,
)

rf = RequestFactory()


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def test_default_is_deny() -> None:
    assert XFrameOptionsMiddleware(plain)(rf.get("/")).headers["X-Frame-Options"] == "DENY"


@override_settings(X_FRAME_OPTIONS="sameorigin")
def test_setting_is_uppercased() -> None:
    response = XFrameOptionsMiddleware(plain)(rf.get("/"))
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_view_value_kept() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    assert XFrameOptionsMiddleware(view)(rf.get("/")).headers["X-Frame-Options"] == "SAMEORIGIN"


def test_exempt_decorator() -> None:
    response = XFrameOptionsMiddleware(xframe_options_exempt(plain))(rf.get("/"))
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize(
    ("decorator", "value"),
    [(xframe_options_deny, "DENY"), (xframe_options_sameorigin, "SAMEORIGIN")],
)
def test_value_decorators(decorator: object, value: str) -> None:
    view = decorator(plain)  # type: ignore[operator]
    assert view(rf.get("/")).headers["X-Frame-Options"] == value
    with override_settings(X_FRAME_OPTIONS="DENY"):
        assert XFrameOptionsMiddleware(view)(rf.get("/")).headers["X-Frame-Options"] == value


async def _async_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@pytest.mark.parametrize(
    "decorator", [xframe_options_deny, xframe_options_sameorigin, xframe_options_exempt]
)
def test_decorators_keep_async_views_async(decorator: object) -> None:
    import asyncio

    from asgiref.sync import iscoroutinefunction

    view = decorator(_async_view)  # type: ignore[operator]
    assert iscoroutinefunction(view)
    response = asyncio.run(view(rf.get("/")))
    assert isinstance(response, HttpResponse)


def test_lower_case_view_header_kept() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response.headers["x-frame-options"] = "SAMEORIGIN"
        return response

    headers = XFrameOptionsMiddleware(view)(rf.get("/")).headers
    assert dict(headers.items())["x-frame-options"] == "SAMEORIGIN"
    assert len([name for name in headers if name.lower() == "x-frame-options"]) == 1


def test_subclass_decides_per_request() -> None:
    class PerPath(XFrameOptionsMiddleware):
        def get_xframe_options_value(self, request: HttpRequest, response: object) -> str:
            return "SAMEORIGIN" if request.path == "/embed" else "DENY"

    middleware = PerPath(plain)
    assert middleware(rf.get("/embed")).headers["X-Frame-Options"] == "SAMEORIGIN"
    assert middleware(rf.get("/")).headers["X-Frame-Options"] == "DENY"

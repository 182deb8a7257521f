"""The default error views work without any template engine configured."""

from __future__ import annotations

from scallion.test import RequestFactory
from scallion.urls import Resolver404
from scallion.views.defaults import bad_request, page_not_found, permission_denied, server_error


def test_page_not_found_escapes_path_and_hides_resolver_dict() -> None:
    request = RequestFactory().get("/<script>/")
    response = page_not_found(request, Resolver404({"path": "x", "tried": []}))
    assert response.status_code == 404
    assert b"&lt;script&gt;" in response.content
    assert b"<script>" not in response.content
    assert b"tried" not in response.content


def test_other_defaults() -> None:
    request = RequestFactory().get("/")
    assert server_error(request).status_code == 500
    assert bad_request(request, ValueError("x")).status_code == 400
    assert permission_denied(request, PermissionError("x")).status_code == 403

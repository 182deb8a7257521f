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
    from scallion.core.exceptions import RequestDataTooBig

    request = RequestFactory().get("/")
    cases = [
        (server_error(request), 500, b"Server Error (500)"),
        (bad_request(request, ValueError("x")), 400, b"Bad Request (400)"),
        (permission_denied(request, PermissionError("x")), 403, b"403 Forbidden"),
        (bad_request(request, RequestDataTooBig("big")), 413, b"Request Entity Too Large (413)"),
    ]
    for response, status, title in cases:
        assert response.status_code == status
        assert b"<title>" + title + b"</title>" in response.content
        assert response["Content-Type"] == "text/html; charset=utf-8"

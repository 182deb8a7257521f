"""The default error views work without any template engine configured."""

from __future__ import annotations

import pytest

from scallion.template import TemplateDoesNotExist
from scallion.test import RequestFactory
from scallion.urls import Resolver404
from scallion.views.defaults import bad_request, page_not_found, permission_denied, server_error


def test_page_not_found_shows_neither_path_nor_resolver_dict() -> None:
    request = RequestFactory().get("/<script>-injected-words/")
    response = page_not_found(request, Resolver404({"path": "x", "tried": []}))
    assert response.status_code == 404
    assert b"<p>The requested resource was not found on this server.</p>" in response.content
    assert b"injected-words" not in response.content
    assert b"tried" not in response.content


def test_a_template_named_by_the_caller_must_exist() -> None:
    request = RequestFactory().get("/")
    with pytest.raises(TemplateDoesNotExist):
        page_not_found(request, None, template_name="nonexistent.html")
    with pytest.raises(TemplateDoesNotExist):
        server_error(request, template_name="nonexistent.html")
    with pytest.raises(TemplateDoesNotExist):
        bad_request(request, None, template_name="nonexistent.html")
    with pytest.raises(TemplateDoesNotExist):
        permission_denied(request, None, template_name="nonexistent.html")


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


def test_the_builtin_404_page_context_reaches_the_test_client() -> None:
    from scallion.http import Http404
    from scallion.test import Client, override_settings
    from scallion.urls import path

    def missing(request):  # type: ignore[no-untyped-def]
        raise Http404("No month specified")

    conf = type("Conf", (), {"urlpatterns": [path("missing/", missing)]})
    with override_settings(ROOT_URLCONF=conf, DEBUG=False):
        response = Client().get("/missing/")
    assert response.status_code == 404
    assert response.context["exception"] == "No month specified"
    assert b"No month specified" not in response.content  # the page does not show it

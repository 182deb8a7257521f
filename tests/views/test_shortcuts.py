"""render, redirect and resolve_url."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from scallion.shortcuts import redirect, render, render_string, resolve_url
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.test import RequestFactory, override_settings
from scallion.urls import NoReverseMatch
from scallion.utils.functional import lazystr

TEMPLATES = [{"DIRS": [Path(__file__).parent / "templates"]}]


@pytest.fixture(autouse=True)
def shortcut_settings() -> Iterator[None]:
    with override_settings(ROOT_URLCONF="tests.views.urls", TEMPLATES=TEMPLATES):
        yield


def test_render_returns_a_rendered_response() -> None:
    response = render(RequestFactory().get("/"), "about.html", {"topic": "t"}, status=201)
    assert type(response) is HttpResponse
    assert response.status_code == 201
    assert response.content.decode().startswith("about t")
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_render_content_type_and_template_list() -> None:
    response = render(
        RequestFactory().get("/"), ["missing.html", "about.html"], content_type="text/plain"
    )
    assert response["Content-Type"] == "text/plain"


class Article:
    def get_absolute_url(self) -> str:
        return "/articles/9/"


def test_resolve_url_forms() -> None:
    assert resolve_url(Article()) == "/articles/9/"
    assert resolve_url("target", pk=3) == "/target/3/"
    assert resolve_url("target", 4) == "/target/4/"
    assert resolve_url("/plain/path/") == "/plain/path/"
    assert resolve_url("https://example.com/") == "https://example.com/"
    assert resolve_url("./relative") == "./relative"
    assert resolve_url(lazystr("/lazy/")) == "/lazy/"


def test_resolve_url_unknown_name_raises() -> None:
    with pytest.raises(NoReverseMatch):
        resolve_url("no-such-name")


def test_redirect_variants() -> None:
    response = redirect("target", pk=1)
    assert isinstance(response, HttpResponseRedirect)
    assert (response.status_code, response["Location"]) == (302, "/target/1/")
    permanent = redirect("/x/", permanent=True)
    assert isinstance(permanent, HttpResponsePermanentRedirect)
    assert permanent.status_code == 301
    assert redirect(Article())["Location"] == "/articles/9/"
    assert redirect("/x/", preserve_request=True).status_code == 307
    assert redirect("/x/", permanent=True, preserve_request=True).status_code == 308


def test_render_string_renders_a_template_from_its_source() -> None:
    request = RequestFactory().get("/page/", {"name": "<Ada>"})
    response = render_string(
        request, "<h1>Hello, {{ name }}!</h1><p>{{ request.path }}</p>", {"name": "<Ada>"}
    )
    assert type(response) is HttpResponse and response.status_code == 200
    assert response.content == b"<h1>Hello, &lt;Ada&gt;!</h1><p>/page/</p>"  # escaped
    assert response["Content-Type"] == "text/html; charset=utf-8"
    gone = render_string(
        request, "{{ url('target', pk=1) }}", status=410, content_type="text/plain"
    )
    assert gone.status_code == 410 and gone["Content-Type"] == "text/plain"
    assert gone.content == b"/target/1/"


def test_render_string_without_engines_says_how_to_configure_one() -> None:
    with override_settings(TEMPLATES=[]), pytest.raises(TemplateDoesNotExist) as info:
        render_string(RequestFactory().get("/"), "x")
    assert "no template engine is configured" in str(info.value)

"""render, redirect and resolve_url."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from scallion.shortcuts import redirect, render, resolve_url
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

"""set_language, the (empty) catalogs and i18n_patterns without translations."""

from __future__ import annotations

import json

import pytest

from scallion.conf.urls import i18n as i18n_urls
from scallion.test import Client, RequestFactory, override_settings
from scallion.urls import path
from scallion.views import i18n

urlpatterns = [
    *i18n_urls.i18n_patterns(path("page/", i18n.set_language)),
    path("i18n/setlang/", i18n.set_language),
    path("jsi18n/", i18n.JavaScriptCatalog.as_view()),
    path("jsoni18n/", i18n.JSONCatalog.as_view()),
]

pytestmark = pytest.mark.usefixtures("own_urls")


@pytest.fixture
def own_urls():  # type: ignore[no-untyped-def]
    with override_settings(ROOT_URLCONF="tests.views.test_i18n"):
        yield


def test_set_language_sets_the_cookie_and_follows_next() -> None:
    response = Client().post("/i18n/setlang/", {"language": "fr", "next": "/after/"})
    assert response.status_code == 302
    assert response["Location"] == "/after/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "fr" and cookie["path"] == "/"


def test_set_language_never_follows_another_host() -> None:
    response = Client().post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = Client().post("/i18n/setlang/", {"next": "//evil.example/"}, HTTP_REFERER="/from/")
    assert response["Location"] == "/from/"


def test_set_language_get_changes_nothing_and_no_html_gets_204() -> None:
    response = Client().get("/i18n/setlang/", {"language": "fr", "next": "/x/"})
    assert response.status_code == 302 and "django_language" not in response.cookies
    response = Client().post("/i18n/setlang/", {"language": "fr"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 204
    assert response.cookies["django_language"].value == "fr"


@override_settings(LANGUAGE_COOKIE_NAME="lang", LANGUAGE_COOKIE_AGE=60, LANGUAGE_COOKIE_SECURE=True)
def test_set_language_follows_the_cookie_settings() -> None:
    cookie = Client().post("/i18n/setlang/", {"language": "de"}).cookies["lang"]
    assert cookie["max-age"] == 60 and cookie["secure"] is True


def test_json_catalog_is_empty_with_the_formats() -> None:
    data = json.loads(Client().get("/jsoni18n/").content)
    assert data["catalog"] == {} and data["plural"] is None
    assert data["formats"]["DATE_FORMAT"] == "N j, Y"


def test_javascript_catalog_defines_the_functions() -> None:
    response = Client().get("/jsi18n/")
    assert response["Content-Type"] == 'text/javascript; charset="utf-8"'
    body = response.content.decode()
    for name in ("django.gettext", "django.ngettext", "django.interpolate", "django.get_format"):
        assert f"{name} = function" in body
    assert '"DATE_FORMAT": "N j, Y"' in body
    # English's plural rule, in the words Django's catalog writes it.
    assert "django.pluralidx = function(count) { return (count == 1) ? 0 : 1; };" in body


def test_javascript_catalog_refuses_a_package_that_is_not_an_app() -> None:
    view = i18n.JavaScriptCatalog.as_view(packages=["not.an.app"])
    with pytest.raises(ValueError, match=r"to JavaScriptCatalog: not\.an\.app$"):
        view(RequestFactory().get("/"))


def test_i18n_patterns_keep_the_patterns_unprefixed() -> None:
    patterns = i18n_urls.i18n_patterns(path("a/", i18n.set_language))
    assert [str(p.pattern) for p in patterns] == ["a/"]
    assert i18n_urls.is_language_prefix_patterns_used("tests.views.test_i18n") == (False, False)
    assert [p.name for p in i18n_urls.urlpatterns] == ["set_language"]

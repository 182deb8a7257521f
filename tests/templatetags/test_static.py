"""``{% load static %}``: the static and media URLs, with and without the staticfiles app."""

from __future__ import annotations

import pytest

from scallion.template.exceptions import TemplateSyntaxError
from scallion.test import override_settings
from tests.template.dtl import render


def static(source: str, **context: object) -> str:
    return render("{% load static %}" + source, dict(context), libraries=LIBRARIES)


LIBRARIES = {"static": "scallion.templatetags.static"}


@override_settings(INSTALLED_APPS=[], STATIC_URL="/static/", MEDIA_URL="/media/")
def test_static_joins_and_quotes_the_path() -> None:
    assert static('{% static "css/a b.css" %}') == "/static/css/a%20b.css"
    assert static("{% static path %}", path="js/x.js") == "/static/js/x.js"
    assert static('{% static "x?y&z" %}') == "/static/x%3Fy%26z"


@override_settings(INSTALLED_APPS=[], STATIC_URL="/static/")
def test_static_as_a_variable_stores_the_escaped_url() -> None:
    assert static('{% static "a&b.css" as url %}[{{ url }}]') == "[/static/a%26b.css]"


@override_settings(INSTALLED_APPS=[], STATIC_URL="/static/", MEDIA_URL="/media/")
def test_prefixes() -> None:
    assert static("{% get_static_prefix %}|{% get_media_prefix %}") == "/static/|/media/"
    assert static("{% get_static_prefix as p %}{{ p }}css") == "/static/css"


@override_settings(
    INSTALLED_APPS=["scallion.contrib.staticfiles"], STATIC_URL="/assets/", DEBUG=True
)
def test_with_the_staticfiles_app_the_storage_builds_the_url() -> None:
    # The storage quotes the name as a path, as Django's does: a "?" in it is part of
    # the file name, not a query string.
    assert static('{% static "app.css?v=1" %}') == "/assets/app.css%3Fv%3D1"


def test_static_needs_a_path() -> None:
    with pytest.raises(TemplateSyntaxError, match="takes at least one argument"):
        static("{% static %}")


def test_prefix_tags_need_as() -> None:
    with pytest.raises(TemplateSyntaxError, match="First argument in 'get_static_prefix'"):
        static("{% get_static_prefix x y %}")

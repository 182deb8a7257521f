"""The ``DjangoTemplates`` backend through settings, the loader API and the test client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.template import engines
from scallion.template.backends.django import DjangoTemplates
from scallion.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from scallion.template.loader import get_template, render_to_string
from scallion.test import Client, RequestFactory, override_settings
from tests.template.conftest import HERE

DTL_DIR = HERE / "dtl_templates"
DTL = "scallion.template.backends.django.DjangoTemplates"


def dtl_settings(**options: Any) -> dict[str, Any]:
    return {
        "BACKEND": DTL,
        "DIRS": [DTL_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "tests.template.processors.site",
                "scallion.template.context_processors.request",
            ],
            **options,
        },
    }


@pytest.fixture(autouse=True)
def dtl_backend() -> Iterator[None]:
    with override_settings(
        TEMPLATES=[dtl_settings()],
        INSTALLED_APPS=["tests.template.dtl_app"],
        ROOT_URLCONF="tests.template.dtl_urls",
    ):
        yield


def test_get_template_returns_a_backend_template() -> None:
    template = get_template("dtl/part.html")
    assert template.origin.name == str(DTL_DIR / "dtl" / "part.html")
    assert template.render({"site_name": "<s>"}) == "<p>&lt;s&gt;|</p>\n"


def test_render_with_a_request_runs_the_context_processors() -> None:
    request = RequestFactory().get("/somewhere/")
    assert (
        render_to_string("dtl/part.html", request=request) == "<p>Scallion Site|/somewhere/</p>\n"
    )


def test_the_view_wins_over_a_context_processor() -> None:
    request = RequestFactory().get("/")
    output = render_to_string("dtl/part.html", {"site_name": "view"}, request=request)
    assert output == "<p>view|/</p>\n"


def test_a_missing_template_lists_where_it_looked() -> None:
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template("nope.html")
    text = str(info.value)
    assert str(DTL_DIR / "nope.html") in text
    assert [exc.backend for exc in info.value.chain] == [engines["django"]]


def test_from_string_and_options() -> None:
    with override_settings(TEMPLATES=[dtl_settings(string_if_invalid="?%s?", autoescape=False)]):
        template = engines["django"].from_string("{{ missing }}{{ html }}")
        assert template.render({"html": "<i>"}) == "?missing?<i>"


def test_libraries_and_builtins_options() -> None:
    extras = "tests.template.dtl_app.templatetags.dtl_extras"
    with override_settings(TEMPLATES=[dtl_settings(libraries={"more": extras}, builtins=[extras])]):
        engine = engines["django"]
        assert engine.from_string("{{ 'a'|shout }}").render() == "a!"
        assert engine.from_string("{% load more %}{% greet 'x' %}").render() == "Hello x!"


def test_installed_packages_tag_libraries_load_by_module_name() -> None:
    template = engines["django"].from_string("{% load dtl_extras static %}{{ 'a'|shout }}")
    assert template.render() == "a!"


def test_an_unknown_library_lists_the_available_ones() -> None:
    with pytest.raises(TemplateSyntaxError, match="not a registered tag library") as info:
        engines["django"].from_string("{% load nope %}")
    assert "dtl_extras" in str(info.value)
    assert "static" in str(info.value)


def test_an_unknown_tag_says_which_library_to_load() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        engines["django"].from_string("{% static 'x.css' %}")
    assert "Invalid block tag on line 1: 'static'" in str(info.value)
    assert "{% load static %}" in str(info.value)


def test_an_unknown_filter_suggests_a_close_name() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        engines["django"].from_string("{{ x|uper }}")
    assert "Invalid filter: 'uper'" in str(info.value)
    assert "Did you mean 'upper'" in str(info.value)


def test_an_unknown_end_tag_suggests_the_expected_one() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        engines["django"].from_string("{% for x in l %}{% endfr %}")
    assert "expected 'empty' or 'endfor'" in str(info.value)
    assert "Did you mean 'endfor'" in str(info.value)


def test_a_syntax_error_names_the_file_and_line() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        get_template("dtl/broken.html")
    message = str(info.value)
    assert str(DTL_DIR / "dtl" / "broken.html") in message
    assert "line 2" in message


def test_in_debug_a_syntax_error_carries_the_source_around_the_line() -> None:
    with override_settings(TEMPLATES=[dtl_settings(debug=True)]):
        with pytest.raises(TemplateSyntaxError) as info:
            get_template("dtl/broken.html")
    debug = info.value.template_debug  # type: ignore[attr-defined]
    assert debug["line"] == 2
    assert debug["during"] == "{% if %}"
    assert (2, "line two {% if %}\n") in debug["source_lines"]


def test_in_debug_a_render_error_points_at_the_tag() -> None:
    with override_settings(TEMPLATES=[dtl_settings(debug=True)]):
        template = get_template("dtl/render_error.html")
        with pytest.raises(Exception) as info:
            template.render({"value": 1})
    debug = info.value.template_debug  # type: ignore[attr-defined]
    assert debug["line"] == 2
    assert debug["during"] == "{{ value|date:bad_arg }}"


def test_the_debug_page_shows_the_template_source() -> None:
    with override_settings(DEBUG=True, TEMPLATES=[dtl_settings(debug=True)]):
        response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    section = body[body.index('id="template-debug"') : body.index('id="traceback"')]
    assert f"<code>{DTL_DIR / 'dtl' / 'broken.html'}</code>, line 2" in section
    # Every line of the short file, numbered, the faulty one current with its tag marked.
    assert '<span class="ln">1</span>line one' in section
    assert '<li class="current"><span class="ln">2</span>line two <mark>{% if %}</mark>' in section
    assert '<span class="ln">3</span>line three' in section


def test_the_test_client_records_extended_and_included_templates() -> None:
    response = Client().get("/page/")
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert names == ["dtl/page.html", "dtl/base.html", "dtl/part.html"]
    assert response.context["title"] == "Hello <you>"
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "<title>Hello &lt;you&gt;</title>" in response.content.decode()


def test_the_cached_loader_keeps_templates() -> None:
    engine = engines["django"]
    assert isinstance(engine, DjangoTemplates)
    first = engine.engine.get_template("dtl/part.html")
    assert engine.engine.get_template("dtl/part.html") is first


def test_in_debug_the_cached_loader_reloads_a_changed_file(tmp_path: Any) -> None:
    template_file = tmp_path / "t.html"
    template_file.write_text("one")
    settings_entry = {"BACKEND": DTL, "DIRS": [tmp_path], "OPTIONS": {"debug": True}}
    with override_settings(TEMPLATES=[settings_entry]):
        assert get_template("t.html").render() == "one"
        import os

        template_file.write_text("two")
        stat = template_file.stat()
        os.utime(template_file, (stat.st_atime, stat.st_mtime + 5))
        assert get_template("t.html").render() == "two"


def test_without_debug_a_template_is_not_read_again(tmp_path: Any) -> None:
    template_file = tmp_path / "t.html"
    template_file.write_text("one")
    settings_entry = {"BACKEND": DTL, "DIRS": [tmp_path], "OPTIONS": {"debug": False}}
    with override_settings(TEMPLATES=[settings_entry]):
        assert get_template("t.html").render() == "one"
        template_file.write_text("two")
        assert get_template("t.html").render() == "one"


def test_loaders_and_app_dirs_together_is_an_error() -> None:
    entry = {**dtl_settings(loaders=["scallion.template.loaders.filesystem.Loader"])}
    with override_settings(TEMPLATES=[entry]):
        with pytest.raises(ImproperlyConfigured, match="app_dirs must not be set"):
            engines["django"]


def test_template_without_an_engine_uses_the_configured_one() -> None:
    from scallion.template import Context, Template

    assert Template("{{ a }}").render(Context({"a": 1})) == "1"


def test_template_without_any_django_engine_explains_the_fix() -> None:
    from scallion.template import Template

    with override_settings(TEMPLATES=[{"BACKEND": "scallion.template.backends.jinja2.Jinja2"}]):
        with pytest.raises(ImproperlyConfigured, match="No DjangoTemplates backend"):
            Template("x")

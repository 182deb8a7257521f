"""The technical 500 page for errors in Django-language templates."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest

from scallion.template.engine import Engine
from scallion.template.exceptions import TemplateSyntaxError
from scallion.test import Client, override_settings
from scallion.views.debug import ExceptionReporter
from tests.template.test_backends_django import dtl_settings


@pytest.fixture(autouse=True)
def dtl_debug() -> Iterator[None]:
    with override_settings(
        DEBUG=True,
        TEMPLATES=[dtl_settings(debug=True)],
        ROOT_URLCONF="tests.template.dtl_urls",
    ):
        yield


def test_a_syntax_error_page_marks_the_tag_in_its_line() -> None:
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = unescape(response.content.decode())
    assert "Template error in" in page and "broken.html" in page
    assert "line two <mark>{% if %}</mark>" in page


def test_a_syntax_error_in_an_included_template_shows_that_template() -> None:
    response = Client(raise_request_exception=False).get("/includes-broken/")
    assert response.status_code == 500
    page = unescape(response.content.decode())
    section = page[page.index('id="template-debug"') : page.index('id="traceback"')]
    # The included file's source, not the including one's.
    assert "broken.html</code>, line 2" in section and "includes_broken" not in section
    assert "line two <mark>{% if %}</mark>" in section
    assert "<main>" not in section


def test_a_render_error_page_points_at_the_variable() -> None:
    response = Client(raise_request_exception=False).get("/render-error/")
    assert response.status_code == 500
    page = unescape(response.content.decode())
    assert "<mark>{{ value|date:bad_arg }}</mark>" in page


def test_the_reporter_gives_the_message_without_the_file_prefix() -> None:
    engine = Engine(debug=True)
    from scallion.template.base import Origin, Template

    with pytest.raises(TemplateSyntaxError) as info:
        Template("{% endfor %}", origin=Origin("page.html"), engine=engine)
    assert str(info.value).startswith("Template: page.html, Invalid block tag on line 1")
    data = ExceptionReporter(None, type(info.value), info.value, None).get_traceback_data()
    assert str(data["exception_value"]).startswith("Invalid block tag on line 1: 'endfor'")
    assert data["template_info"]["during"] == "{% endfor %}"
    html = ExceptionReporter(None, type(info.value), info.value, None).get_traceback_html()
    assert "template-debug" in html

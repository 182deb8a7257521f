"""``TemplateStrings``: ``$name`` templates, escaped values, CSRF values with a request."""

from __future__ import annotations

from pathlib import Path

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.template.backends.dummy import TemplateStrings
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.test import RequestFactory


def engine(tmp_path: Path, **options: object) -> TemplateStrings:
    params = {"NAME": "strings", "DIRS": [tmp_path], "APP_DIRS": False, "OPTIONS": options}
    return TemplateStrings(params)


def test_from_string_escapes_values(tmp_path: Path) -> None:
    template = engine(tmp_path).from_string("Hello $name! $missing")
    assert template.render({"name": "<Bob>"}) == "Hello &lt;Bob&gt;! $missing"


def test_get_template_reads_a_file_and_lists_the_places_tried(tmp_path: Path) -> None:
    (tmp_path / "hi.txt").write_text("hi $who")
    assert engine(tmp_path).get_template("hi.txt").render({"who": "you"}) == "hi you"
    with pytest.raises(TemplateDoesNotExist) as info:
        engine(tmp_path).get_template("nope.txt")
    assert info.value.tried[0][1] == "Source does not exist"
    with pytest.raises(TemplateDoesNotExist):
        engine(tmp_path).get_template("../outside.txt")


def test_with_a_request_the_csrf_values_are_there(tmp_path: Path) -> None:
    template = engine(tmp_path).from_string("$csrf_input")
    output = template.render({}, RequestFactory().get("/"))
    assert output.startswith('<input type="hidden" name="csrfmiddlewaretoken" value="')


def test_options_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="Unknown options: debug"):
        engine(tmp_path, debug=True)

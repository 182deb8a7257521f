"""A second engine plugged in through the documented backend API (BaseEngine)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scallion.shortcuts import render
from scallion.template import TemplateDoesNotExist, engines
from scallion.template.loader import get_template, render_to_string, select_template
from scallion.template.response import TemplateResponse
from scallion.test import RequestFactory, override_settings
from tests.template.conftest import HERE, engine_settings
from tests.template.custom_backend import DollarEngine, DollarTemplate

DOLLAR_DIR = HERE / "dollar_templates"
DOLLAR = {
    "BACKEND": "tests.template.custom_backend.DollarEngine",
    "NAME": "dollar",
    "DIRS": [DOLLAR_DIR],
    "OPTIONS": {"suffix": ".dollar"},
}


@pytest.fixture(autouse=True)
def two_engines() -> Iterator[None]:
    with override_settings(TEMPLATES=[engine_settings(), DOLLAR]):
        yield


def test_the_engine_is_built_from_its_entry() -> None:
    engine = engines["dollar"]
    assert isinstance(engine, DollarEngine)
    assert engine.name == "dollar"
    assert engine.template_dirs == (str(DOLLAR_DIR),)
    assert list(engines) == ["jinja2", "dollar"]
    assert engines["dollar"] is engine  # built once


def test_loader_falls_through_to_the_second_engine() -> None:
    template = get_template("greeting.dollar")
    assert isinstance(template, DollarTemplate)
    assert template.render({"name": "Ada"}).strip() == "Hello Ada from $-templates, path"
    # Jinja2 templates are still found by the first engine.
    assert get_template("plain.txt").render({"value": 1}).strip() == "raw: 1"


def test_render_receives_the_request() -> None:
    request = RequestFactory().get("/where/")
    out = render_to_string("greeting.dollar", {"name": "Bo"}, request)
    assert out.strip() == "Hello Bo from $-templates, path /where/"


def test_using_and_from_string() -> None:
    assert engines["dollar"].from_string("x=$x").render({"x": 3}) == "x=3"
    with pytest.raises(TemplateDoesNotExist):
        get_template("plain.txt", using="dollar")
    assert select_template(["nope.dollar", "greeting.dollar"], using="dollar").name == (
        "greeting.dollar"
    )


def test_shortcut_and_template_response_with_the_custom_engine() -> None:
    request = RequestFactory().get("/page/")
    response = render(request, "greeting.dollar", {"name": "Cy"}, using="dollar")
    assert response.content.decode().strip() == "Hello Cy from $-templates, path /page/"
    deferred = TemplateResponse(request, "greeting.dollar", {"name": "Di"}, using="dollar")
    assert not deferred.is_rendered
    assert deferred.render().content.decode().strip() == "Hello Di from $-templates, path /page/"


def test_not_found_lists_the_places_of_both_engines() -> None:
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template("missing.dollar")
    message = str(info.value)
    assert str(HERE / "templates" / "missing.dollar") in message  # Jinja2's DIRS
    assert str(DOLLAR_DIR / "missing.dollar") in message  # the custom engine's DIRS
    assert [exc.backend for exc in info.value.chain] == engines.all()


def test_app_dirs_come_from_base_engine() -> None:
    with override_settings(TEMPLATES=[{**DOLLAR, "APP_DIRS": True}]):
        dirs = engines["dollar"].template_dirs
    assert dirs[0] == str(DOLLAR_DIR)
    assert dirs[1].endswith("app_pkg/templates")

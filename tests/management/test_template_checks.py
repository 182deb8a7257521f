"""The TEMPLATES checks: scallion's entry checks, then each engine's own ``check()``."""

from __future__ import annotations

from typing import Any

from scallion.core.checks import Error, Tags, run_checks
from scallion.core.checks.templates import check_templates
from scallion.template import engines
from scallion.template.backends.base import BaseEngine
from scallion.test import override_settings

DTL = "scallion.template.backends.django.DjangoTemplates"
EXTRAS = "tests.template.dtl_app.templatetags.dtl_extras"


class ReportingEngine(BaseEngine):
    """An engine whose own check always reports one error."""

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        params.pop("OPTIONS")
        super().__init__(params)

    def check(self, **kwargs: Any) -> list[Any]:
        return [Error("Example", id="test.E001")]


def test_each_engine_is_checked() -> None:
    backend = f"{__name__}.ReportingEngine"
    templates = [{"BACKEND": backend, "NAME": "one"}, {"BACKEND": backend, "NAME": "two"}]
    with override_settings(TEMPLATES=templates):
        assert check_templates(None) == [Error("Example", id="test.E001")] * 2


def test_the_base_engine_reports_nothing() -> None:
    assert BaseEngine({"NAME": "x"}).check() == []


def test_string_if_invalid_must_be_a_string() -> None:
    templates = [
        {"BACKEND": DTL, "NAME": "bad", "OPTIONS": {"string_if_invalid": 42}},
        {"BACKEND": DTL, "NAME": "good", "OPTIONS": {"string_if_invalid": "?"}},
    ]
    with override_settings(TEMPLATES=templates):
        bad = engines["bad"]
        assert run_checks(tags=[Tags.templates]) == [
            Error(
                "'string_if_invalid' in TEMPLATES OPTIONS must be a string but got: 42 "
                "(<class 'int'>).",
                obj=bad,
                id="templates.E002",
            )
        ]


def test_one_library_name_for_two_modules() -> None:
    templates = [{"BACKEND": DTL, "NAME": "dtl", "OPTIONS": {"libraries": {"static": EXTRAS}}}]
    with override_settings(TEMPLATES=templates):
        [warning] = check_templates(None)
        assert warning.id == "templates.W003"
        assert warning.obj is engines["dtl"]
        assert warning.msg == (
            f"'static' is used for multiple template tag modules: "
            f"'scallion.templatetags.static', '{EXTRAS}'"
        )
    # The same module under its own name, or another name: no clash.
    same = [{"BACKEND": DTL, "OPTIONS": {"libraries": {"static": "scallion.templatetags.static"}}}]
    other = [{"BACKEND": DTL, "OPTIONS": {"libraries": {"extras": EXTRAS}}}]
    for templates in (same, other):
        with override_settings(TEMPLATES=templates):
            assert check_templates(None) == []


def test_an_engine_that_cannot_be_built_is_reported() -> None:
    templates = [{"BACKEND": DTL, "NAME": "x"}, {"BACKEND": DTL, "NAME": "x"}]
    with override_settings(TEMPLATES=templates):
        [message] = check_templates(None)
    assert message.id == "templates.E101"
    assert "aren't unique" in message.msg

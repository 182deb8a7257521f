"""What a template (or the data given to it) cannot do: run arbitrary code, or grow a render."""

from __future__ import annotations

import time
from typing import Any

import pytest

from scallion.template.defaulttags import LOREM_MAX_COUNT
from scallion.template.exceptions import TemplateSyntaxError
from tests.template.dtl import render


class Account:
    balance = 10
    deleted = False

    def delete(self) -> str:
        self.deleted = True
        return "deleted"

    delete.alters_data = True  # type: ignore[attr-defined]

    def transfer(self, amount: int) -> str:
        return f"sent {amount}"

    def label(self) -> str:
        return "ok"

    def _secret(self) -> str:
        return "secret"


def test_a_method_marked_alters_data_is_never_called() -> None:
    account = Account()
    assert render("[{{ a.delete }}]", {"a": account}) == "[]"
    assert render("[{{ a.delete }}]", {"a": account}, string_if_invalid="X") == "[X]"
    assert account.deleted is False


def test_a_callable_needing_arguments_is_not_called() -> None:
    assert render("[{{ a.transfer }}]", {"a": Account()}) == "[]"
    assert render("{{ a.label }}", {"a": Account()}) == "ok"


def test_do_not_call_in_templates_gives_the_callable_itself() -> None:
    class Choices:
        do_not_call_in_templates = True
        value = "v"

        def __call__(self) -> str:
            raise AssertionError("called")

    assert render("{{ c.value }}", {"c": Choices()}) == "v"


@pytest.mark.parametrize(
    "source",
    [
        "{{ a._secret }}",
        "{{ _a }}",
        "{{ a.__class__ }}",
        "{% if a._secret %}{% endif %}",
        "{{ x|default:a._secret }}",
        "{% with b=a.__dict__ %}{% endwith %}",
    ],
)
def test_underscore_names_are_refused_when_compiled(source: str) -> None:
    with pytest.raises(TemplateSyntaxError, match="may not begin with underscores"):
        render(source, {"a": Account()})


def test_filters_cannot_be_given_more_arguments_than_they_take() -> None:
    with pytest.raises(TemplateSyntaxError, match="requires 1 arguments, 2 provided"):
        render("{{ x|upper:'a' }}", {"x": "a"})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("1e308 1e-308 1e308", ""),  # overflow
        ("n 1 huge", ""),
        ("1 0 10", "0"),
        ("'x' 1 10", ""),
    ],
)
def test_widthratio_with_huge_or_bad_numbers_is_bounded(args: str, expected: str) -> None:
    context: dict[str, Any] = {"n": 10**400, "huge": 10**300}
    start = time.process_time()
    assert render("[{% widthratio " + args + " %}]", context) == f"[{expected}]"
    assert time.process_time() - start < 1


def test_widthratio_with_a_max_width_of_thousands_of_digits_is_an_error() -> None:
    with pytest.raises(TemplateSyntaxError, match="widthratio final argument must be a number"):
        render("{% widthratio 1 2 w %}", {"w": "9" * 5000})


def test_lorem_counts_are_capped() -> None:
    start = time.process_time()
    words = render("{% lorem n w random %}", {"n": 10**12})
    assert len(words.split()) == LOREM_MAX_COUNT
    paragraphs = render("{% lorem n p %}", {"n": 10**9})
    assert paragraphs.count("<p>") == LOREM_MAX_COUNT
    assert time.process_time() - start < 5


def test_a_long_chain_of_lookups_compiles_and_renders() -> None:
    data: Any = "leaf"
    for _ in range(500):
        data = {"x": data}
    source = "{{ d" + ".x" * 500 + " }}"
    assert render(source, {"d": data}) == "leaf"


def test_a_long_template_compiles_and_renders() -> None:
    source = "{% for i in l %}{{ i }}{% endfor %}" * 2000
    assert render(source, {"l": [1]}) == "1" * 2000

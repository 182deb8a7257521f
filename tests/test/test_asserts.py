"""Django's assertions as plain pytest functions: same checks, same messages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scallion.test import Client, SimpleTestCase
from scallion.test.asserts import (
    __all__ as exported,
)
from scallion.test.asserts import (
    assertContains,
    assertHTMLEqual,
    assertInHTML,
    assertJSONEqual,
    assertNotContains,
    assertRaisesMessage,
    assertRedirects,
    assertTemplateUsed,
    assertXMLNotEqual,
)
from tests.test.conftest import TEST_SETTINGS


@pytest.fixture
def client() -> Iterator[Client]:
    with TEST_SETTINGS:
        yield Client()


def test_response_assertions(client: Client) -> None:
    response = client.get("/page/")
    assertContains(response, "two", count=2)
    assertNotContains(response, "three")
    with pytest.raises(AssertionError, match="Couldn't find 'three' in the following response"):
        assertContains(response, "three")
    assertRedirects(client.get("/redirect/"), "/page/?a=1&b=2")
    assertTemplateUsed(client.get("/templated/"), "outer.html")
    with assertTemplateUsed("outer.html"):
        client.get("/templated/")


def test_markup_and_exception_assertions() -> None:
    assertHTMLEqual("<p class='a b'>x</p>", '<p class="b a">x</p>')
    assertInHTML("<b>x</b>", "<p><b>x</b></p>")
    assertJSONEqual('{"a": 1}', {"a": 1})
    assertXMLNotEqual("<a/>", "<b/>")
    with assertRaisesMessage(KeyError, "missing"):
        raise KeyError("missing")
    with pytest.raises(AssertionError, match="!="):
        assertHTMLEqual("<p>a</p>", "<p>b</p>")


def test_every_assertion_of_simple_test_case_not_about_forms_is_exported() -> None:
    methods = {
        name
        for name in dir(SimpleTestCase)
        if name.startswith("assert") and name not in dir(__import__("unittest").TestCase)
    }
    assert methods == set(exported)

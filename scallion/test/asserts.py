"""Django's test assertions as plain functions, for pytest tests.

``from scallion.test.asserts import assertContains, assertRedirects`` and call them
as functions: ``assertContains(response, "Hello")``. They are the methods of
:class:`~scallion.test.SimpleTestCase` (the same code, the same messages), bound to
one hidden test case; they raise ``AssertionError``, which pytest reports with its
usual detail.
"""

from __future__ import annotations

from scallion.test.testcases import SimpleTestCase


class _Asserter(SimpleTestCase):
    """A test case that never runs: it only lends its assertion methods."""

    __test__ = False  # not collected by pytest

    def run_nothing(self) -> None:
        """The method unittest requires a test case to be built with."""


_case = _Asserter("run_nothing")
_case.maxDiff = None

assertRedirects = _case.assertRedirects
assertURLEqual = _case.assertURLEqual
assertContains = _case.assertContains
assertNotContains = _case.assertNotContains
assertTemplateUsed = _case.assertTemplateUsed
assertTemplateNotUsed = _case.assertTemplateNotUsed
assertRaisesMessage = _case.assertRaisesMessage
assertWarnsMessage = _case.assertWarnsMessage
assertHTMLEqual = _case.assertHTMLEqual
assertHTMLNotEqual = _case.assertHTMLNotEqual
assertInHTML = _case.assertInHTML
assertNotInHTML = _case.assertNotInHTML
assertJSONEqual = _case.assertJSONEqual
assertJSONNotEqual = _case.assertJSONNotEqual
assertXMLEqual = _case.assertXMLEqual
assertXMLNotEqual = _case.assertXMLNotEqual

__all__ = [
    "assertContains",
    "assertHTMLEqual",
    "assertHTMLNotEqual",
    "assertInHTML",
    "assertJSONEqual",
    "assertJSONNotEqual",
    "assertNotContains",
    "assertNotInHTML",
    "assertRaisesMessage",
    "assertRedirects",
    "assertTemplateNotUsed",
    "assertTemplateUsed",
    "assertURLEqual",
    "assertWarnsMessage",
    "assertXMLEqual",
    "assertXMLNotEqual",
]

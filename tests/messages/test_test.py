"""``MessagesTestMixin.assertMessages`` and its pytest twin in ``scallion.test.asserts``."""

from __future__ import annotations

import sys
import traceback
import unittest
from typing import Any

import pytest

from scallion.contrib.messages import Message, constants
from scallion.contrib.messages.storage.cookie import CookieStorage
from scallion.contrib.messages.test import MessagesTestMixin
from scallion.test import RequestFactory, SimpleTestCase
from scallion.test.asserts import assertMessages


class Response:
    """What the test client returns, as far as ``assertMessages`` looks."""

    def __init__(self, *texts: tuple[int, str]) -> None:
        self.wsgi_request = RequestFactory().get("/")
        storage = CookieStorage(self.wsgi_request)
        for level, text in texts:
            storage.add(level, text)
        self.wsgi_request._messages = storage  # type: ignore[attr-defined]


TWO = ((constants.INFO, "first"), (constants.WARNING, "second"))


def test_pytest_assert_messages_passes_and_fails() -> None:
    assertMessages(
        Response(*TWO), [Message(constants.INFO, "first"), Message(constants.WARNING, "second")]
    )
    assertMessages(
        Response(*TWO),
        [Message(constants.WARNING, "second"), Message(constants.INFO, "first")],
        ordered=False,
    )
    with pytest.raises(AssertionError, match="Lists differ"):
        assertMessages(
            Response(*TWO),
            [Message(constants.WARNING, "second"), Message(constants.INFO, "first")],
        )
    with pytest.raises(AssertionError, match="First list contains 1 additional elements"):
        assertMessages(Response((constants.INFO, "only")), [])


class Case(MessagesTestMixin, SimpleTestCase):
    __test__ = False  # run by the tests below, one failing on purpose

    def test_match(self) -> None:
        self.assertMessages(Response(*TWO), [Message(20, "first"), Message(30, "second")])

    def test_mismatch(self) -> None:
        self.assertMessages(Response(*TWO), [Message(20, "first")])


def _run(name: str) -> unittest.TestResult:
    result = unittest.TestResult()
    Case(name).run(result)
    return result


def test_mixin_in_a_test_case() -> None:
    assert _run("test_match").wasSuccessful()
    failures = _run("test_mismatch").failures
    assert len(failures) == 1
    report = failures[0][1]
    assert "Lists differ" in report
    # unittest hides the helper's frames: the report ends at the test's line.
    assert "assert_messages" not in report and "test_mismatch" in report


def test_helper_frames_are_hidden_from_unittest() -> None:
    case = Case("test_match")
    try:
        case.assertMessages(Response(), [object()])
    except AssertionError:
        exc_type, exc, tb = sys.exc_info()
    result = unittest.TestResult()
    info: Any = (exc_type, exc, tb)
    result.addFailure(case, info)
    frames = traceback.extract_tb(exc.__traceback__)  # type: ignore[union-attr]
    assert [frame.name for frame in frames] == ["test_helper_frames_are_hidden_from_unittest"]

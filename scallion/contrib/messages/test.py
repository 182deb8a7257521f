"""``MessagesTestMixin``: assert which messages a response's request carried.

Mix it into a test case (``class Tests(MessagesTestMixin, SimpleTestCase)``) and
call ``self.assertMessages(response, [Message(INFO, "Saved.")])``; pytest tests
use the same check as ``scallion.test.asserts.assertMessages``. Messages compare
by level and text, so ``extra_tags`` do not count.
"""

from __future__ import annotations

import unittest
from collections.abc import Sequence
from typing import Any

from scallion.contrib.messages.api import get_messages

# unittest leaves this module's frames out of the tracebacks it reports, so a
# failure points at the test's line, not at the assertion helper.
__unittest = True


def assert_messages(
    case: unittest.TestCase,
    response: Any,
    expected_messages: Sequence[Any],
    *,
    ordered: bool = True,
) -> None:
    """Fail ``case`` unless the messages of ``response.wsgi_request`` are ``expected_messages``."""
    request_messages = list(get_messages(response.wsgi_request))
    if ordered:
        case.assertEqual(request_messages, list(expected_messages))
    else:
        case.assertCountEqual(request_messages, expected_messages)


class MessagesTestMixin:
    """Adds ``assertMessages`` to a ``unittest.TestCase``."""

    def assertMessages(
        self, response: Any, expected_messages: Sequence[Any], *, ordered: bool = True
    ) -> None:
        """The messages the view of ``response`` left, in order unless ``ordered=False``."""
        case: Any = self  # mixed into a unittest.TestCase
        assert_messages(case, response, expected_messages, ordered=ordered)


__all__ = ["MessagesTestMixin"]

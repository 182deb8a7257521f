"""``template_rendered``: sent each time a template renders, while someone listens.

The test client and ``SimpleTestCase.assertTemplateUsed`` listen to it to record
which templates a response rendered, with their contexts. It lives with the
templates that send it; ``scallion.test.signals`` offers it under Django's name.
"""

from __future__ import annotations

from scallion.dispatch import Signal

template_rendered = Signal()

__all__ = ["template_rendered"]

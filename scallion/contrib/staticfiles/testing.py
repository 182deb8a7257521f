"""``StaticLiveServerTestCase``: a live server that also serves the static files.

Like Django's, it serves ``STATIC_URL`` from the finders (the apps' ``static/``
folders and ``STATICFILES_DIRS``), so a browser test sees the CSS and scripts
without ``collectstatic``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from scallion.contrib.staticfiles.handlers import StaticFilesHandler
from scallion.test import LiveServerTestCase


class StaticLiveServerTestCase(LiveServerTestCase):
    """A ``LiveServerTestCase`` whose server answers ``STATIC_URL`` from the finders."""

    static_handler: ClassVar[Any] = StaticFilesHandler


__all__ = ["StaticLiveServerTestCase"]

"""Django's ``i18n_patterns`` and the ``set_language`` URL (``include("scallion.conf.urls.i18n")``).

scallion ships no translations, so URLs carry no language prefix:
``i18n_patterns(...)`` gives its patterns back unchanged, whatever ``USE_I18N``
says, and :func:`is_language_prefix_patterns_used` answers no.
"""

from __future__ import annotations

from typing import Any

from scallion.urls import path
from scallion.views.i18n import set_language

__all__ = ["i18n_patterns", "is_language_prefix_patterns_used", "urlpatterns"]


def i18n_patterns(*urls: Any, prefix_default_language: bool = True) -> list[Any]:
    """The patterns as given: without catalogs there is no language to prefix."""
    return list(urls)


def is_language_prefix_patterns_used(urlconf: Any) -> tuple[bool, bool]:
    """``(False, False)``: no URLconf uses language prefixes on scallion."""
    return False, False


urlpatterns = [path("setlang/", set_language, name="set_language")]

"""The module where Django keeps its catalog machinery, for code that imports it.

Django's ``trans_real`` loads ``.mo`` catalogs and records, per thread, the
translation object of the active language. scallion ships no catalogs (see
``scallion.utils.translation``), so there is nothing to load: this module keeps
the public functions under their Django path and the two pieces of state that
code written for Django (test suites above all) resets between runs,
``_active`` and ``_translations``. Resetting them is harmless here: no message
and no language choice ever depends on them.
"""

from __future__ import annotations

from typing import Any

from asgiref.local import Local

from scallion.utils.translation import (
    activate,
    check_for_language,
    deactivate,
    deactivate_all,
    get_language,
    get_language_bidi,
    get_language_from_path,
    get_language_from_request,
    get_supported_language_variant,
    gettext,
    gettext_noop,
    ngettext,
    npgettext,
    pgettext,
    to_language,
    to_locale,
)

__all__ = [
    "activate",
    "check_for_language",
    "deactivate",
    "deactivate_all",
    "get_language",
    "get_language_bidi",
    "get_language_from_path",
    "get_language_from_request",
    "get_supported_language_variant",
    "gettext",
    "gettext_noop",
    "ngettext",
    "npgettext",
    "pgettext",
    "to_language",
    "to_locale",
]

#: Django's per-thread (and per-task) active translation; never read here.
_active: Any = Local()

#: Django's cache of loaded catalogs by language; always empty here.
_translations: dict[str, Any] = {}

"""Language settings checks: ``LANGUAGE_CODE``, ``LANGUAGES`` and ``LANGUAGES_BIDI``
hold language tags (``"en"``, ``"fr-ca"``, ``"zh-hans"``), and with ``USE_I18N`` on,
``LANGUAGE_CODE`` is one of ``LANGUAGES`` or a variant of one.

A locale name (``"en_US"``) where a language tag belongs is the usual mistake.
"""

from __future__ import annotations

import re
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error
from scallion.core.checks.registry import Tags, register

#: A language tag as Django accepts one: a language, dash-separated subtags of
#: letters and digits, and an optional ``@variant``.
language_code_re = re.compile(r"^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$", re.I)

E001 = Error(
    "You have provided an invalid value for the LANGUAGE_CODE setting: {!r}.",
    id="translation.E001",
)
E002 = Error(
    "You have provided an invalid language code in the LANGUAGES setting: {!r}.",
    id="translation.E002",
)
E003 = Error(
    "You have provided an invalid language code in the LANGUAGES_BIDI setting: {!r}.",
    id="translation.E003",
)
E004 = Error(
    "You have provided a value for the LANGUAGE_CODE setting that is not in the LANGUAGES setting.",
    id="translation.E004",
)


def _is_language_tag(tag: Any) -> bool:
    return isinstance(tag, str) and language_code_re.match(tag) is not None


@register(Tags.translation)
def check_setting_language_code(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    tag = settings.LANGUAGE_CODE
    return [] if _is_language_tag(tag) else [Error(E001.msg.format(tag), id=E001.id)]


@register(Tags.translation)
def check_setting_languages(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(E002.msg.format(tag), id=E002.id)
        for tag, _name in settings.LANGUAGES
        if not _is_language_tag(tag)
    ]


@register(Tags.translation)
def check_setting_languages_bidi(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(E003.msg.format(tag), id=E003.id)
        for tag in settings.LANGUAGES_BIDI
        if not _is_language_tag(tag)
    ]


@register(Tags.translation)
def check_language_settings_consistent(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """With translations off, only ``LANGUAGE_CODE`` is ever used: nothing to agree with."""
    if not settings.USE_I18N:
        return []
    return [] if _has_supported_variant(str(settings.LANGUAGE_CODE)) else [E004]


def _has_supported_variant(tag: str) -> bool:
    """``tag``, its fallbacks or a shorter form is in ``LANGUAGES``; or, failing
    that, another variant of its language is (``fr-ca`` for ``fr-be``)."""
    from scallion.conf.locale import LANG_INFO

    supported = {str(code).lower() for code, _name in settings.LANGUAGES}
    candidates = [tag, *LANG_INFO.get(tag, {}).get("fallback", [])]
    cut = len(tag)
    while (cut := tag.rfind("-", 0, cut)) > -1:
        candidates.append(tag[:cut])
    if any(code.lower() in supported for code in candidates):
        return True
    generic = candidates[-1].lower()
    return any(code.startswith(f"{generic}-") for code in supported)

"""Django's translation API, for a framework that ships no message catalogs.

Code written for Django marks its messages with ``gettext``/``gettext_lazy``
(often as ``_``) and switches languages with ``activate``/``override``. scallion
keeps every one of those names so that such code imports and runs unchanged,
with the behaviour Django has when ``USE_I18N = False``: a message comes back
as it was given, the plural forms are chosen by ``n`` as in English, and the
current language is always ``settings.LANGUAGE_CODE``. The language helpers
that need no catalog (``to_locale``, ``to_language``, ``get_language_info``)
work fully.
"""

from __future__ import annotations

import re
from contextlib import ContextDecorator
from decimal import ROUND_UP, Decimal
from types import TracebackType
from typing import Any

from scallion.conf import settings
from scallion.utils.functional import Promise, lazy

__all__ = [
    "activate",
    "check_for_language",
    "deactivate",
    "deactivate_all",
    "get_language",
    "get_language_bidi",
    "get_language_from_path",
    "get_language_from_request",
    "get_language_info",
    "get_supported_language_variant",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "override",
    "pgettext",
    "pgettext_lazy",
    "round_away_from_one",
    "to_language",
    "to_locale",
    "trim_whitespace",
]


def gettext(message: str) -> str:
    """``message`` itself: there is no catalog to look it up in."""
    return message


def gettext_noop(message: Any) -> Any:
    """Mark ``message`` for translation without translating it (now or ever)."""
    return message


def ngettext(singular: str, plural: str, number: Any) -> str:
    """``singular`` when ``number`` is 1, ``plural`` otherwise (English's rule)."""
    return singular if number == 1 else plural


def pgettext(context: str, message: str) -> str:
    """``message``; ``context`` only tells translators which sense is meant."""
    return message


def npgettext(context: str, singular: str, plural: str, number: Any) -> str:
    """``ngettext`` with a context for translators."""
    return ngettext(singular, plural, number)


# Module-level messages (model field labels, form errors) are built at import
# time, before settings may be configured: the lazy forms wait until used.
gettext_lazy = lazy(gettext, str)
pgettext_lazy = lazy(pgettext, str)


class _PluralPending(Promise):
    """A lazy plural whose count is only known when it is formatted.

    ``ngettext_lazy("%(n)d file", "%(n)d files", "n") % {"n": 3}`` takes the
    count from the mapping's ``"n"`` entry; with no key (``number=None``), from
    the ``%`` operand itself or the first ``format`` argument.
    """

    __slots__ = ("_choose", "_key", "_singular")

    def __init__(self, choose: Any, singular: Any, key: str | None) -> None:
        self._choose = choose
        self._singular = singular
        self._key = key

    def _count_from(self, values: Any) -> Any:
        if self._key is None:
            return values
        try:
            return values[self._key]
        except KeyError:
            raise KeyError(
                f"The values lack the key {self._key!r}; the plural message needs it "
                "to choose between its singular and plural form."
            ) from None

    def __mod__(self, rhs: Any) -> Any:
        count = self._count_from(rhs) if isinstance(rhs, dict) else rhs
        message = self._choose(count)
        try:
            return message % rhs
        except TypeError:
            # The chosen form has no placeholder for the count.
            return message

    def format(self, *args: Any, **kwargs: Any) -> str:
        count = self._count_from(kwargs) if kwargs and self._key else args[0]
        return str(self._choose(count)).format(*args, **kwargs)

    def __bool__(self) -> bool:
        return bool(self._singular)

    def __str__(self) -> str:
        # Without a count there is no form to choose; Django gives "" too.
        return ""

    def __repr__(self) -> str:
        return f"<lazy plural of {self._singular!r}>"


def _lazy_plural(choose: Any, singular: Any, number: Any) -> Any:
    if isinstance(number, int):
        return lazy(choose, str)(number)
    return _PluralPending(choose, singular, number)


def ngettext_lazy(singular: Any, plural: Any, number: int | str | None = None) -> Any:
    """A lazy ``ngettext``; ``number`` may be a count, a mapping key or ``None``."""
    return _lazy_plural(lambda n: ngettext(singular, plural, n), singular, number)


def npgettext_lazy(
    context: str, singular: Any, plural: Any, number: int | str | None = None
) -> Any:
    """A lazy ``npgettext``; ``number`` as for ``ngettext_lazy``."""
    return _lazy_plural(lambda n: npgettext(context, singular, plural, n), singular, number)


def activate(language: str) -> None:
    """Accepted and ignored: without catalogs every language reads the same."""


def deactivate() -> None:
    """Accepted and ignored, as ``activate``."""


def deactivate_all() -> None:
    """Accepted and ignored, as ``activate``."""


def get_language() -> str:
    """The current language: always ``settings.LANGUAGE_CODE``."""
    code: str = settings.LANGUAGE_CODE
    return code


def get_language_bidi() -> bool:
    """Whether the current language is written right to left (``LANGUAGES_BIDI``)."""
    return settings.LANGUAGE_CODE in settings.LANGUAGES_BIDI


class override(ContextDecorator):
    """Run a block (or a decorated function) in ``language``, then switch back.

    Kept so that code using it runs; with no catalogs the language it names
    changes no message.
    """

    def __init__(self, language: str | None, deactivate: bool = False) -> None:
        self.language = language
        self.deactivate = deactivate

    def __enter__(self) -> None:
        self.old_language = get_language()
        if self.language is None:
            deactivate_all()
        else:
            activate(self.language)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.deactivate:
            deactivate()
        else:
            activate(self.old_language)


def check_for_language(lang_code: str) -> bool:
    """True: any language "has" the (empty) catalog scallion ships."""
    return True


def get_language_from_request(request: Any, check_path: bool = False) -> str:
    """``settings.LANGUAGE_CODE``, whatever the request asks for."""
    return get_language()


def get_language_from_path(path: str) -> str | None:
    """``None``: without translations no URL carries a language prefix."""
    return None


def get_supported_language_variant(lang_code: str, *, strict: bool = False) -> str:
    """``lang_code`` if it is ``settings.LANGUAGE_CODE`` (any case); else ``LookupError``."""
    if lang_code and lang_code.lower() == get_language().lower():
        return lang_code
    raise LookupError(lang_code)


def to_language(locale: str) -> str:
    """A locale name as a language code: ``en_US`` -> ``en-us``."""
    language, sep, region = locale.partition("_")
    if not sep:
        return locale.lower()
    return f"{language.lower()}-{region.lower()}"


def to_locale(language: str) -> str:
    """A language code as a locale name: ``en-us`` -> ``en_US``, ``sr-latn`` -> ``sr_Latn``.

    A region of two letters is a country and goes upper case; a longer one is a
    script and gets only its first letter capitalised. Anything after a second
    dash is kept as it is.
    """
    head, sep, rest = language.lower().partition("-")
    if not sep:
        # Only the language part is lowered: "EN" -> "en", "en_US" stays.
        return language[:3].lower() + language[3:]
    region, sep, tail = rest.partition("-")
    region = region.title() if len(region) > 2 else region.upper()
    return f"{head}_{region}{sep}{tail}"


def get_language_info(lang_code: str) -> dict[str, Any]:
    """Name, native name and direction of ``lang_code`` (Django's ``LANG_INFO`` entry).

    An unknown regional variant (``fr-xx``) falls back to its language (``fr``);
    an unknown language raises ``KeyError`` naming it. ``name_translated`` is
    the English name, as there is nothing to translate it with.
    """
    from scallion.conf.locale import LANG_INFO

    entry = LANG_INFO.get(lang_code)
    if entry is None:
        generic = lang_code.split("-")[0]
        if generic == lang_code:
            raise KeyError(f"Unknown language code {lang_code}.")
        entry = LANG_INFO.get(generic)
        if entry is None:
            raise KeyError(f"Unknown language code {lang_code} and {generic}.")
    if "fallback" in entry and "name" not in entry:
        return get_language_info(entry["fallback"][0])
    info = dict(entry)
    info["name_translated"] = gettext_lazy(info["name"])
    return info


class TranslatorCommentWarning(SyntaxWarning):
    """A translator comment in a template that a message extractor would lose."""


_LINE_BREAK_WITH_INDENT = re.compile(r"\s*\n\s*")


def trim_whitespace(s: str) -> str:
    """``s`` stripped, each line break (and the indentation around it) one space.

    ``{% blocktranslate trimmed %}`` normalises its message with this, so the
    message is the same however the template is indented.
    """
    return _LINE_BREAK_WITH_INDENT.sub(" ", s.strip())


def round_away_from_one(value: Any) -> int:
    """``value`` rounded to an integer away from 1 (2.1 -> 3, 0.5 -> 0, -0.5 -> -1).

    Plural rules are tested against it: a fractional count is plural in
    English, so it must never round to exactly 1.
    """
    return int(Decimal(value - 1).quantize(Decimal(0), rounding=ROUND_UP)) + 1

"""scallion.utils.translation: Django's API with no catalogs (USE_I18N = False)."""

from __future__ import annotations

import pytest

from scallion.conf import settings
from scallion.test.utils import override_settings
from scallion.utils import translation
from scallion.utils.functional import Promise
from scallion.utils.translation import (
    gettext,
    gettext_lazy,
    gettext_noop,
    ngettext,
    ngettext_lazy,
    npgettext,
    npgettext_lazy,
    pgettext,
    pgettext_lazy,
)


def test_messages_come_back_as_given() -> None:
    assert gettext("Hello") == "Hello"
    assert gettext_noop("Hello") == "Hello"
    assert pgettext("greeting", "May") == "May"


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "files"), (1, "file"), (2, "files"), (-1, "files")]
)
def test_ngettext_chooses_by_count(n: int, expected: str) -> None:
    assert ngettext("file", "files", n) == expected
    assert npgettext("disk", "file", "files", n) == expected


def test_lazy_messages_are_promises_that_act_as_str() -> None:
    message = gettext_lazy("Hello %s")
    assert isinstance(message, Promise)
    assert str(message) == "Hello %s"
    assert message % "you" == "Hello you"
    assert message + "!" == "Hello %s!"
    assert len(message) == 8
    assert "Hello" in message
    assert message.upper() == "HELLO %S"
    assert f"{message}" == "Hello %s"
    assert str(pgettext_lazy("ctx", "May")) == "May"


def test_ngettext_lazy_with_a_count() -> None:
    assert str(ngettext_lazy("%d file", "%d files", 1)) == "%d file"
    assert str(ngettext_lazy("%d file", "%d files", 4)) == "%d files"
    assert str(npgettext_lazy("ctx", "%d file", "%d files", 4)) == "%d files"


def test_ngettext_lazy_takes_the_count_when_formatted() -> None:
    by_key = ngettext_lazy("%(n)d file", "%(n)d files", "n")
    assert by_key % {"n": 1} == "1 file"
    assert by_key % {"n": 3} == "3 files"
    assert by_key.format(n=3) == "%(n)d files"
    by_operand = ngettext_lazy("%d file", "%d files")
    assert by_operand % 1 == "1 file"
    assert by_operand % 7 == "7 files"
    braces = ngettext_lazy("{} file", "{} files")
    assert braces.format(2) == "2 files"
    assert bool(by_operand)
    # A chosen form without a placeholder is returned as it is.
    assert ngettext_lazy("one file", "%d files") % 1 == "one file"
    assert npgettext_lazy("ctx", "%(n)d file", "%(n)d files", "n") % {"n": 2} == "2 files"


def test_ngettext_lazy_names_a_missing_key() -> None:
    message = ngettext_lazy("%(n)d file", "%(n)d files", "n")
    with pytest.raises(KeyError, match="lack the key 'n'"):
        message % {"count": 1}


def test_the_language_is_always_language_code() -> None:
    assert translation.get_language() == "en-us"
    translation.activate("fr")
    try:
        assert translation.get_language() == "en-us"
    finally:
        translation.deactivate()
    with translation.override("de"):
        assert translation.get_language() == "en-us"
    with translation.override(None):
        assert translation.get_language() == "en-us"
    with translation.override("de", deactivate=True):
        pass
    translation.deactivate_all()
    with override_settings(LANGUAGE_CODE="fr"):
        assert translation.get_language() == "fr"
        assert translation.get_language_from_request(object()) == "fr"


def test_bidi_follows_languages_bidi() -> None:
    assert translation.get_language_bidi() is False
    with override_settings(LANGUAGE_CODE="he"):
        assert translation.get_language_bidi() is True
    assert "ar" in settings.LANGUAGES_BIDI


def test_supported_language_variant_and_checks() -> None:
    assert translation.check_for_language("xx")
    assert translation.get_supported_language_variant("EN-us") == "EN-us"
    with pytest.raises(LookupError):
        translation.get_supported_language_variant("fr")
    with pytest.raises(LookupError):
        translation.get_supported_language_variant("")
    assert translation.get_language_from_path("/fr/") is None


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-us", "en_US"),
        ("EN-US", "en_US"),
        ("sr-latn", "sr_Latn"),
        ("sr-lat", "sr_Lat"),
        ("zh-hans", "zh_Hans"),
        ("ca-es-valencia", "ca_ES-valencia"),
        ("en_US", "en_US"),
        ("ast", "ast"),
    ],
)
def test_to_locale(language: str, locale: str) -> None:
    assert translation.to_locale(language) == locale


@pytest.mark.parametrize(
    ("locale", "language"), [("en_US", "en-us"), ("sr_Lat", "sr-lat"), ("FR", "fr")]
)
def test_to_language(locale: str, language: str) -> None:
    assert translation.to_language(locale) == language


def test_get_language_info() -> None:
    info = translation.get_language_info("de")
    assert info["code"] == "de" and info["name"] == "German" and info["name_local"] == "Deutsch"
    assert info["bidi"] is False
    assert str(info["name_translated"]) == "German"
    assert translation.get_language_info("he")["bidi"] is True
    # An unknown variant falls back to its language; an alias to its target.
    assert translation.get_language_info("de-xx")["code"] == "de"
    assert translation.get_language_info("zh-cn")["code"] == "zh-hans"
    with pytest.raises(KeyError, match=r"Unknown language code xx\."):
        translation.get_language_info("xx")
    with pytest.raises(KeyError, match=r"Unknown language code xx-yy and xx\."):
        translation.get_language_info("xx-yy")
    # The shared table is not changed by a caller.
    translation.get_language_info("fr")["name"] = "changed"
    assert translation.get_language_info("fr")["name"] == "French"


def test_languages_setting_has_djangos_default_languages() -> None:
    codes = dict(settings.LANGUAGES)
    assert len(codes) == 100
    assert codes["nb"] == "Norwegian Bokmål"
    assert "zh-hans" in codes and "zh-cn" not in codes and "no" not in codes


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (1.0, 1), (0.5, 0), (1.5, 2), (2.1, 3), (-0.5, -1), (0, 0), (3, 3)],
)
def test_round_away_from_one(value: float, expected: int) -> None:
    assert translation.round_away_from_one(value) == expected


def test_trim_whitespace() -> None:
    assert translation.trim_whitespace("  Hello\n    world \n\t again ") == "Hello world again"
    assert translation.trim_whitespace("one line") == "one line"
    assert issubclass(translation.TranslatorCommentWarning, SyntaxWarning)


def test_trans_real_keeps_django_names_and_its_state_can_be_reset() -> None:
    from asgiref.local import Local

    from scallion.utils.translation import trans_real

    assert trans_real.gettext is translation.gettext
    assert trans_real.get_supported_language_variant is translation.get_supported_language_variant
    assert trans_real._translations == {}
    # Test suites written for Django reset the state between tests; nothing changes.
    trans_real._active = Local()
    trans_real._translations = {}
    assert translation.get_language() == "en-us"
    assert translation.gettext("May") == "May"

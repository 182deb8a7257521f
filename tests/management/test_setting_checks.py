"""Checks of single settings: language tags, the upload folder, CSRF_TRUSTED_ORIGINS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scallion.core.checks import Error
from scallion.core.checks.compatibility.django_4_0 import check_csrf_trusted_origins
from scallion.core.checks.files import check_setting_file_upload_temp_dir
from scallion.core.checks.translation import (
    check_language_settings_consistent,
    check_setting_language_code,
    check_setting_languages,
    check_setting_languages_bidi,
)
from scallion.test import override_settings

VALID_TAGS = ["en", "mas", "sgn-ase", "fr-CA", "es-419", "zh-Hans", "ca-ES-valencia", "sr@latin"]
INVALID_TAGS: list[Any] = [
    None,
    123,
    b"en",
    "eü",
    "en_US",
    "en--us",
    "-en",
    "en-",
    "en-US.UTF-8",
    "ca_ES@valencia",
]


@pytest.mark.parametrize("tag", VALID_TAGS)
def test_valid_language_tags(tag: str) -> None:
    with override_settings(LANGUAGE_CODE=tag, LANGUAGES=[(tag, tag)], LANGUAGES_BIDI=[tag]):
        assert check_setting_language_code(None) == []
        assert check_setting_languages(None) == []
        assert check_setting_languages_bidi(None) == []


@pytest.mark.parametrize("tag", INVALID_TAGS)
def test_invalid_language_tags(tag: Any) -> None:
    with override_settings(LANGUAGE_CODE=tag, LANGUAGES=[(tag, tag)], LANGUAGES_BIDI=[tag]):
        assert check_setting_language_code(None) == [
            Error(
                f"You have provided an invalid value for the LANGUAGE_CODE setting: {tag!r}.",
                id="translation.E001",
            )
        ]
        assert [m.id for m in check_setting_languages(None)] == ["translation.E002"]
        assert [m.id for m in check_setting_languages_bidi(None)] == ["translation.E003"]


@pytest.mark.parametrize(
    "code, consistent",
    [
        ("fr", False),
        ("fr-ca", False),
        ("en", True),
        ("en-gb", True),  # a variant of a listed language
        ("de-at", True),
        ("ca-ES-valencia", True),
        ("es-419", True),
    ],
)
def test_language_code_is_one_of_languages(code: str, consistent: bool) -> None:
    languages = [("en", "English"), ("de", "German"), ("es", "Spanish"), ("ca", "Catalan")]
    with override_settings(USE_I18N=True, LANGUAGES=languages, LANGUAGE_CODE=code):
        messages = check_language_settings_consistent(None)
    assert [m.id for m in messages] == ([] if consistent else ["translation.E004"])
    # Without translations only LANGUAGE_CODE is used: nothing to compare.
    with override_settings(USE_I18N=False, LANGUAGES=languages, LANGUAGE_CODE=code):
        assert check_language_settings_consistent(None) == []


def test_a_variant_listed_for_the_generic_language() -> None:
    with override_settings(USE_I18N=True, LANGUAGES=[("pt-br", "Brazilian")], LANGUAGE_CODE="pt"):
        assert check_language_settings_consistent(None) == []


def test_file_upload_temp_dir(tmp_path: Path) -> None:
    for value in (None, "", tmp_path, str(tmp_path)):
        with override_settings(FILE_UPLOAD_TEMP_DIR=value):
            assert check_setting_file_upload_temp_dir(None) == []
    missing = tmp_path / "missing"
    with override_settings(FILE_UPLOAD_TEMP_DIR=missing):
        assert check_setting_file_upload_temp_dir(None) == [
            Error(
                f"The FILE_UPLOAD_TEMP_DIR setting refers to the nonexistent directory "
                f"'{missing}'.",
                id="files.E001",
            )
        ]


def test_csrf_trusted_origins_need_a_scheme() -> None:
    with override_settings(CSRF_TRUSTED_ORIGINS=["https://a.example", "b.example"]):
        [message] = check_csrf_trusted_origins(None)
    assert message.id == "4_0.E001"
    assert "must start with a scheme" in message.msg and "b.example" in message.msg
    with override_settings(CSRF_TRUSTED_ORIGINS=["http://a.example", "https://*.b.example"]):
        assert check_csrf_trusted_origins(None) == []

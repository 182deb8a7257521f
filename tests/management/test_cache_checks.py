"""The CACHES checks: caches.E001, W002, W003 (Django's) and E100."""

from __future__ import annotations

from pathlib import Path

import pytest

from scallion.core.checks import Tags, run_checks
from scallion.test import override_settings

FILEBASED = "scallion.core.cache.backends.filebased.FileBasedCache"
LOCMEM = "scallion.core.cache.backends.locmem.LocMemCache"


def ids(deploy: bool = False) -> list[str]:
    messages = run_checks(tags=[Tags.caches], include_deployment_checks=deploy)
    return sorted(m.id or "" for m in messages)


def test_default_settings_pass() -> None:
    assert ids(deploy=True) == []


def test_no_default_alias() -> None:
    with override_settings(CACHES={"other": {"BACKEND": LOCMEM}}):
        assert ids() == ["caches.E001"]


def test_a_backend_that_cannot_be_built() -> None:
    with override_settings(CACHES={"default": {"BACKEND": "nowhere.Cache"}}):
        messages = run_checks(tags=[Tags.caches])
    assert [m.id for m in messages] == ["caches.E100"]
    assert "nowhere.Cache" in messages[0].msg


def test_relative_file_cache_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with override_settings(CACHES={"default": {"BACKEND": FILEBASED, "LOCATION": "rel/cache"}}):
        assert ids() == ["caches.W003"]
    with override_settings(
        CACHES={"default": {"BACKEND": FILEBASED, "LOCATION": str(tmp_path / "abs")}}
    ):
        assert ids() == []


@pytest.mark.parametrize(
    ("setting", "relation"),
    [
        ("MEDIA_ROOT", "matches"),
        ("STATIC_ROOT", "is inside"),
        ("STATICFILES_DIRS", "contains"),
    ],
)
def test_file_cache_near_served_files(tmp_path: Path, setting: str, relation: str) -> None:
    cache_dir = tmp_path / "site"
    served = {
        "matches": cache_dir,
        "is inside": tmp_path,
        "contains": cache_dir / "static",
    }[relation]
    value: object = [str(served)] if setting == "STATICFILES_DIRS" else str(served)
    caches = {"default": {"BACKEND": FILEBASED, "LOCATION": str(cache_dir)}}
    with override_settings(CACHES=caches, **{setting: value}):
        messages = run_checks(tags=[Tags.caches], include_deployment_checks=True)
        assert ids() == []  # a deployment check only
    assert [m.id for m in messages] == ["caches.W002"]
    assert f"LOCATION {relation} {setting}" in messages[0].msg

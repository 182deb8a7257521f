"""Settings discovery: --settings, then the environment, then [tool.scallion]."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.management.discovery import (
    apply_settings_source,
    find_pyproject_settings,
    find_settings,
)
from scallion.test.pytest_plugin import configure_from_pyproject


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.scallion]\nsettings = "proj.settings"\n')
    (tmp_path / "proj" / "sub").mkdir(parents=True)
    return tmp_path


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCALLION_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))


def test_pyproject_found_from_a_subdirectory(project: Path) -> None:
    source = find_settings(cwd=project / "proj" / "sub")
    assert source.module == "proj.settings"
    assert str(project) in source.paths
    assert source.origin.endswith("pyproject.toml")


def test_pyproject_without_the_table_is_skipped(project: Path) -> None:
    inner = project / "proj"
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_pyproject_settings(inner) == ("proj.settings", project)


def test_no_pyproject_means_no_module(tmp_path: Path) -> None:
    source = find_settings(cwd=tmp_path)
    assert source.module is None


def test_environment_beats_pyproject(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "django_style.settings")
    assert find_settings(cwd=project).module == "django_style.settings"
    monkeypatch.setenv("SCALLION_SETTINGS_MODULE", "env.settings")
    assert find_settings(cwd=project).module == "env.settings"
    source = find_settings("flag.settings", cwd=project)
    assert (source.module, source.origin) == ("flag.settings", "--settings")


def test_pythonpath_entries_come_first(tmp_path: Path) -> None:
    source = find_settings("x.settings", ["examples"], cwd=tmp_path)
    assert source.paths[0] == str((tmp_path / "examples").resolve())


def test_apply_sets_environment_and_sys_path(project: Path) -> None:
    apply_settings_source(find_settings(cwd=project))
    assert os.environ["SCALLION_SETTINGS_MODULE"] == "proj.settings"
    assert sys.path[0] == str(project)


@pytest.mark.parametrize(
    "content, message",
    [
        ("[tool.scallion\n", "could not be read"),
        ("[tool.scallion]\nsettings = 3\n", "needs settings ="),
        ("[tool.scallion]\n", "needs settings ="),
    ],
)
def test_bad_pyproject_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(content)
    with pytest.raises(ImproperlyConfigured, match=message):
        find_settings(cwd=tmp_path)


def test_pytest_plugin_does_nothing_when_settings_are_configured(project: Path) -> None:
    # tests/conftest.py configured settings for this session.
    assert configure_from_pyproject(project) is None
    assert "SCALLION_SETTINGS_MODULE" not in os.environ

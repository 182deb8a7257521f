"""The command-line utility: dispatch, help, exit codes, bad invocations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import scallion
from scallion.core.management import get_commands
from scallion.test import override_settings

Run = Callable[..., Any]


def test_commands_are_listed(run: Run) -> None:
    result = run("--help")
    assert result.code == 0
    for name in ("check", "collectstatic", "routes", "runserver", "shell", "startproject"):
        assert name in get_commands()
        assert f"  {name}" in result.out


def test_no_arguments_prints_help(run: Run) -> None:
    assert "usage: scallion <command>" in run().out


def test_version(run: Run) -> None:
    assert run("--version").out.strip() == scallion.__version__


def test_unknown_command_suggests_the_closest(run: Run) -> None:
    result = run("runsever")
    assert result.code == 2
    assert "Unknown command: 'runsever'. Did you mean runserver?" in result.err


def test_unknown_command_without_a_close_match(run: Run) -> None:
    result = run("zzzzzz")
    assert result.code == 2
    assert "Did you mean" not in result.err


@pytest.mark.parametrize("name", ["check", "routes", "runserver", "startproject", "shell"])
def test_each_command_has_help(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0
    out = result.out
    assert f"usage: scallion {name}" in out
    assert "--settings" in out and "--pythonpath" in out


def test_help_command(run: Run) -> None:
    result = run("help", "check")
    assert result.code == 0
    assert "--deploy" in result.out
    assert "usage: scallion check" in result.out


def test_bad_option_is_a_usage_error(run: Run) -> None:
    result = run("check", "--bogus")
    assert result.code == 2
    assert "unrecognized arguments: --bogus" in result.err
    assert "scallion check --help" in result.err


def test_missing_argument_is_a_usage_error(run: Run) -> None:
    result = run("startproject")
    assert result.code == 2
    assert "name" in result.err


def test_project_code_failure_is_reported(run: Run) -> None:
    with override_settings(ROOT_URLCONF="tests.management.raising_urls"):
        result = run("routes")
    assert result.code == 1
    assert "Traceback" in result.err
    assert "Error: 'scallion routes' failed: RuntimeError: boom while importing" in result.err


def test_missing_urlconf_is_one_clear_line(run: Run) -> None:
    with override_settings(ROOT_URLCONF="tests.management.no_such_urls"):
        result = run("routes")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "no_such_urls" in result.err


def test_shell_runs_a_command(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("shell", "-c", "print('debug is', settings.DEBUG)").code == 0
    assert "debug is False" in capsys.readouterr().out


def test_no_settings_anywhere(scallion_cli: Callable[..., Any], tmp_path: Path) -> None:
    result = scallion_cli(["check"], cwd=tmp_path)
    assert result.returncode == 1
    assert "No settings module: pass --settings mysite.settings" in result.stderr
    assert "[tool.scallion]" in result.stderr


def test_settings_module_that_does_not_exist(
    scallion_cli: Callable[..., Any], tmp_path: Path
) -> None:
    result = scallion_cli(["check", "--settings", "nowhere.settings"], cwd=tmp_path)
    assert result.returncode == 1
    assert "The settings module 'nowhere.settings' could not be imported" in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_module_that_raises(scallion_cli: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "broken_settings.py").write_text("DEBUG = True\n1 / 0\n")
    result = scallion_cli(["check", "--settings", "broken_settings"], cwd=tmp_path)
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stderr
    assert "raised ZeroDivisionError while importing" in result.stderr


def test_pythonpath_and_pyproject(scallion_cli: Callable[..., Any], tmp_path: Path) -> None:
    package = tmp_path / "src" / "site1"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text("DEBUG = True\nSECRET_KEY = 'k' * 60\n")
    flagged = scallion_cli(
        ["check", "--pythonpath", "src", "--settings", "site1.settings"], tmp_path
    )
    assert flagged.returncode == 0, flagged.stderr
    assert "no issues" in flagged.stdout
    (tmp_path / "src" / "pyproject.toml").write_text(
        '[tool.scallion]\nsettings = "site1.settings"\n'
    )
    found = scallion_cli(["check"], cwd=package)
    assert found.returncode == 0, found.stderr

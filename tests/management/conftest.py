"""Fixtures for the command tests: run ``scallion`` in-process or as a subprocess."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scallion.conf import DJANGO_ENVIRONMENT_VARIABLE, ENVIRONMENT_VARIABLE
from scallion.core.management import execute_from_command_line

REPO = Path(__file__).resolve().parents[2]


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``run("check", "--deploy")``: the command in this process, with the test settings.

    The command may name a settings module in the environment and extend
    sys.path; both are restored afterwards.
    """
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.delenv(DJANGO_ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))

    def run_command(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = execute_from_command_line(list(argv), stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return run_command


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child ``scallion``/``pytest``: no settings, no test options."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in (ENVIRONMENT_VARIABLE, DJANGO_ENVIRONMENT_VARIABLE, "PYTEST_ADDOPTS")
        and not k.startswith(("PYTEST_XDIST", "COV_CORE"))
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    env.pop("FORCE_COLOR", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started with ``start_new_session=True``, and every process it started.

    SIGTERM first (a reloading server stops its server process), SIGKILL if the group
    is still there ten seconds later, and a last SIGKILL for anything left behind.
    """
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def scallion_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``scallion_cli(["check"], cwd=...)``: ``python -m scallion`` in a child process."""

    def run_child(
        argv: list[str], cwd: Path, timeout: float = 60, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "scallion", *argv],
            cwd=cwd,
            env=clean_env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run_child

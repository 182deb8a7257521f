"""Without redis-server the Redis tests skip loudly outside CI, and fail in CI.

Each case runs pytest in a child process, with this repository's pytest
configuration and a PATH on which no redis-server can be found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def suite_without_redis(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A one-test suite that needs the redis_server fixture, and an env hiding redis-server."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.fixtures_redis"]\n')
    (tmp_path / "test_needs_redis.py").write_text(
        "def test_uses_redis(redis_server):\n    assert redis_server.port\n"
    )
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CI", "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST")
        and not key.startswith(("PYTEST_XDIST", "COV_CORE"))
    }
    env.update(PATH=str(empty_bin), PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    return tmp_path, env


def run_suite(directory: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "no:xdist",
            "-c", str(REPO / "pyproject.toml"), "--rootdir", str(directory), str(directory),
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip


def test_skip_outside_ci_is_reported_in_the_summary(
    suite_without_redis: tuple[Path, dict[str, str]],
) -> None:
    directory, env = suite_without_redis
    assert not os.path.exists("/usr/sbin/redis-server")  # the other place looked at
    result = run_suite(directory, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    summary = result.stdout[result.stdout.index("Debian packages missing") :]
    assert "SKIPPED 1 test(s): redis-server is not installed" in summary
    assert "install the Debian package 'redis-server'" in summary
    assert "In CI (CI=true) a missing package is a failure." in summary


def test_missing_redis_fails_in_ci(suite_without_redis: tuple[Path, dict[str, str]]) -> None:
    directory, env = suite_without_redis
    result = run_suite(directory, {**env, "CI": "true"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout
    assert "CI=true and redis-server is not installed" in result.stdout
    assert "Debian packages missing" not in result.stdout

"""Headless Chromium for the browser tests, and where their screenshots are kept.

Debian's ``chromium`` package is driven by Playwright through
``executable_path`` (Playwright's own browser download is not used).
Screenshots are written under the test's tmp dir and copied to the artifacts
directory: ``$SCALLION_ARTIFACTS_DIR``, by default ``.ci/artifacts/`` in the
repository (ignored by git), whose path and contents ``.ci/run`` prints, so
that a reviewer of a CI run can look at them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.fixtures_redis import require_binary

REPO = Path(__file__).resolve().parents[2]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str:
    """Debian's chromium (skipped loudly outside CI, a failure in CI, when missing)."""
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return require_binary("chromium", "chromium")


def artifacts_dir() -> Path:
    """Where screenshots are kept for review: ``$SCALLION_ARTIFACTS_DIR`` or ``.ci/artifacts``."""
    directory = Path(os.environ.get("SCALLION_ARTIFACTS_DIR") or REPO / ".ci" / "artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def keep_artifact(path: Path) -> Path:
    """Copy ``path`` into the artifacts directory (same name); return the copy's path."""
    target = artifacts_dir() / path.name
    shutil.copyfile(path, target)
    return target

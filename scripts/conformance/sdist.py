"""Django's sdist at the pinned version, downloaded once with pip and unpacked once."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path


def ensure_tests(cache_dir: Path, version: str, pip_python: Path) -> Path:
    """The ``tests/`` directory of Django ``version``'s sdist (downloaded if not cached).

    ``pip_python`` is an interpreter new enough for the release (Django 6 needs 3.12+),
    whose pip does the download.
    """
    unpacked = cache_dir / f"django-{version}"
    tests = unpacked / "tests"
    if (tests / "runtests.py").is_file():
        return tests
    archive = download(cache_dir, version, pip_python)
    if unpacked.exists():
        shutil.rmtree(unpacked)
    partial = cache_dir / f"django-{version}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    with tarfile.open(archive) as tar:
        tar.extractall(partial, filter="data")
    (partial / f"django-{version}").rename(unpacked)
    partial.rmdir()
    return tests


def download(cache_dir: Path, version: str, pip_python: Path) -> Path:
    """``pip download --no-deps --no-binary :all: Django==version`` into the cache."""
    archive = cache_dir / f"django-{version}.tar.gz"
    if archive.is_file():
        return archive
    cache_dir.mkdir(parents=True, exist_ok=True)
    print(f"conformance: downloading Django {version}'s sdist with pip", flush=True)
    command = [
        str(pip_python),
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--no-binary",
        ":all:",
        f"Django=={version}",
        "--dest",
        str(cache_dir),
    ]
    subprocess.run(command, check=True)
    if not archive.is_file():
        found = sorted(cache_dir.glob("[Dd]jango-*.tar.gz"))
        raise RuntimeError(
            f"pip download did not leave {archive.name} in {cache_dir} (found: "
            f"{', '.join(p.name for p in found) or 'nothing'})."
        )
    return archive

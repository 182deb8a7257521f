"""The two venvs of a run: Django for the baseline, scallion (editable) for the measure.

Both use the newest Python found (Django 6 needs 3.12 or newer) and the same extra
packages, so that the two runs differ only in the framework. A venv is reused while
what it was made from (interpreter, requirements, the checkout's pyproject.toml) is
unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

MIN_PYTHON = (3, 12)
PYTHON_ENV = "SCALLION_CONFORMANCE_PYTHON"

#: Installed in both venvs: what the measured test packages import besides the framework.
EXTRA_REQUIREMENTS = ("Jinja2>=3.1.4",)


def _candidates() -> list[str]:
    home = Path.home()
    found = [os.environ.get(PYTHON_ENV, "")]
    pyenv = home / ".pyenv" / "versions"
    if pyenv.is_dir():
        found += [str(p / "bin" / "python") for p in sorted(pyenv.iterdir(), reverse=True)]
    for name in ("python3.14", "python3.13", "python3.12"):
        path = shutil.which(name)
        if path:
            found.append(path)
    return [c for c in found if c]


def python_version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; sys.stdout.write('%d %d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
        return (int(out[0]), int(out[1]))
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def find_python() -> tuple[Path, tuple[int, int]]:
    """The newest Python (3.12 or newer) on this machine; ``$SCALLION_CONFORMANCE_PYTHON`` wins."""
    chosen = os.environ.get(PYTHON_ENV)
    if chosen:
        version = python_version(chosen)
        if version is None or version < MIN_PYTHON:
            raise SystemExit(f"{PYTHON_ENV}={chosen} is not a Python 3.12 or newer.")
        return Path(chosen), version
    best: tuple[tuple[int, int], str] | None = None
    for candidate in _candidates():
        version = python_version(candidate)
        if version is not None and version >= MIN_PYTHON and (best is None or version > best[0]):
            best = (version, candidate)
    if best is None:
        raise SystemExit(
            "django-conformance needs Python 3.12 or newer (Django 6 does), and found none "
            "(looked in ~/.pyenv/versions and for python3.12+ on PATH). Install one, or "
            f"name it with {PYTHON_ENV}=/path/to/python."
        )
    return Path(best[1]), best[0]


def ensure_venv(
    path: Path, python: Path, requirements: list[str], editable: Path | None = None
) -> Path:
    """A venv at ``path`` with ``requirements`` (and ``editable`` installed with -e)."""
    recipe = {
        "python": str(python),
        "requirements": requirements,
        "editable": str(editable) if editable else None,
        "pyproject": _digest(editable / "pyproject.toml") if editable else None,
    }
    marker = path / "conformance-recipe.json"
    venv_python = path / "bin" / "python"
    if venv_python.exists() and marker.is_file() and json.loads(marker.read_text()) == recipe:
        return venv_python
    if path.exists():
        shutil.rmtree(path)
    print(f"conformance: creating {path.name}", flush=True)
    subprocess.run([str(python), "-m", "venv", str(path)], check=True)
    command = [str(venv_python), "-m", "pip", "install", "--quiet", *requirements]
    if editable:
        command += ["-e", str(editable)]
    subprocess.run(command, check=True)
    marker.write_text(json.dumps(recipe, indent=1))
    return venv_python


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]

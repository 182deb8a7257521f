"""The bench virtualenvs, created from PyPI on first use and reused afterwards."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(BENCH_DIR)

PEERS = [
    "django>=5.2,<6",
    "flask>=3.0",
    "falcon>=4.0",
    "bottle>=0.13",
    "starlette>=0.40",
    "jinja2>=3.1",
    "uvicorn>=0.30",
    "gunicorn>=22.0",
]

VENVS = {"main": (os.path.join(BENCH_DIR, ".venv-bench"), PEERS)}


def _python(path: str) -> str:
    return os.path.join(path, "bin", "python")


def ensure(name: str = "main", base_python: str = sys.executable) -> str:
    """Create (or complete) a bench venv; returns its interpreter."""
    path, requirements = VENVS[name]
    stamp = hashlib.sha256("\n".join(requirements).encode()).hexdigest()[:16]
    marker = os.path.join(path, ".bench-ready")
    try:
        with open(marker) as f:
            if f.read().strip() == stamp and os.path.exists(_python(path)):
                return _python(path)
    except OSError:
        pass
    print(f"bench: setting up {path} (pip, from PyPI)...", file=sys.stderr, flush=True)
    if not os.path.exists(_python(path)):
        subprocess.run([base_python, "-m", "venv", path], check=True)
    pip = [_python(path), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["-e", REPO_DIR, *requirements], check=True)
    with open(marker, "w") as f:
        f.write(stamp + "\n")
    return _python(path)

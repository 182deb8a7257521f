"""The bench virtualenvs, created from PyPI on first use and reused afterwards."""

from __future__ import annotations

import hashlib
import os
import re
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
    # The real-time rows (bench/realtime.py): Django Channels as a peer, and the
    # clients that drive every server alike.
    "channels>=4.1",
    "websockets>=12",
    "httpx>=0.27",
]

# Django's newest release series needs a newer Python than scallion's floor (3.11),
# so it gets its own venv on the newest interpreter found (see ``latest_python``),
# shared with the peers it is compared to: ratios only mean something between
# frameworks run by the same interpreter.
LATEST_DJANGO = "django>=6.1"
PEERS_LATEST = [LATEST_DJANGO if p.startswith("django") else p for p in PEERS]
LATEST_MIN_PYTHON = (3, 12)

VENVS = {
    "main": (os.path.join(BENCH_DIR, ".venv-bench"), PEERS),
    "latest": (os.path.join(BENCH_DIR, ".venv-bench-latest"), PEERS_LATEST),
}


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return (int(out[0]), int(out[1])) if len(out) == 2 else None


def latest_python() -> str | None:
    """The newest CPython >= 3.12 on this machine: $SCALLION_BENCH_LATEST_PYTHON,
    python3.13/python3.12 on PATH, or a pyenv version; None when there is none."""
    import glob
    import shutil

    candidates = [os.environ.get("SCALLION_BENCH_LATEST_PYTHON", "")]
    candidates += [shutil.which(name) or "" for name in ("python3.14", "python3.13", "python3.12")]
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(
        glob.glob(os.path.join(pyenv_root, "versions", "3.1[2-9]*", "bin", "python")),
        key=lambda path: [int(p) for p in re.findall(r"\d+", path.split("versions")[-1])],
        reverse=True,
    )
    best: tuple[tuple[int, int], str] | None = None
    for index, python in enumerate(candidates):
        version = _version(python) if python else None
        if version is None or version < LATEST_MIN_PYTHON:
            continue
        if index == 0:
            return python  # chosen explicitly
        if best is None or version > best[0]:
            best = (version, python)
    return best[1] if best else None


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

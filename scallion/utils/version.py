"""Version helpers with Django's names: ``get_version()``, ``get_docs_version()``, ``PY3xx``.

A version is a tuple ``(major, minor, micro, releaselevel, serial)`` as Django's
``VERSION`` is; a shorter one (scallion's ``VERSION = (0, 1, 0)``) is a final release.
"""

from __future__ import annotations

import sys

PYPY = sys.implementation.name == "pypy"
PY311 = sys.version_info >= (3, 11)
PY312 = sys.version_info >= (3, 12)
PY313 = sys.version_info >= (3, 13)
PY314 = sys.version_info >= (3, 14)
PY315 = sys.version_info >= (3, 15)

Version = tuple[int, int, int, str, int]
_SUFFIX = {"alpha": "a", "beta": "b", "rc": "rc"}


def get_complete_version(version: tuple[object, ...] | None = None) -> Version:
    """``version`` (scallion's own when None) as a full five-part tuple."""
    if version is None:
        from scallion import VERSION

        version = VERSION
    parts = list(version) + [0, 0, 0, "final", 0][len(version) :]
    major, minor, micro, level, serial = parts[:5]
    if level not in ("alpha", "beta", "rc", "final"):
        raise ValueError(f"Unknown release level {level!r} in {version!r}.")
    return (int(str(major)), int(str(minor)), int(str(micro)), str(level), int(str(serial)))


def get_main_version(version: tuple[object, ...] | None = None) -> str:
    """``X.Y``, or ``X.Y.Z`` when the micro part is not 0."""
    major, minor, micro, _, _ = get_complete_version(version)
    return f"{major}.{minor}" if micro == 0 else f"{major}.{minor}.{micro}"


def get_version(version: tuple[object, ...] | None = None) -> str:
    """A PEP 440 version string: ``6.1``, ``6.1.3``, ``6.2a1``, ``6.2rc2``, ``6.2.dev``.

    With no argument, scallion's own version (``scallion.__version__``).
    """
    if version is None:
        from scallion import __version__

        return __version__
    _, _, _, level, serial = get_complete_version(version)
    main = get_main_version(version)
    if level == "final":
        return main
    if level == "alpha" and serial == 0:
        return f"{main}.dev"
    return f"{main}{_SUFFIX[level]}{serial}"


def get_docs_version(version: tuple[object, ...] | None = None) -> str:
    """The documentation's version: ``X.Y`` for a final release, ``dev`` otherwise."""
    major, minor, _, level, _ = get_complete_version(version)
    return f"{major}.{minor}" if level == "final" else "dev"


__all__ = [
    "PY311",
    "PY312",
    "PY313",
    "PY314",
    "PY315",
    "PYPY",
    "get_complete_version",
    "get_docs_version",
    "get_main_version",
    "get_version",
]

"""Version numbers from a ``VERSION`` tuple, as Django builds its own (PEP 440).

``VERSION`` is ``(major, minor, micro, release level, serial)``; the level is
one of ``"alpha"``, ``"beta"``, ``"rc"`` or ``"final"``. A pre-alpha version
(``"alpha"`` with serial 0) gets a ``.devYYYYMMDDHHMMSS`` suffix from the time
of the checkout's last commit, when there is a git checkout to ask.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import subprocess
import sys

VersionTuple = tuple[int, int, int, str, int]

PYPY = sys.implementation.name == "pypy"
# "Python X.Y or later", for code that depends on the interpreter's version.
PY310 = sys.version_info >= (3, 10)
PY311 = sys.version_info >= (3, 11)
PY312 = sys.version_info >= (3, 12)
PY313 = sys.version_info >= (3, 13)
PY314 = sys.version_info >= (3, 14)
PY315 = sys.version_info >= (3, 15)

_RELEASE_LEVELS = ("alpha", "beta", "rc", "final")
_SUFFIXES = {"alpha": "a", "beta": "b", "rc": "rc"}
_COMPONENT = re.compile(r"(\d+|[a-z]+|\.)")


def get_complete_version(version: tuple[object, ...] | None = None) -> VersionTuple:
    """``version`` checked for shape, or scallion's own ``VERSION``."""
    if version is None:
        from scallion import VERSION

        return VERSION
    if len(version) != 5 or version[3] not in _RELEASE_LEVELS:
        raise ValueError(
            f"A version is (major, minor, micro, level, serial) with level one of "
            f"{', '.join(_RELEASE_LEVELS)}; got {version!r}."
        )
    return version  # type: ignore[return-value]


def get_main_version(version: tuple[object, ...] | None = None) -> str:
    """``X.Y``, or ``X.Y.Z`` when the micro number is not 0."""
    complete = get_complete_version(version)
    parts = 2 if complete[2] == 0 else 3
    return ".".join(str(number) for number in complete[:parts])


def get_version(version: tuple[object, ...] | None = None) -> str:
    """The PEP 440 version string: ``1.2``, ``1.2.3``, ``1.2b1``, ``1.2.dev20240101...``."""
    complete = get_complete_version(version)
    main = get_main_version(complete)
    level, serial = complete[3], complete[4]
    if level == "alpha" and serial == 0:
        changeset = get_git_changeset()
        return main + (f".dev{changeset}" if changeset else "")
    if level != "final":
        return f"{main}{_SUFFIXES[level]}{serial}"
    return main


def get_docs_version(version: tuple[object, ...] | None = None) -> str:
    """``X.Y`` for a final release, ``dev`` before one."""
    complete = get_complete_version(version)
    return "dev" if complete[3] != "final" else f"{complete[0]}.{complete[1]}"


@functools.cache
def get_git_changeset() -> str | None:
    """The UTC time of the checkout's last commit as ``YYYYMMDDHHMMSS``, or None."""
    repo_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        log = subprocess.run(
            ["git", "log", "--pretty=format:%ct", "--quiet", "-1", "HEAD"],
            capture_output=True,
            cwd=repo_dir,
            text=True,
            check=False,
        )
    except OSError:
        return None
    try:
        stamp = datetime.datetime.fromtimestamp(int(log.stdout), tz=datetime.UTC)
    except ValueError:
        return None
    return stamp.strftime("%Y%m%d%H%M%S")


def get_version_tuple(version: str) -> tuple[int, ...]:
    """The leading numbers of a version string: ``"1.2.3b1"`` gives ``(1, 2, 3)``."""
    numbers: list[int] = []
    for item in _COMPONENT.split(version):
        if item and item != ".":
            if not item.isdigit():
                break
            numbers.append(int(item))
    return tuple(numbers)

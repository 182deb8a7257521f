"""Small helpers shared by the finders and ``collect``."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence

#: Files and folders never collected (Django's default) nor served: version
#: control folders, dotfiles (``.env``, ``.git/``, ``.htpasswd``) and backups.
DEFAULT_IGNORE_PATTERNS = ("CVS", ".*", "*~")


def is_ignored(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def is_ignored_path(relative: str, patterns: Sequence[str]) -> bool:
    """True if ``relative`` (a ``/``-separated path), or any of its segments, matches.

    Django's rule for collecting: a pattern is matched against each name and
    against the whole relative path, so ``.*`` skips ``.git/config`` and
    ``js/vendor/*`` skips that folder's files.
    """
    return is_ignored(relative, patterns) or any(
        is_ignored(segment, patterns) for segment in relative.split("/")
    )


def walk_files(root: str, ignore_patterns: Sequence[str]) -> Iterator[tuple[str, str]]:
    """``(relative posix path, absolute path)`` of each file under ``root``.

    Symbolic links are followed only while they stay inside ``root``, so a
    link to ``/etc`` in a static folder is never collected or served.
    """
    real_root = os.path.realpath(root)
    prefix = real_root.rstrip(os.sep) + os.sep
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        kept = []
        for name in sorted(dirnames):
            if is_ignored(name, ignore_patterns):
                continue
            real = os.path.realpath(os.path.join(dirpath, name))
            if real.startswith(prefix):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if is_ignored(name, ignore_patterns):
                continue
            absolute = os.path.join(dirpath, name)
            if not os.path.realpath(absolute).startswith(prefix):
                continue
            relative = os.path.relpath(absolute, root).replace(os.sep, "/")
            if ignore_patterns and is_ignored(relative, ignore_patterns):
                continue
            yield relative, absolute

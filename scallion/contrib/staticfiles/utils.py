"""Helpers shared by the finders, ``collectstatic`` and the storages (Django's names)."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured

#: Files and folders never collected (Django's default, ``StaticFilesConfig.ignore_patterns``)
#: nor served: version control folders, dotfiles (``.env``, ``.git/``, ``.htpasswd``) and backups.
DEFAULT_IGNORE_PATTERNS = ("CVS", ".*", "*~")


def matches_patterns(path: str, patterns: Iterable[str]) -> bool:
    """True if ``path`` matches one of the glob ``patterns`` (case-sensitively)."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def is_ignored(name: str, patterns: Sequence[str]) -> bool:
    return matches_patterns(name, patterns)


def get_files(
    storage: Any, ignore_patterns: Sequence[str] | None = None, location: str = ""
) -> Iterator[str]:
    """Every file name under ``location`` in ``storage``, less the ignored ones.

    A pattern is matched against each file's and folder's own name and against
    its whole relative path (``*/vendor/*.js``), as in Django. In a storage on
    the local disk, symbolic links that lead out of its folder are skipped, so
    a link to ``/etc`` in a static folder is never collected or served.
    """
    patterns = list(ignore_patterns or ())
    inside = _inside_check(storage)
    directories, files = storage.listdir(location)
    for name in sorted(files):
        if matches_patterns(name, patterns):
            continue
        path = os.path.join(location, name) if location else name
        if location and matches_patterns(path, patterns):
            continue
        if inside is not None and not inside(path):
            continue
        yield path
    for name in sorted(directories):
        if matches_patterns(name, patterns):
            continue
        path = os.path.join(location, name) if location else name
        if inside is not None and not inside(path):
            continue
        yield from get_files(storage, patterns, path)


def _inside_check(storage: Any) -> Any:
    """For a local storage, a test that a name's real path stays inside its folder."""
    try:
        root = os.path.realpath(storage.path(""))
    except (NotImplementedError, ImproperlyConfigured, AttributeError):
        return None
    prefix = root.rstrip(os.sep) + os.sep

    def inside(name: str) -> bool:
        real: str = os.path.realpath(storage.path(name))
        return real == root or real.startswith(prefix)

    return inside


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
    """``(relative posix path, absolute path)`` of each file under the folder ``root``.

    The same rules as :func:`get_files`, over a plain folder (what
    ``StaticFilesMiddleware`` indexes).
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


def check_settings(base_url: str | None = None) -> None:
    """Refuse static-files settings that cannot work (no ``STATIC_URL``, media and static mixed)."""
    if base_url is None:
        base_url = settings.STATIC_URL
    if not base_url:
        raise ImproperlyConfigured(
            "You're using the staticfiles app without having set the required STATIC_URL setting."
        )
    if settings.MEDIA_URL == base_url:
        raise ImproperlyConfigured(
            "The MEDIA_URL and STATIC_URL settings must have different values"
        )
    if (
        settings.DEBUG
        and settings.MEDIA_URL
        and settings.STATIC_URL
        and settings.MEDIA_URL.startswith(settings.STATIC_URL)
    ):
        raise ImproperlyConfigured("runserver can't serve media if MEDIA_URL is within STATIC_URL.")
    if (
        settings.MEDIA_ROOT and settings.STATIC_ROOT
    ) and settings.MEDIA_ROOT == settings.STATIC_ROOT:
        raise ImproperlyConfigured(
            "The MEDIA_ROOT and STATIC_ROOT settings must have different values"
        )

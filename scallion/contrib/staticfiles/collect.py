"""``collect()``: ``collectstatic`` as a function, for scripts, builds and tests.

``collect(static_root)`` runs the ``collectstatic`` command into
``static_root`` (default ``STATIC_ROOT``) with a storage chosen by its
arguments, whatever ``STORAGES`` says: hashed names and a manifest
(``ManifestStaticFilesStorage``) unless ``hashed=False``, ``.gz``/``.br``
twins (``CompressedManifestStaticFilesStorage``) unless ``compress=False``.
It returns what happened as a ``CollectResult``.
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Callable, Sequence
from typing import Any

from scallion.conf import settings
from scallion.contrib.staticfiles.storage import (
    HASHED_NAME_RE,
    MANIFEST_NAME,
    CompressedManifestStaticFilesStorage,
    ManifestStaticFilesStorage,
    StaticFilesStorage,
)
from scallion.contrib.staticfiles.utils import DEFAULT_IGNORE_PATTERNS
from scallion.core.exceptions import ImproperlyConfigured

__all__ = ["HASHED_NAME_RE", "CollectResult", "collect"]


@dataclasses.dataclass
class CollectResult:
    """What ``collect`` did."""

    static_root: str
    #: Names copied into ``static_root`` (under their own names).
    copied: list[str] = dataclasses.field(default_factory=list)
    #: Names found again by a later finder (the first one wins).
    skipped: list[str] = dataclasses.field(default_factory=list)
    #: ``{name: hashed name}``, as in the manifest.
    hashed: dict[str, str] = dataclasses.field(default_factory=dict)
    #: The compressed twins written (``name.gz``, ``name.br``).
    compressed: list[str] = dataclasses.field(default_factory=list)
    manifest_path: str = ""


def collect(
    static_root: str | os.PathLike[str] | None = None,
    *,
    clear: bool = False,
    hashed: bool = True,
    compress: bool = True,
    ignore_patterns: Sequence[str] = DEFAULT_IGNORE_PATTERNS,
    log: Callable[[str], Any] | None = None,
) -> CollectResult:
    """Collect every static file into ``static_root``; ``log`` receives each action.

    ``ignore_patterns`` replaces the default ones (``CVS``, ``.*``, ``*~``).
    """
    from scallion.contrib.staticfiles.management.commands.collectstatic import Command

    root = os.fspath(static_root) if static_root is not None else settings.STATIC_ROOT
    if not root:
        raise ImproperlyConfigured(
            "collect() needs a destination: set STATIC_ROOT to the folder the web server "
            "(or StaticFilesMiddleware) serves, e.g. STATIC_ROOT = BASE_DIR / 'staticfiles'."
        )
    root = os.path.abspath(root)
    storage_class: type[StaticFilesStorage] = StaticFilesStorage
    if hashed:
        storage_class = (
            CompressedManifestStaticFilesStorage if compress else ManifestStaticFilesStorage
        )
    out = _Log(log)
    command = Command(stdout=out, stderr=io.StringIO())
    command.storage = storage_class(location=root)
    command.execute(
        interactive=False,
        verbosity=2 if log else 0,
        link=False,
        clear=clear,
        dry_run=False,
        ignore_patterns=list(ignore_patterns),
        use_default_ignore_patterns=False,
        post_process=hashed or compress,
        skip_checks=True,
        no_color=True,
        force_color=False,
    )
    result = CollectResult(
        static_root=root,
        copied=sorted(command.copied_files),
        skipped=list(command.skipped_files),
    )
    if hashed:
        result.hashed = dict(sorted(command.storage.hashed_files.items()))
        result.manifest_path = os.path.join(root, MANIFEST_NAME)
    result.compressed = sorted(
        name for name in command.post_processed_files if name.endswith((".gz", ".br"))
    )
    return result


class _Log(io.StringIO):
    """The command's output, passed on line by line to ``log``."""

    def __init__(self, log: Callable[[str], Any] | None) -> None:
        super().__init__()
        self._log = log

    def write(self, text: str) -> int:
        if self._log is not None and text.strip():
            self._log(text.rstrip("\n"))
        return len(text)

"""``collect``: copy every static file to ``STATIC_ROOT``, hashed, compressed, with a manifest.

For each file the finders list (the first finder wins a name), ``collect``
writes the file under its own name and under a content-hashed name
(``css/app.3f2a9c1b7d4e.css``), rewrites ``url()``/``@import`` references in
CSS to the hashed names, writes ``.gz`` (and ``.br`` when the ``brotli``
package is installed) next to compressible files when that saves space, and
records ``{name: hashed name}`` in ``staticfiles.json``. ``scallion
collectstatic`` is a thin command around this function.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Sequence
from typing import Any

from scallion.conf import settings
from scallion.contrib.staticfiles import storage
from scallion.contrib.staticfiles.finders import get_finders
from scallion.contrib.staticfiles.utils import DEFAULT_IGNORE_PATTERNS
from scallion.core.exceptions import ImproperlyConfigured

HASH_LENGTH = 12
#: Matches a name ``collect`` hashed (used to give such files far-future caching).
HASHED_NAME_RE = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}(\.[^/.]+)?$")
COMPRESSIBLE_EXTENSIONS = frozenset(
    {
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".map",
        ".svg",
        ".html",
        ".htm",
        ".txt",
        ".xml",
        ".ico",
        ".webmanifest",
        ".wasm",
        ".ttf",
        ".otf",
        ".eot",
    }
)
#: Files smaller than this are not worth a compressed twin.
COMPRESS_MIN_SIZE = 256
_CSS_REFERENCE = re.compile(
    r"""(?P<url>url\(\s*(?P<q1>['"]?)(?P<ref1>[^'")]+?)(?P=q1)\s*\))"""
    r"""|(?P<import>@import\s+(?P<q2>['"])(?P<ref2>[^'"]+)(?P=q2))""",
    re.IGNORECASE,
)
_MAX_CSS_PASSES = 5


@dataclasses.dataclass
class CollectResult:
    """What ``collect`` did, for the command's summary."""

    static_root: str
    copied: list[str] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)
    hashed: dict[str, str] = dataclasses.field(default_factory=dict)
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
    """Copy the static files to ``static_root`` (default ``settings.STATIC_ROOT``).

    ``skipped`` lists names found again by a later finder (the first one wins);
    ``clear`` empties ``static_root`` first.
    """
    root = os.fspath(static_root) if static_root is not None else settings.STATIC_ROOT
    if not root:
        raise ImproperlyConfigured(
            "collect() needs a destination: set STATIC_ROOT to the folder the web server "
            "(or StaticFilesMiddleware) serves, e.g. STATIC_ROOT = BASE_DIR / 'staticfiles'."
        )
    root = os.path.abspath(root)
    result = CollectResult(static_root=root)
    say = log or (lambda message: None)

    sources: dict[str, str] = {}
    for finder in get_finders():
        for name, absolute in finder.list(ignore_patterns):
            if os.path.realpath(absolute).startswith(os.path.realpath(root) + os.sep):
                continue  # never collect STATIC_ROOT into itself
            if name in sources:
                result.skipped.append(name)
                continue
            sources[name] = absolute

    if clear and os.path.isdir(root):
        say(f"Clearing {root}")
        shutil.rmtree(root)
    os.makedirs(root, exist_ok=True)

    contents: dict[str, bytes] = {}
    for name, absolute in sorted(sources.items()):
        with open(absolute, "rb") as fh:
            contents[name] = fh.read()
        _write(root, name, contents[name])
        shutil.copystat(absolute, os.path.join(root, *name.split("/")))
        result.copied.append(name)
        say(f"Copied {name}")

    written = list(result.copied)
    if hashed:
        result.hashed = _hash_files(contents)
        for name, hashed_name in result.hashed.items():
            data = _rewrite_css(name, contents[name], result.hashed) if _is_css(name) else None
            _write(root, hashed_name, data if data is not None else contents[name])
            written.append(hashed_name)
        result.manifest_path = _write_manifest(root, result.hashed)

    if compress:
        for name in written:
            result.compressed.extend(_compress(root, name))

    storage.reset()
    return result


def _hash_files(contents: dict[str, bytes]) -> dict[str, str]:
    """``{name: hashed name}``; CSS is hashed after its references are rewritten."""
    mapping = {name: _hashed(name, data) for name, data in contents.items() if not _is_css(name)}
    css_names = [name for name in contents if _is_css(name)]
    for name in css_names:
        mapping[name] = _hashed(name, contents[name])
    # CSS may reference CSS: repeat until the hashes are stable.
    for _ in range(_MAX_CSS_PASSES):
        changed = False
        for name in css_names:
            new = _hashed(name, _rewrite_css(name, contents[name], mapping))
            if new != mapping[name]:
                mapping[name] = new
                changed = True
        if not changed:
            break
    return dict(sorted(mapping.items()))


def _hashed(name: str, data: bytes) -> str:
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest()[:HASH_LENGTH]
    stem, ext = posixpath.splitext(name)
    return f"{stem}.{digest}{ext}"


def _is_css(name: str) -> bool:
    return name.lower().endswith(".css")


def _rewrite_css(name: str, data: bytes, mapping: dict[str, str]) -> bytes:
    """``data`` with relative (or ``STATIC_URL``-absolute) references pointing at hashed names."""
    text = data.decode("utf-8", errors="surrogateescape")
    base_dir = posixpath.dirname(name)
    static_url = settings.STATIC_URL or "/static/"

    def replace(match: re.Match[str]) -> str:
        whole = match.group(0)
        ref = match.group("ref1") or match.group("ref2")
        if ref.startswith(("data:", "#", "//")) or "://" in ref:
            return whole
        path, suffix = ref, ""
        for marker in ("?", "#"):
            if marker in path:
                path, rest = path.split(marker, 1)
                suffix = marker + rest
                break
        if path.startswith("/"):
            if not path.startswith(static_url):
                return whole
            target = path[len(static_url) :]
        else:
            target = posixpath.normpath(posixpath.join(base_dir, path))
        hashed_target = mapping.get(target)
        if hashed_target is None:
            return whole
        new_ref = path[: len(path) - len(posixpath.basename(path))]
        new_ref += posixpath.basename(hashed_target) + suffix
        return whole.replace(ref, new_ref, 1)

    return _CSS_REFERENCE.sub(replace, text).encode("utf-8", errors="surrogateescape")


def _write(root: str, name: str, data: bytes) -> None:
    target = os.path.join(root, *name.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as fh:
        fh.write(data)


def _write_manifest(root: str, paths: dict[str, str]) -> str:
    digest = hashlib.md5(
        json.dumps(paths, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()[:HASH_LENGTH]
    manifest = {"paths": paths, "version": storage.MANIFEST_VERSION, "hash": digest}
    path = os.path.join(root, storage.MANIFEST_NAME)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)
    return path


def _compress(root: str, name: str) -> list[str]:
    """Write ``name.gz`` (and ``name.br``) when compression saves at least 5%."""
    if posixpath.splitext(name)[1].lower() not in COMPRESSIBLE_EXTENSIONS:
        return []
    path = os.path.join(root, *name.split("/"))
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) < COMPRESS_MIN_SIZE:
        return []
    written = []
    for suffix, compressor in _compressors():
        packed = compressor(data)
        if len(packed) < len(data) * 0.95:
            with open(path + suffix, "wb") as fh:
                fh.write(packed)
            shutil.copystat(path, path + suffix)
            written.append(name + suffix)
    return written


def _compressors() -> list[tuple[str, Callable[[bytes], bytes]]]:
    found: list[tuple[str, Callable[[bytes], bytes]]] = [
        (".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0))
    ]
    try:
        import brotli  # type: ignore[import-not-found]
    except ImportError:
        return found
    found.append((".br", brotli.compress))
    return found

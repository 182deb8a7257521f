"""Static file storages, with Django's names and rules.

* ``StaticFilesStorage``: ``STATIC_ROOT`` served under ``STATIC_URL`` (the default).
* ``ManifestStaticFilesStorage``: ``collectstatic`` also writes a content-hashed
  copy of each file (``css/site.3f2a9c1b7d4e.css``), rewrites the references
  in CSS (``url()``, ``@import``, source maps) and JavaScript (source maps, and
  ES module imports with ``support_js_module_import_aggregation``) to the
  hashed names, and records ``{name: hashed name}`` in ``staticfiles.json``;
  ``url()`` then answers hashed names (plain ones in DEBUG). A name missing
  from the manifest raises ``ValueError``.
* ``CompressedManifestStaticFilesStorage`` (scallion's): the same, plus a
  ``.gz`` (and ``.br`` with the ``brotli`` package) twin of each compressible
  file, which ``StaticFilesMiddleware`` serves to clients that accept it.

``staticfiles_storage`` stands for ``storages["staticfiles"]``, built afresh
when ``STORAGES``, ``STATIC_ROOT`` or ``STATIC_URL`` changes.
"""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from hashlib import md5
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit, urlunsplit

from scallion.conf import STATICFILES_STORAGE_ALIAS, settings
from scallion.contrib.staticfiles.utils import check_settings, matches_patterns
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.files.base import ContentFile
from scallion.core.files.storage import FileSystemStorage, storages
from scallion.core.signals import setting_changed
from scallion.utils.functional import LazyObject, empty

MANIFEST_NAME = "staticfiles.json"
MANIFEST_VERSION = "1.1"
#: Hex digits of the content hash in a hashed name.
HASH_LENGTH = 12
#: Matches a name collectstatic hashed (for far-future caching without a manifest).
HASHED_NAME_RE = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}(\.[^/.]+)?$")

# What a reference found inside these is not: it is text, not a link.
_BLOCK_COMMENT = r"/\*.*?\*/"
_ESCAPE = r"\\."
_SINGLE_QUOTED = r"'(?:[^'\\\n]|\\.)*'"
_DOUBLE_QUOTED = r'"(?:[^"\\\n]|\\.)*"'
_LINE_COMMENT = r"//[^\n]*"
_TEMPLATE_LITERAL = r"`(?:[^`\\]|\\.)*`"
_css_ignored_re = re.compile(
    "|".join((_BLOCK_COMMENT, _ESCAPE, _SINGLE_QUOTED, _DOUBLE_QUOTED)), re.DOTALL
)
_js_ignored_re = re.compile(
    "|".join(
        (_BLOCK_COMMENT, _LINE_COMMENT, _ESCAPE, _SINGLE_QUOTED, _DOUBLE_QUOTED, _TEMPLATE_LITERAL)
    ),
    re.DOTALL,
)


class StaticFilesStorage(FileSystemStorage):
    """``STATIC_ROOT`` (``location``) served under ``STATIC_URL`` (``base_url``)."""

    def __init__(
        self, location: Any = None, base_url: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        if location is None:
            location = settings.STATIC_ROOT
        if base_url is None:
            base_url = settings.STATIC_URL
        check_settings(base_url)
        super().__init__(location, base_url, *args, **kwargs)
        # FileSystemStorage falls back to MEDIA_ROOT for an empty location: keep it empty.
        if not location:
            self.base_location = None
            self.location = None

    def path(self, name: str) -> str:
        if not self.location:
            raise ImproperlyConfigured(
                "You're using the staticfiles app without having set the STATIC_ROOT setting "
                "to a filesystem path."
            )
        return super().path(name)


_Rule = tuple["re.Pattern[str]", str, "re.Pattern[str]"]


class HashedFilesMixin:
    """Save a content-hashed copy of each file and point references at the hashed names.

    ``patterns`` is ``((glob, (rule, ...)), ...)``; a rule is a regular expression
    with ``matched`` and ``url`` groups, or ``(expression, template)``, or
    ``(expression, template, ignored)`` where ``ignored`` finds the comments and
    strings in which a match is left alone.
    """

    default_template = 'url("%(url)s")'
    max_post_process_passes = 5
    support_js_module_import_aggregation = False
    keep_intermediate_files = True
    _js_module_import_aggregation_patterns: tuple[str, tuple[Any, ...]] = (
        "*.js",
        (
            (
                r"""(?P<matched>import(?P<import>[\s\{][^;]*?|\*\s*as\s*\w+)"""
                r"""\s*from\s*['"](?P<url>[./].*?)["'])""",
                'import%(import)s from "%(url)s"',
                _js_ignored_re,
            ),
            (
                r"""(?P<matched>export(?P<exports>[\s\{][^;]*?)\s*from\s*["'](?P<url>[./].*?)["'])""",
                'export%(exports)s from "%(url)s"',
                _js_ignored_re,
            ),
            (
                r"""(?P<matched>import\s*['"](?P<url>[./].*?)["'])""",
                'import"%(url)s"',
                _js_ignored_re,
            ),
            (
                r"""(?P<matched>import\(["'](?P<url>[./].*?)["']\))""",
                'import("%(url)s")',
                _js_ignored_re,
            ),
        ),
    )
    patterns: tuple[tuple[str, tuple[Any, ...]], ...] = (
        (
            "*.css",
            (
                r"""(?P<matched>url\((?P<quote>['"]{0,1})\s*(?P<url>.*?)(?P=quote)\))""",
                (r"""(?P<matched>@import\s*["']\s*(?P<url>.*?)["'])""", '@import url("%(url)s")'),
                (
                    r"(?m)^(?P<matched>/\*#[ \t](?-i:sourceMappingURL)=(?P<url>.*)[ \t]*\*/)$",
                    "/*# sourceMappingURL=%(url)s */",
                ),
            ),
        ),
        (
            "*.js",
            (
                (
                    r"(?m)^(?P<matched>//# (?-i:sourceMappingURL)=(?P<url>.*))$",
                    "//# sourceMappingURL=%(url)s",
                    _js_ignored_re,
                ),
            ),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.support_js_module_import_aggregation:
            self.patterns += (self._js_module_import_aggregation_patterns,)
        super().__init__(*args, **kwargs)
        self._patterns: dict[str, list[_Rule]] = {}
        self.hashed_files: dict[str, str] = {}
        for extension, rules in self.patterns:
            for rule in rules:
                self._patterns.setdefault(extension, []).append(self._compile_rule(rule))

    def _compile_rule(self, rule: Any) -> _Rule:
        template, ignored = self.default_template, _css_ignored_re
        if isinstance(rule, tuple | list):
            if len(rule) == 3:
                rule, template, ignored = rule
            else:
                rule, template = rule
        return re.compile(rule, re.IGNORECASE), template, ignored

    # The storage methods a subclass of FileSystemStorage supplies.
    exists: Callable[[str], bool]
    open: Callable[..., Any]
    delete: Callable[[str], None]
    _save: Callable[[str, Any], str]

    def file_hash(self, name: str, content: Any = None) -> str | None:
        """The first 12 hex digits of the MD5 of ``content`` (None without content)."""
        if content is None:
            return None
        hasher = md5(usedforsecurity=False)
        for chunk in content.chunks():
            hasher.update(chunk)
        return hasher.hexdigest()[:HASH_LENGTH]

    def hashed_name(self, name: str, content: Any = None, filename: str | None = None) -> str:
        """``name`` with the hash of its content before the extension (query kept).

        Without ``content`` the stored file ``filename`` (default ``name``) is hashed;
        a name that does not exist raises ``ValueError``.
        """
        parsed = urlsplit(unquote(name))
        clean_name = parsed.path.strip()
        filename = (filename and urlsplit(unquote(filename)).path.strip()) or clean_name
        opened = content is None
        if opened:
            if not self.exists(filename):
                raise ValueError(f"The file '{filename}' could not be found with {self!r}.")
            try:
                content = self.open(filename)
            except OSError:
                return name  # a folder, or a name with a fragment only
        try:
            file_hash = self.file_hash(clean_name, content)
        finally:
            if opened:
                content.close()
        folder, base = os.path.split(clean_name)
        root, ext = os.path.splitext(base)
        suffix = f".{file_hash}" if file_hash else ""
        parts = list(parsed)
        parts[2] = os.path.join(folder, f"{root}{suffix}{ext}")
        # The @font-face hack "font.eot?#iefix" keeps its "?".
        if "?#" in name and not parts[3]:
            parts[2] += "?"
        return urlunsplit(parts)

    def _url(
        self,
        hashed_name_func: Callable[..., str],
        name: str,
        force: bool = False,
        hashed_files: dict[str, str] | None = None,
    ) -> str:
        """The URL of ``name``: hashed, unless DEBUG and not ``force``."""
        if settings.DEBUG and not force:
            hashed, fragment = name, ""
        else:
            clean_name, fragment = urldefrag(name)
            if urlsplit(clean_name).path.endswith("/"):  # a folder: nothing to hash
                hashed = name
            else:
                args: tuple[Any, ...] = (clean_name,)
                if hashed_files is not None:
                    args += (hashed_files,)
                hashed = hashed_name_func(*args)
        final_url: str = super().url(hashed)  # type: ignore[misc]  # the storage's url()
        query_fragment = "?#" in name  # the @font-face hack
        if fragment or query_fragment:
            parts = list(urlsplit(final_url))
            if fragment and not parts[4]:
                parts[4] = fragment
            if query_fragment and not parts[3]:
                parts[2] += "?"
            final_url = urlunsplit(parts)
        return unquote(final_url)

    def url(self, name: str | None, force: bool = False) -> str:
        """The URL of ``name`` (its hashed name outside DEBUG)."""
        return self._url(self.stored_name, name or "", force)

    def get_ignored_blocks(self, content: str, pattern: Any) -> list[tuple[int, int]]:
        """``(start, end)`` of each comment and string ``pattern`` finds in ``content``."""
        return [(match.start(), match.end()) for match in re.finditer(pattern, content)]

    def is_in_ignored_block(self, pos: int, ignored_blocks: list[tuple[int, int]]) -> bool:
        for start, end in ignored_blocks:
            if start < pos < end:
                return True
            if pos < start:
                return False
        return False

    def url_converter(
        self,
        name: str,
        hashed_files: dict[str, str],
        template: str | None = None,
        ignored_blocks: list[tuple[int, int]] | None = None,
    ) -> Callable[[re.Match[str]], str]:
        """The ``re.sub`` callback that points one reference in ``name`` at its hashed name."""
        template = template or self.default_template

        def converter(match: re.Match[str]) -> str:
            groups = match.groupdict()
            matched, url = groups["matched"], groups["url"]
            if ignored_blocks and self.is_in_ignored_block(match.start(), ignored_blocks):
                return matched
            # Absolute, scheme-relative and data: URLs are left alone, and so are
            # absolute paths outside STATIC_URL.
            if re.match(r"^[a-z]+:", url) or url.startswith("//"):
                return matched
            if url.startswith("/") and not url.startswith(settings.STATIC_URL):
                return matched
            url_path, fragment = urldefrag(url)
            if not url_path:
                return matched
            if url_path.startswith("/"):
                target = url_path.removeprefix(settings.STATIC_URL)
            else:
                source = name.replace(os.sep, "/")
                target = posixpath.join(posixpath.dirname(source), url_path)
            try:
                hashed_url = self._url(
                    self._stored_name, unquote(target), force=True, hashed_files=hashed_files
                )
            except ValueError as exc:
                exc.add_note(
                    f"{name!r} contains this reference {matched!r} on line "
                    f"{_line_at(match.string, match.start())}"
                )
                raise
            transformed = "/".join(url_path.split("/")[:-1] + hashed_url.split("/")[-1:])
            if fragment:
                transformed += ("?#" if "?#" in url else "#") + fragment
            groups["url"] = unquote(transformed)
            return template % groups

        return converter

    def post_process(
        self, paths: dict[str, tuple[Any, str]], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str | None, Any]]:
        """Hash every collected file, then rewrite the references of the ones that have any.

        Yields ``(name, hashed name, processed)``, or ``(name, None, exception)``.
        References are rewritten in up to ``max_post_process_passes`` passes (a CSS
        file's hash changes when a file it references changes).
        """
        if dry_run:
            return
        hashed_files: dict[str, str] = {}
        adjustable = [path for path in paths if matches_patterns(path, self._patterns)]
        results: dict[str, tuple[str, str | None, Any]] = {}
        # A first pass over every file: the plain ones are done.
        for name, hashed, processed, _ in self._post_process(paths, adjustable, hashed_files):
            if name not in adjustable or isinstance(processed, Exception):
                yield name, hashed, processed
            else:
                results[name] = (name, hashed, processed)
        adjustable_paths = {path: paths[path] for path in adjustable}
        unresolved: list[str] = []
        for _ in range(self.max_post_process_passes):
            unresolved = []
            for name, hashed, processed, substituted in self._post_process(
                adjustable_paths, adjustable, hashed_files
            ):
                results[name] = (name, hashed, processed)
                if substituted:
                    unresolved.append(name)
            if not unresolved:
                break
        if unresolved:
            problems = ", ".join(sorted(unresolved))
            yield problems, None, RuntimeError("Max post-process passes exceeded.")
        self.hashed_files.update(hashed_files)
        yield from results.values()

    def _post_process(
        self,
        paths: dict[str, tuple[Any, str]],
        adjustable_paths: list[str],
        hashed_files: dict[str, str],
    ) -> Iterator[tuple[str, str | None, Any, bool]]:
        # Deepest folders first.
        for name in sorted(paths, key=lambda path: len(path.split(os.sep)), reverse=True):
            substitutions = True
            # Read the source file, not the collected copy (which may be far away).
            storage, path = paths[name]
            with storage.open(path) as original:
                hash_key = self.hash_key(self.clean_name(name))
                if hash_key not in hashed_files:
                    hashed_name = self.hashed_name(name, original)
                else:
                    hashed_name = hashed_files[hash_key]
                if hasattr(original, "seek"):
                    original.seek(0)
                hashed_file_exists = self.exists(hashed_name)
                processed: Any = False
                if name in adjustable_paths:
                    old_hashed_name = hashed_name
                    try:
                        content = original.read().decode("utf-8")
                    except UnicodeDecodeError as exc:
                        yield name, None, exc, False
                        continue
                    try:
                        content = self._rewrite(name, path, content, hashed_files)
                    except ValueError as exc:
                        yield name, None, exc, False
                        continue
                    if hashed_file_exists:
                        self.delete(hashed_name)
                    content_file = ContentFile(content.encode())
                    if self.keep_intermediate_files:
                        self._save(hashed_name, content_file)
                    hashed_name = self.hashed_name(name, content_file)
                    if self.exists(hashed_name):
                        self.delete(hashed_name)
                    hashed_name = self.clean_name(self._save(hashed_name, content_file))
                    substitutions = old_hashed_name != hashed_name
                    processed = True
                if not processed and not hashed_file_exists:
                    processed = True
                    hashed_name = self.clean_name(self._save(hashed_name, original))
                hashed_files[hash_key] = hashed_name
                yield name, hashed_name, processed, substitutions

    def _rewrite(self, name: str, path: str, content: str, hashed_files: dict[str, str]) -> str:
        """``content`` with every reference the patterns find pointed at hashed names."""
        for extension, rules in self._patterns.items():
            if not matches_patterns(path, (extension,)):
                continue
            if not any(pattern.search(content) for pattern, _, _ in rules):
                continue
            for pattern, template, ignored in rules:
                converter = self.url_converter(
                    name, hashed_files, template, self.get_ignored_blocks(content, ignored)
                )
                content = pattern.sub(converter, content)
        return content

    def clean_name(self, name: str) -> str:
        return name.replace("\\", "/")

    def hash_key(self, name: str) -> str:
        return name

    def _stored_name(self, name: str, hashed_files: dict[str, str]) -> str:
        # ../a/b.css and ../a/../a/b.css are one file.
        name = posixpath.normpath(name)
        cache_name = hashed_files.get(self.hash_key(self.clean_name(name)))
        if cache_name is None:
            cache_name = self.clean_name(self.hashed_name(name))
        return cache_name

    def stored_name(self, name: str) -> str:
        """The hashed name of ``name``, found in the files when not known yet."""
        hash_key = self.hash_key(self.clean_name(name))
        cache_name = self.hashed_files.get(hash_key)
        if cache_name:
            return cache_name
        intermediate = name
        for _ in range(self.max_post_process_passes + 1):
            cache_name = self.clean_name(
                self.hashed_name(name, content=None, filename=intermediate)
            )
            if intermediate == cache_name:
                self.hashed_files[hash_key] = cache_name
                return cache_name
            intermediate = cache_name
        # Corrupt intermediate files would loop forever.
        raise ValueError(f"The name '{name}' could not be hashed with {self!r}.")


class ManifestFilesMixin(HashedFilesMixin):
    """``HashedFilesMixin`` that records the hashed names in ``staticfiles.json``."""

    manifest_version = MANIFEST_VERSION
    manifest_name = MANIFEST_NAME
    manifest_strict = True
    keep_intermediate_files = False

    def __init__(self, *args: Any, manifest_storage: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manifest_storage = self if manifest_storage is None else manifest_storage
        self.hashed_files, self.manifest_hash = self.load_manifest()

    def read_manifest(self) -> str | None:
        try:
            with self.manifest_storage.open(self.manifest_name) as manifest:
                text: str = manifest.read().decode()
                return text
        except FileNotFoundError:
            return None

    def load_manifest(self) -> tuple[dict[str, str], str]:
        """``(paths, hash)`` of the manifest (empty when there is none)."""
        content = self.read_manifest()
        if content is None:
            return {}, ""
        try:
            stored = json.loads(content)
        except json.JSONDecodeError:
            pass
        else:
            if isinstance(stored, dict) and stored.get("version") in ("1.0", "1.1"):
                return stored.get("paths", {}), stored.get("hash", "")
        raise ValueError(
            f"Couldn't load manifest '{self.manifest_name}' (version {self.manifest_version})"
        )

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[tuple[str, str | None, Any]]:
        self.hashed_files = {}
        yield from super().post_process(*args, **kwargs)
        if not kwargs.get("dry_run"):
            self.save_manifest()

    def save_manifest(self) -> None:
        ordered = sorted(self.hashed_files.items())
        self.manifest_hash = self.file_hash("", ContentFile(json.dumps(ordered).encode())) or ""
        payload = {
            "paths": dict(ordered),
            "version": self.manifest_version,
            "hash": self.manifest_hash,
        }
        if self.manifest_storage.exists(self.manifest_name):
            self.manifest_storage.delete(self.manifest_name)
        self.manifest_storage._save(self.manifest_name, ContentFile(json.dumps(payload).encode()))

    def stored_name(self, name: str) -> str:
        parsed = urlsplit(unquote(name))
        clean_name = parsed.path.strip()
        cache_name = self.hashed_files.get(self.hash_key(clean_name))
        if cache_name is None:
            if self.manifest_strict:
                raise ValueError(f"Missing staticfiles manifest entry for '{clean_name}'")
            cache_name = self.clean_name(self.hashed_name(name))
        parts = list(parsed)
        parts[2] = cache_name
        if "?#" in name and not parts[3]:  # the @font-face hack
            parts[2] += "?"
        return urlunsplit(parts)


class ManifestStaticFilesStorage(ManifestFilesMixin, StaticFilesStorage):
    """``StaticFilesStorage`` with hashed copies and a manifest."""


#: Extensions worth a compressed twin.
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


def compressors() -> list[tuple[str, Callable[[bytes], bytes]]]:
    """``(suffix, compress)`` pairs: gzip always, brotli when installed."""
    found: list[tuple[str, Callable[[bytes], bytes]]] = [
        (".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0))
    ]
    try:
        import brotli  # type: ignore[import-not-found]
    except ImportError:
        return found
    found.append((".br", brotli.compress))
    return found


class CompressedFilesMixin:
    """After the other post-processing, write ``name.gz`` (and ``name.br``) twins.

    A twin is written next to each compressible file of ``COMPRESS_MIN_SIZE``
    bytes or more, hashed copies included, when it saves at least 5%.
    ``StaticFilesMiddleware`` serves the best one a client accepts.
    """

    exists: Callable[[str], bool]
    open: Callable[..., Any]
    delete: Callable[[str], None]
    _save: Callable[[str, Any], str]

    def post_process(
        self, paths: dict[str, tuple[Any, str]], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str | None, Any]]:
        written: list[str] = []
        parent = getattr(super(), "post_process", None)
        if parent is not None:
            for name, hashed_name, processed in parent(paths, dry_run=dry_run, **options):
                if hashed_name and not isinstance(processed, Exception):
                    written.append(hashed_name)
                yield name, hashed_name, processed
        if dry_run:
            return
        for name in [*paths, *written]:
            for twin in self.compress(name):
                yield twin, twin, True

    def compress(self, name: str) -> list[str]:
        """Write the compressed twins of ``name`` that save space; return their names."""
        if posixpath.splitext(name)[1].lower() not in COMPRESSIBLE_EXTENSIONS:
            return []
        with self.open(name) as source:
            data: bytes = source.read()
        if len(data) < COMPRESS_MIN_SIZE:
            return []
        twins = []
        for suffix, compress in compressors():
            packed = compress(data)
            if len(packed) < len(data) * 0.95:
                if self.exists(name + suffix):
                    self.delete(name + suffix)
                twins.append(self._save(name + suffix, ContentFile(packed)))
        return twins


class CompressedManifestStaticFilesStorage(CompressedFilesMixin, ManifestStaticFilesStorage):
    """``ManifestStaticFilesStorage`` that also writes ``.gz``/``.br`` twins."""


class ConfiguredStorage(LazyObject):
    """Stands for ``storages["staticfiles"]``."""

    def _setup(self) -> None:
        self._wrapped = storages[STATICFILES_STORAGE_ALIAS]


staticfiles_storage = ConfiguredStorage()


def _line_at(content: str, position: int) -> str:
    """``"\\n<line number>: <line>"`` (just the number when the line is long)."""
    start = content.rfind("\n", 0, position) + 1
    end = content.find("\n", position)
    end = end if end != -1 else len(content)
    number = content.count("\n", 0, start) + 1
    message = f"\n{number}: {content[start:end]}"
    return message if len(message) <= 79 else f"\n{number}"


def static(path: str) -> str:
    """The URL of static file ``path``: ``staticfiles_storage.url(path)``."""
    url: str = staticfiles_storage.url(path)
    return url


def load_manifest(static_root: str | os.PathLike[str]) -> dict[str, str] | None:
    """The ``{name: hashed name}`` map of ``static_root``'s manifest, or None if absent."""
    manifest_path = os.path.join(static_root, MANIFEST_NAME)
    try:
        with open(manifest_path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise ImproperlyConfigured(
            f"The static files manifest {manifest_path} cannot be read ({err}). "
            "Run `scallion collectstatic` again."
        ) from err
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        raise ImproperlyConfigured(
            f"The static files manifest {manifest_path} has no 'paths' map. "
            "Run `scallion collectstatic` again."
        )
    return {str(k): str(v) for k, v in data["paths"].items()}


_WATCHED = frozenset({"STORAGES", "STATIC_ROOT", "STATIC_URL"})


def _storage_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _WATCHED:
        staticfiles_storage._wrapped = empty


setting_changed.connect(_storage_setting_changed, dispatch_uid="scallion.staticfiles.storage")

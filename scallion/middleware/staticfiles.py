"""``StaticFilesMiddleware``: serve ``STATIC_ROOT`` in production, WhiteNoise-style.

The files under ``STATIC_ROOT`` are indexed once, when the middleware chain is
built: a request is one dict look-up on ``path_info``, and only indexed files
can ever be served, so traversal attempts (``..``, encoded slashes,
backslashes, NUL bytes, absolute paths, symlinks out of the root) match
nothing; they are answered 404 outright rather than passed to the views.
Files added to ``STATIC_ROOT`` after start-up are not served until a restart.

Responses carry Content-Type, Content-Length, ETag and Last-Modified, honour
conditional requests and ``Range``, use far-future ``immutable`` caching for
content-hashed names (written by ``collect``), and pick a pre-compressed
``.br``/``.gz`` twin according to ``Accept-Encoding`` (with ``Vary``).
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from scallion.conf import settings
from scallion.contrib.staticfiles.collect import HASHED_NAME_RE
from scallion.contrib.staticfiles.storage import load_manifest
from scallion.contrib.staticfiles.utils import DEFAULT_IGNORE_PATTERNS, walk_files
from scallion.core.exceptions import MiddlewareNotUsed
from scallion.core.signals import setting_changed
from scallion.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
)
from scallion.utils.cache import get_conditional_response
from scallion.utils.http import http_date
from scallion.views.static import raw_uri_is_hostile

#: Cache-Control for content-hashed names: they never change, so cache for a year.
IMMUTABLE_CACHE_CONTROL = "max-age=31536000, public, immutable"
#: Compressed twins, best first, with their Content-Encoding.
VARIANTS = ((".br", "br"), (".gz", "gzip"))
_TEXT_TYPES = frozenset(
    {
        "application/javascript",
        "text/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
        "application/manifest+json",
    }
)
_WATCHED = frozenset({"STATIC_ROOT", "STATIC_URL", "STATICFILES_MAX_AGE", "DEBUG"})


class StaticFile:
    """One servable file, with every header computed at start-up."""

    __slots__ = ("content_type", "etag", "headers", "last_modified", "path", "size", "variants")

    def __init__(self, path: str, content_type: str, cache_control: str) -> None:
        stat = os.stat(path)
        self.path = path
        self.size = stat.st_size
        self.last_modified = int(stat.st_mtime)
        self.etag = f'"{self.last_modified:x}-{self.size:x}"'
        self.content_type = content_type
        self.headers = {
            "Last-Modified": http_date(self.last_modified),
            "ETag": self.etag,
            "Cache-Control": cache_control,
        }
        self.variants: list[tuple[str, StaticFile]] = []


class StaticFilesMiddleware:
    """Answer requests for files under ``STATIC_URL`` from ``STATIC_ROOT``."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self._is_async = iscoroutinefunction(get_response)
        if self._is_async:
            markcoroutinefunction(self)
        self._stale = False
        self.load()
        setting_changed.connect(self._on_setting_changed)

    def load(self) -> None:
        """Index ``STATIC_ROOT`` (called once, and again if a static setting changes)."""
        root, static_url = settings.STATIC_ROOT, settings.STATIC_URL
        if not root or not static_url or urlsplit(static_url).netloc:
            raise MiddlewareNotUsed(
                "StaticFilesMiddleware serves STATIC_ROOT under a local STATIC_URL; "
                "set both (and run collectstatic) to use it."
            )
        prefix = urlsplit(static_url).path
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        max_age = getattr(settings, "STATICFILES_MAX_AGE", 60)
        self.files = build_index(os.fspath(root), self.prefix, 0 if settings.DEBUG else max_age)

    def _on_setting_changed(self, *, setting: str, **kwargs: Any) -> None:
        # Only flag it: re-indexing here would make override_settings fail for
        # every chain still alive, and a test may change several settings at once.
        if setting in _WATCHED:
            self._stale = True

    def _reload(self) -> None:
        self._stale = False
        try:
            self.load()
        except MiddlewareNotUsed:
            self.prefix, self.files = "\x00", {}  # a prefix no path starts with

    def __call__(self, request: HttpRequest) -> Any:
        if self._is_async:
            return self.__acall__(request)
        if self._stale:
            self._reload()
        # PERF: static - non-static requests cost one str.startswith.
        if request.path_info.startswith(self.prefix):
            response = self.serve(request)
            if response is not None:
                return response
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> Any:
        if self._stale:
            self._reload()
        if request.path_info.startswith(self.prefix):
            response = self.serve(request)
            if response is not None:
                return response
        get_response: Callable[[HttpRequest], Awaitable[Any]] = self.get_response
        return await get_response(request)

    def serve(self, request: HttpRequest) -> HttpResponseBase | None:
        """The response for a static path, or None to let the application answer."""
        path = request.path_info
        static_file = self.files.get(path)
        if static_file is None:
            return HttpResponseNotFound() if is_hostile(path, request) else None
        if is_hostile(path, request):
            return HttpResponseNotFound()
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return respond(request, static_file)


def respond(request: HttpRequest, static_file: StaticFile) -> HttpResponseBase:
    """Serve ``static_file`` or its best compressed twin, honouring preconditions and Range."""
    meta = request.META
    chosen, encoding = static_file, None
    if static_file.variants and "HTTP_RANGE" not in meta:
        accepted = parse_accept_encoding(meta.get("HTTP_ACCEPT_ENCODING", ""))
        for coding, variant in static_file.variants:
            if accepted.get(coding, accepted.get("*", 0.0)) > 0:
                chosen, encoding = variant, coding
                break

    conditional = get_conditional_response(
        request, etag=chosen.etag, last_modified=chosen.last_modified
    )
    response: HttpResponseBase
    if conditional is not None:
        response = conditional
    elif request.method == "HEAD":
        response = HttpResponse(content_type=static_file.content_type)
        response.headers["Content-Length"] = chosen.size
    else:
        response = FileResponse(
            open(chosen.path, "rb"),  # noqa: SIM115 - closed by the response
            content_type=static_file.content_type,
        )
    for name, value in chosen.headers.items():
        response.headers[name] = value
    if static_file.variants:
        response.headers["Vary"] = "Accept-Encoding"
    if encoding is not None:
        response.headers["Content-Encoding"] = encoding
    if isinstance(response, FileResponse):
        response.apply_range(request)
    return response


def is_hostile(path: str, request: HttpRequest) -> bool:
    """True for paths that try to leave the root, in decoded or raw (still-encoded) form."""
    if "\\" in path or "\x00" in path or "//" in path:
        return True
    if "/../" in path or "/./" in path or path.endswith(("/..", "/.")):
        return True
    return raw_uri_is_hostile(request)


def parse_accept_encoding(header: str) -> dict[str, float]:
    """``{coding: q}`` from an Accept-Encoding header; malformed q-values count as 0."""
    accepted: dict[str, float] = {}
    for item in header.split(",", 32)[:32]:  # entries past the 32nd are never split out
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        q = 1.0
        params = params.strip().lower()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
            if not 0.0 <= q <= 1.0:
                q = 0.0
        accepted[coding] = q
    return accepted


def content_type_for(name: str) -> str:
    content_type, encoding = mimetypes.guess_type(name)
    if encoding == "gzip":
        return "application/gzip"
    if encoding == "br":
        return "application/x-brotli"
    if encoding is not None:
        return "application/octet-stream"
    if content_type is None:
        return "application/octet-stream"
    if content_type.startswith("text/") or content_type in _TEXT_TYPES:
        return f"{content_type}; charset=utf-8"
    return content_type


def build_index(root: str, prefix: str, max_age: int) -> dict[str, StaticFile]:
    """``{url path: StaticFile}`` for every file under ``root``.

    Links out of it are skipped, and so is what ``collect`` never copies
    (``.env``, ``.git/``, ``CVS``, ``backup~``): a secret that lands in
    ``STATIC_ROOT`` by another way is still not served.
    """
    if not os.path.isdir(root):
        return {}
    manifest = load_manifest(root) or {}
    hashed_names = set(manifest.values())
    plain_cache = f"max-age={max_age}, public" if max_age else "no-cache"
    files: dict[str, StaticFile] = {}
    for relative, absolute in walk_files(root, DEFAULT_IGNORE_PATTERNS):
        immutable = relative in hashed_names or (
            not manifest and HASHED_NAME_RE.search(relative) is not None
        )
        files[prefix + relative] = StaticFile(
            absolute,
            content_type_for(relative),
            IMMUTABLE_CACHE_CONTROL if immutable else plain_cache,
        )
    for url, static_file in files.items():
        for suffix, coding in VARIANTS:
            variant = files.get(url + suffix)
            if variant is not None:
                variant.headers["Cache-Control"] = static_file.headers["Cache-Control"]
                static_file.variants.append((coding, variant))
    return files

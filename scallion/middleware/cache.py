"""The page cache: whole responses stored and served by URL (Django's cache middleware).

Two layers around the rest of the onion::

    MIDDLEWARE = [
        "scallion.middleware.cache.UpdateCacheMiddleware",  # first: stores on the way out
        ...
        "scallion.middleware.cache.FetchFromCacheMiddleware",  # last: answers on the way in
    ]

``FetchFromCacheMiddleware`` answers a GET or HEAD whose page is cached in its
``process_request``, before URL resolution and the view; ``UpdateCacheMiddleware``
stores a cacheable response after every other layer has changed it.
``CacheMiddleware`` is both in one layer, and what ``cache_page`` wraps a view in.

What is stored follows Django's rules: only GET and HEAD, only 200 (a 304 gets
the caching headers but is not stored), never a streaming response, never one
that sets a cookie while varying on ``Cookie``, none marked ``private``,
``no-cache`` or ``no-store``, none with ``Vary: *``; ``Cache-Control: max-age``
(or ``CACHE_MIDDLEWARE_SECONDS``, or ``cache_page``'s timeout, which wins) says
for how long, and the headers named by ``Vary`` key the entry. A HEAD is served
from the GET's entry. A request with ``Authorization`` varies on it unless the
response is ``public``.

When the store fails (Redis down, or slower than its socket timeout), the
request is answered by the view as if nothing were cached: the error is logged
on ``scallion.cache`` and the store is left alone for
``CACHE_MIDDLEWARE_ERROR_INTERVAL`` seconds, so a dead server costs one timeout
per interval, not one per request. ``CACHE_MIDDLEWARE_IGNORE_ERRORS = False``
lets the error through instead, as Django does.

Under ASGI both layers run on the event loop and use the cache's async methods
(which, for the local-memory cache, do not leave the loop).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from scallion.conf import settings
from scallion.core.cache import DEFAULT_CACHE_ALIAS, caches, outages
from scallion.core.cache.backends.base import BaseCache
from scallion.http import HttpRequest, HttpResponseBase
from scallion.utils.cache import (
    _header_key,
    _i18n_suffix,
    _page_key,
    _url_digest,
    get_max_age,
    has_vary_header,
    headers_to_vary_on,
    patch_response_headers,
    patch_vary_headers,
    split_directive_names,
)
from scallion.utils.deprecation import MiddlewareMixin
from scallion.utils.http import parse_http_date_safe

# Cache-Control and Expires values of cached pages, parsed: every hit on a page
# reads the same ones. Bounded; emptied when full. PERF: cached.
_EXPIRES: dict[str, int | None] = {}
_EXPIRES_MAX = 1024


_MAX_AGES: dict[str, int | None] = {}


def _max_age(response: HttpResponseBase) -> int | None:
    """``get_max_age(response)``, remembered per Cache-Control value (bounded)."""
    value = response.get("Cache-Control")
    if value is None:
        return None
    try:
        return _MAX_AGES[value]
    except KeyError:
        max_age = _MAX_AGES[value] = get_max_age(response)
        if len(_MAX_AGES) > _EXPIRES_MAX:
            _MAX_AGES.clear()
        return max_age


def _expires_timestamp(value: str) -> int | None:
    try:
        return _EXPIRES[value]
    except KeyError:
        timestamp = parse_http_date_safe(value)
        if len(_EXPIRES) >= _EXPIRES_MAX:
            _EXPIRES.clear()
        _EXPIRES[value] = timestamp
        return timestamp


class _PageCacheLayer(MiddlewareMixin):
    """What both halves share: the alias, the prefix, and the behaviour on store errors."""

    key_prefix: str
    cache_alias: str

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        super().__init__(get_response)
        self.key_prefix = settings.CACHE_MIDDLEWARE_KEY_PREFIX
        self.cache_alias = settings.CACHE_MIDDLEWARE_ALIAS

    @property
    def cache(self) -> BaseCache:
        return caches[self.cache_alias]

    def _store_failed(self, cache: BaseCache, exc: BaseException) -> bool:
        """Whether ``exc`` is swallowed (the request goes on without the cache)."""
        return outages.swallow(self.cache_alias, cache, exc)


class UpdateCacheMiddleware(_PageCacheLayer):
    """Stores cacheable responses on the way out; goes first in ``MIDDLEWARE``."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        super().__init__(get_response)
        self.cache_timeout: int = settings.CACHE_MIDDLEWARE_SECONDS
        self.page_timeout: int | None = None

    def _should_update_cache(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return bool(getattr(request, "_cache_update_cache", False))

    def _timeout_to_store(self, request: HttpRequest, response: HttpResponseBase) -> int | None:
        """Patch the caching headers; the seconds to store ``response`` for, or None not to."""
        if not self._should_update_cache(request, response):
            return None
        if response.streaming or response.status_code not in (200, 304):
            return None
        # A user-specific (maybe secret) cookie on a page that varies by cookie.
        if response.cookies and has_vary_header(response, "Cookie"):
            return None
        directives = set(split_directive_names(response.get("Cache-Control") or ""))
        if directives & {"private", "no-cache", "no-store"}:
            return None
        if has_vary_header(response, "*"):
            return None
        timeout = self.page_timeout
        if timeout is None:
            timeout = get_max_age(response)
            if timeout is None:
                timeout = self.cache_timeout
            elif timeout == 0:
                return None  # max-age=0: the view said not to cache
        patch_response_headers(response, timeout)
        # RFC 9111 3.5: a response to an authorized request is shared only if public.
        if request.headers.get("Authorization") and "public" not in directives:
            patch_vary_headers(response, ("Authorization",))
        if timeout and response.status_code == 200:
            return timeout
        return None

    def _page_keys(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> tuple[str, list[str], str]:
        headerlist = headers_to_vary_on(response)
        digest = _url_digest(request)
        suffix = _i18n_suffix(request)
        header_key = _header_key(self.key_prefix, digest, suffix)
        page_key = _page_key(
            request, str(request.method), headerlist, self.key_prefix, digest, suffix
        )
        return header_key, headerlist, page_key

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        timeout = self._timeout_to_store(request, response)
        if timeout is None or outages.is_unavailable(self.cache_alias):
            return response
        cache = self.cache
        header_key, headerlist, page_key = self._page_keys(request, response)
        try:
            cache.set(header_key, headerlist, timeout)
            if callable(getattr(response, "render", None)):
                # Stored once rendered (a TemplateResponse from a decorated view).
                response.add_post_render_callback(  # type: ignore[attr-defined]
                    lambda rendered: self._store(cache, page_key, rendered, timeout)
                )
            else:
                cache.set(page_key, response, timeout)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise
        return response

    def _store(self, cache: BaseCache, key: str, response: Any, timeout: int) -> None:
        try:
            cache.set(key, response, timeout)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise

    async def aprocess_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        timeout = self._timeout_to_store(request, response)
        if timeout is None or outages.is_unavailable(self.cache_alias):
            return response
        cache = self.cache
        header_key, headerlist, page_key = self._page_keys(request, response)
        try:
            await cache.aset(header_key, headerlist, timeout)
            if callable(getattr(response, "render", None)):
                # Rendered later, in a thread: the callback stores with the sync API.
                response.add_post_render_callback(  # type: ignore[attr-defined]
                    lambda rendered: self._store(cache, page_key, rendered, timeout)
                )
            else:
                await cache.aset(page_key, response, timeout)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.get_response(request)
        return await self.aprocess_response(request, response)


class FetchFromCacheMiddleware(_PageCacheLayer):
    """Answers from the cache on the way in; goes last in ``MIDDLEWARE``."""

    def _hit(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        # Age: how long the copy has been stored, from its max-age and Expires.
        max_age = _max_age(response)
        if max_age is not None:
            expires = _expires_timestamp(response.headers["Expires"])
            if expires is not None:
                # 0 if the local clock went back.
                response.headers["Age"] = str(max(0, max_age - (expires - int(time.time()))))
        request._cache_update_cache = False  # type: ignore[attr-defined]
        return response

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        if request.method not in ("GET", "HEAD"):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        if outages.is_unavailable(self.cache_alias):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        cache = caches[self.cache_alias]
        try:
            digest = _url_digest(request)
            suffix = _i18n_suffix(request)
            prefix = self.key_prefix
            headerlist = cache.get(_header_key(prefix, digest, suffix))
            if headerlist is None:
                request._cache_update_cache = True  # type: ignore[attr-defined]
                return None
            response = cache.get(_page_key(request, "GET", headerlist, prefix, digest, suffix))
            if response is None and request.method == "HEAD":
                key = _page_key(request, "HEAD", headerlist, prefix, digest, suffix)
                response = cache.get(key)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        if response is None:
            request._cache_update_cache = True  # type: ignore[attr-defined]
            return None
        return self._hit(request, response)

    async def aprocess_request(self, request: HttpRequest) -> HttpResponseBase | None:
        if request.method not in ("GET", "HEAD"):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        if outages.is_unavailable(self.cache_alias):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        cache = caches[self.cache_alias]
        try:
            digest = _url_digest(request)
            suffix = _i18n_suffix(request)
            prefix = self.key_prefix
            headerlist = await cache.aget(_header_key(prefix, digest, suffix))
            if headerlist is None:
                request._cache_update_cache = True  # type: ignore[attr-defined]
                return None
            response = await cache.aget(
                _page_key(request, "GET", headerlist, prefix, digest, suffix)
            )
            if response is None and request.method == "HEAD":
                key = _page_key(request, "HEAD", headerlist, prefix, digest, suffix)
                response = await cache.aget(key)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        if response is None:
            request._cache_update_cache = True  # type: ignore[attr-defined]
            return None
        return self._hit(request, response)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.aprocess_request(request)
        if response is None:
            response = await self.get_response(request)
        return response


class CacheMiddleware(UpdateCacheMiddleware, FetchFromCacheMiddleware):
    """Fetch and update in one layer (simple sites), and the engine of ``cache_page``.

    Given only ``get_response`` it reads the ``CACHE_MIDDLEWARE_*`` settings;
    ``cache_page`` passes ``page_timeout``, ``cache_alias`` and ``key_prefix``
    (``None`` for the last two meaning the default alias and no prefix).
    """

    def __init__(
        self,
        get_response: Callable[[Any], Any],
        cache_timeout: int | None = None,
        page_timeout: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(get_response)
        # Given (even as None) means "as a decorator"; absent means the settings.
        if "key_prefix" in kwargs:
            self.key_prefix = kwargs["key_prefix"] or ""
        if "cache_alias" in kwargs:
            self.cache_alias = kwargs["cache_alias"] or DEFAULT_CACHE_ALIAS
        if cache_timeout is not None:
            self.cache_timeout = cache_timeout
        self.page_timeout = page_timeout

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.aprocess_request(request)
        if response is None:
            response = await self.get_response(request)
        # On a hit too, as the sync path does (_should_update_cache says no).
        return await self.aprocess_response(request, response)


__all__ = ["CacheMiddleware", "FetchFromCacheMiddleware", "UpdateCacheMiddleware"]

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
response is ``public``. Unlike Django, a page that used its request's
Content-Security-Policy nonce (``ContentSecurityPolicyMiddleware``) is not
stored either: replayed, it would give every visitor the same nonce.

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
from scallion.core.cache.backends.base import PAGE_NOT_READ, BaseCache
from scallion.http import HttpRequest, HttpResponseBase
from scallion.http.response import CheckedHeader, FrozenResponse
from scallion.middleware.csp import get_nonce
from scallion.utils.cache import (
    _header_key,
    _i18n_suffix,
    _page_key,
    _url_digest,
    _url_keys,
    get_max_age,
    has_vary_header,
    headers_to_vary_on,
    max_age_of,
    patch_response_headers,
    patch_vary_headers,
    split_directive_names,
)
from scallion.utils.deprecation import MiddlewareMixin
from scallion.utils.http import parse_http_date_safe

# The origin of the Age header (the Expires timestamp less max-age: when the
# copy was stored) by the page's Cache-Control and Expires values: pages repeat
# them, and the parse costs more than the look-up. Bounded; emptied when full.
# PERF: cached.
_AGE_ORIGINS: dict[tuple[str | None, str | None], int | None] = {}
_AGE_ORIGINS_MAX = 1024


def _age_origin(cache_control: str | None, expires: str | None) -> int | None:
    """Seconds since the epoch from which a stored page's ``Age`` counts, or None.

    None when the page has no ``max-age`` or no valid ``Expires``: it then gets
    no Age header.
    """
    key = (cache_control, expires)
    try:
        return _AGE_ORIGINS[key]
    except KeyError:
        pass
    max_age = max_age_of(cache_control) if cache_control else None
    expires_at = parse_http_date_safe(expires) if expires else None
    origin = None if max_age is None or expires_at is None else expires_at - max_age
    if len(_AGE_ORIGINS) >= _AGE_ORIGINS_MAX:
        _AGE_ORIGINS.clear()
    _AGE_ORIGINS[key] = origin
    return origin


_FOREVER = float("inf")

# The methods whose pages are read from the cache (a HEAD from its GET's page).
_READ_METHODS = ("GET", "HEAD")


def _age_window(
    cache_control: str | None, expires: str | None, now: float
) -> tuple[float, float, CheckedHeader | None]:
    """``(start, end, header)``: the ``Age`` header of a page stored with these
    headers for every clock reading from ``start`` to before ``end``.

    ``header`` is None (for ever) when the page gets no Age header. The window
    is the current second: the value is the same throughout it.
    """
    origin = _age_origin(cache_control, expires)
    if origin is None:
        return -_FOREVER, _FOREVER, None
    age = int(now) - origin
    # The bounds are floats: every hit compares them with the clock's float,
    # and a float compares with an int only after converting it. PERF: cached.
    if age <= 0:  # until the second after origin (or while the clock is behind)
        return -_FOREVER, float(origin + 1), ("age", ("Age", "0"))
    start = float(origin + age)
    return start, start + 1.0, ("age", ("Age", str(age)))


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
        # A page that printed its Content-Security-Policy nonce: served again to
        # anyone, it would hand every visitor the same nonce, which is then no
        # secret. Neither stored nor marked cacheable for shared caches.
        if get_nonce(request):
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

    def _hit(self, request: HttpRequest, page: Any, now: float) -> HttpResponseBase:
        """The answer from a stored ``page``, with its ``Age`` (how long it has been
        stored) at ``now``."""
        request._cache_update_cache = False  # type: ignore[attr-defined]
        if page.__class__ is FrozenResponse:
            # Kept frozen by the local-memory cache: the Age header is worked
            # out once a second (the window it holds for is kept with the page,
            # with the headers including it). The clock is read on every hit.
            # PERF: cached, 10,230 -> 8,620 instructions per _hit.
            derived = page.derived
            try:
                start, end, headers = derived["age"]
            except KeyError:
                start = end = 0.0
            if not start <= now < end:
                start, end, header = _age_window(
                    page.header("Cache-Control"), page.header("Expires"), now
                )
                # The page's headers with this Age, made once for the window:
                # the responses thawed in it share them. PERF: cached.
                headers = page.with_header(header)
                derived["age"] = start, end, headers
            return page.thaw(headers)
        response: HttpResponseBase = page
        headers = response.headers
        _start, _end, age = _age_window(headers.get("Cache-Control"), headers.get("Expires"), now)
        if age is not None:
            headers["Age"] = age[1][1]
        return response

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        if request.method not in _READ_METHODS or (
            outages.unavailable_until and outages.is_unavailable(self.cache_alias)
        ):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        cache = caches[self.cache_alias]
        try:
            keys = _url_keys(request, self.key_prefix)
            now = time.time()  # one reading: the entries' expiry and the page's Age
            headerlist, page = cache._get_page(keys[0], keys[3], now)
            if page.__class__ is not FrozenResponse:  # (a frozen one is a hit)
                prefix = self.key_prefix
                if headerlist is None:
                    page = None  # this URL's headers are not known: nothing stored
                else:
                    if page is PAGE_NOT_READ:
                        key = _page_key(request, "GET", headerlist, prefix, keys[1], keys[2])
                        page = cache.get(key)
                    if page is None and request.method == "HEAD":
                        key = _page_key(request, "HEAD", headerlist, prefix, keys[1], keys[2])
                        page = cache.get(key)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        if page is None:
            request._cache_update_cache = True  # type: ignore[attr-defined]
            return None
        if page.__class__ is FrozenResponse:
            # _hit's frozen-page path, inlined for a page whose Age header is
            # known for this second (other hits go through _hit). PERF: cached,
            # 62,455 -> 61,110 instructions per request.
            request._cache_update_cache = False  # type: ignore[attr-defined]
            try:
                start, end, headers = page.derived["age"]
            except KeyError:
                pass
            else:
                if start <= now < end:
                    return page.thaw(headers)
        return self._hit(request, page, now)

    async def aprocess_request(self, request: HttpRequest) -> HttpResponseBase | None:
        if request.method not in _READ_METHODS or (
            outages.unavailable_until and outages.is_unavailable(self.cache_alias)
        ):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        cache = caches[self.cache_alias]
        try:
            prefix = self.key_prefix
            header_key, digest, suffix, plain_key = _url_keys(request, prefix)
            now = time.time()
            headerlist, page = await cache._aget_page(header_key, plain_key, now)
            if headerlist is None:
                page = None  # this URL's headers are not known: nothing stored
            else:
                if page is PAGE_NOT_READ:
                    key = _page_key(request, "GET", headerlist, prefix, digest, suffix)
                    page = await cache.aget(key)
                if page is None and request.method == "HEAD":
                    key = _page_key(request, "HEAD", headerlist, prefix, digest, suffix)
                    page = await cache.aget(key)
        except Exception as exc:
            if not self._store_failed(cache, exc):
                raise
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        if page is None:
            request._cache_update_cache = True  # type: ignore[attr-defined]
            return None
        return self._hit(request, page, now)

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

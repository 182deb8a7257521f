"""Caching headers and conditional requests (Django's ``django.utils.cache`` names).

``get_conditional_response`` evaluates the preconditions in RFC 9110 section
13.2.2's order: If-Match, then If-Unmodified-Since (only without If-Match), then
If-None-Match, then If-Modified-Since (only without If-None-Match, and only for
GET/HEAD). If-Range is evaluated with the Range header, in
:mod:`scallion.http.ranges`.
"""

from __future__ import annotations

import hashlib
import re
import time
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from typing import Any

from scallion.conf import settings, settings_cache
from scallion.http.request import HttpRequest
from scallion.http.response import HttpResponse, HttpResponseBase, HttpResponseNotModified
from scallion.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from scallion.utils.log import log_response
from scallion.utils.timezone import get_current_timezone
from scallion.utils.translation import get_language

cc_delim_re = re.compile(r"\s*,\s*")


def split_header_value(value: str, sep: str = ",") -> Iterator[str]:
    """The non-empty, stripped items of a token-list header (Vary, Cache-Control).

    Not for headers whose values may hold quoted commas (Set-Cookie).
    """
    for part in value.split(sep):
        stripped = part.strip()
        if stripped:
            yield stripped


def split_directive_names(value: str) -> Iterator[str]:
    """The lower-cased directive names of a header: ``private="Set-Cookie"`` -> ``private``."""
    for part in split_header_value(value):
        yield part.split("=", 1)[0].strip().lower()


# Headers a 304 must repeat from the 200 it stands for (RFC 9110 15.4.5).
_NOT_MODIFIED_HEADERS = (
    "Cache-Control",
    "Content-Location",
    "Date",
    "ETag",
    "Expires",
    "Last-Modified",
    "Vary",
)


def patch_cache_control(response: HttpResponseBase, **kwargs: Any) -> None:
    """Add or update Cache-Control directives: ``no_cache=True`` -> ``no-cache``.

    A new ``max_age`` never raises an existing one (the smaller wins); ``public``
    replaces ``private`` and vice versa; ``no_cache`` accumulates field names.
    """

    def parse_directive(text: str) -> tuple[str, str | bool]:
        name, sep, value = text.partition("=")
        return (name.strip().lower(), value if sep else True)

    def format_directive(name: str, value: Any) -> str:
        return name if value is True else f"{name}={value}"

    # In order of first appearance, as Django writes them; no-cache holds its
    # field names (a bare no-cache covers every field name).
    directives: dict[str, Any] = {}
    no_cache: list[Any] = []

    def add(name: str, value: Any) -> None:
        if name == "no-cache":
            directives.setdefault("no-cache", None)
            if value not in no_cache:
                no_cache.append(value)
        else:
            directives[name] = value

    if response.get("Cache-Control"):
        for field in split_header_value(response.headers["Cache-Control"]):
            add(*parse_directive(field))
    if "max-age" in directives and "max_age" in kwargs:
        try:
            kwargs["max_age"] = min(int(directives["max-age"]), kwargs["max_age"])
        except (TypeError, ValueError):
            pass
    if "private" in directives and "public" in kwargs:
        del directives["private"]
    elif "public" in directives and "private" in kwargs:
        del directives["public"]
    for key, value in kwargs.items():
        add(key.replace("_", "-"), value)
    parts = []
    for name, value in directives.items():
        if name != "no-cache":
            parts.append(format_directive(name, value))
        elif True in no_cache:
            parts.append("no-cache")
        else:
            parts.extend(format_directive(name, v) for v in no_cache)
    response.headers["Cache-Control"] = ", ".join(parts)


def get_max_age(response: HttpResponseBase) -> int | None:
    """The ``max-age`` of the response's Cache-Control, or None if absent or invalid."""
    header = response.get("Cache-Control")
    if not header:
        return None
    return max_age_of(header)


def max_age_of(cache_control: str) -> int | None:
    """The ``max-age`` directive of a Cache-Control value, or None if absent or invalid."""
    for field in split_header_value(cache_control):
        name, _, value = field.partition("=")
        if name.strip().lower() == "max-age":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def set_response_etag(response: HttpResponseBase) -> HttpResponseBase:
    """Set an ETag from the content's MD5, for non-streaming responses with content."""
    if not response.streaming and isinstance(response, HttpResponse) and response.content:
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response.headers["ETag"] = quote_etag(digest)
    return response


def _precondition_failed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(status=412)
    log_response("Precondition Failed: %s", request.path, response=response, request=request)
    return response


def _not_modified(request: HttpRequest, response: HttpResponseBase | None = None) -> HttpResponse:
    new_response = HttpResponseNotModified()
    if response is not None:
        for header in _NOT_MODIFIED_HEADERS:
            if header in response:
                new_response.headers[header] = response.headers[header]
        # Cookies set by the view still reach the client (Django does the same).
        new_response.cookies = response.cookies
    return new_response


def get_conditional_response(
    request: HttpRequest,
    etag: str | None = None,
    last_modified: int | None = None,
    response: HttpResponseBase | None = None,
) -> HttpResponseBase | None:
    """A 304 or 412 if the request's preconditions say so, else ``response``.

    ``etag`` is the resource's current (quoted) ETag and ``last_modified`` its
    modification time in seconds since the epoch. Only successful (2xx)
    responses are made conditional.
    """
    if response is not None and not 200 <= response.status_code < 300:
        return response
    meta = request.META
    if_match_etags = parse_etags(meta.get("HTTP_IF_MATCH", ""))
    if_unmodified_since = parse_http_date_safe(meta.get("HTTP_IF_UNMODIFIED_SINCE") or "")
    if_none_match_etags = parse_etags(meta.get("HTTP_IF_NONE_MATCH", ""))
    if_modified_since = parse_http_date_safe(meta.get("HTTP_IF_MODIFIED_SINCE") or "")

    if if_match_etags:
        if not _if_match_passes(etag, if_match_etags):
            return _precondition_failed(request)
    elif if_unmodified_since is not None and not _if_unmodified_since_passes(
        last_modified, if_unmodified_since
    ):
        return _precondition_failed(request)

    if if_none_match_etags:
        if not _if_none_match_passes(etag, if_none_match_etags):
            if request.method in ("GET", "HEAD"):
                return _not_modified(request, response)
            return _precondition_failed(request)
    elif (
        if_modified_since is not None
        and request.method in ("GET", "HEAD")
        and not _if_modified_since_passes(last_modified, if_modified_since)
    ):
        return _not_modified(request, response)
    return response


def _if_match_passes(target_etag: str | None, etags: list[str]) -> bool:
    # If-Match uses the strong comparison: a weak current ETag never matches.
    if not target_etag:
        return False
    if etags == ["*"]:
        return True
    if target_etag.startswith("W/"):
        return False
    return target_etag in etags


def _if_unmodified_since_passes(last_modified: int | None, if_unmodified_since: int) -> bool:
    return last_modified is not None and last_modified <= if_unmodified_since


def _if_none_match_passes(target_etag: str | None, etags: list[str]) -> bool:
    # If-None-Match uses the weak comparison: W/ prefixes are ignored.
    if not target_etag:
        return True
    if etags == ["*"]:
        return False
    target = target_etag.removeprefix("W/")
    return all(etag.removeprefix("W/") != target for etag in etags)


def _if_modified_since_passes(last_modified: int | None, if_modified_since: int) -> bool:
    return last_modified is None or last_modified > if_modified_since


def patch_response_headers(response: HttpResponseBase, cache_timeout: int | None = None) -> None:
    """Set Expires (unless present) and Cache-Control max-age for ``cache_timeout`` seconds.

    Defaults to ``settings.CACHE_MIDDLEWARE_SECONDS``; negative means 0.
    """
    if cache_timeout is None:
        cache_timeout = int(settings.CACHE_MIDDLEWARE_SECONDS)
    cache_timeout = max(cache_timeout, 0)
    if not response.has_header("Expires"):
        response.headers["Expires"] = http_date(time.time() + cache_timeout)
    patch_cache_control(response, max_age=cache_timeout)


def add_never_cache_headers(response: HttpResponseBase) -> None:
    """Headers that stop any cache (browser or shared) from storing the response."""
    patch_response_headers(response, cache_timeout=-1)
    patch_cache_control(response, no_cache=True, no_store=True, must_revalidate=True, private=True)


def patch_vary_headers(response: HttpResponseBase, newheaders: Iterable[str]) -> None:
    """Add header names to Vary, once each (case-insensitively); ``*`` absorbs all."""
    vary_headers: list[str] = []
    if response.has_header("Vary"):
        vary_headers = list(split_header_value(response.headers["Vary"]))
    existing = {header.lower() for header in vary_headers}
    for header in (header.strip() for header in newheaders):
        if header.lower() not in existing:
            vary_headers.append(header)
            existing.add(header.lower())
    response.headers["Vary"] = "*" if "*" in vary_headers else ", ".join(vary_headers)


def has_vary_header(response: HttpResponseBase, header_query: str) -> bool:
    """True if ``header_query`` is listed in the response's Vary header."""
    if not response.has_header("Vary"):
        return False
    existing = {header.lower() for header in split_header_value(response.headers["Vary"])}
    return header_query.strip().lower() in existing


# -- keys of the page cache (CacheMiddleware, cache_page) --------------------------
#
# A page is stored under two keys. The *header key* depends on the URL only and
# holds the request headers the response varies on (its Vary header, as META
# names); the *page key* adds the method and those headers' values. So a request
# finds its page in two look-ups without the view having run. Both keys are
# Django's, character for character.


def _key_language(request: HttpRequest) -> str:
    """The language part of the page-cache keys (with USE_I18N)."""
    # LocaleMiddleware sets request.LANGUAGE_CODE; else the active language.
    return str(getattr(request, "LANGUAGE_CODE", None) or get_language() or settings.LANGUAGE_CODE)


# The time zone part of the keys, by zone: every request asks. Only ZoneInfo
# zones are remembered: they compare by identity and their names never change
# (fixed offsets compare equal whatever their names, other tzinfo classes may be
# anything). Bounded. PERF: cached.
_ZONE_SUFFIXES: dict[tzinfo, str] = {}
_ZONE_SUFFIXES_MAX = 256


def _zone_suffix(zone: tzinfo) -> str:
    suffix = f".{zone.tzname(None) or zone}"
    if zone.__class__ is zoneinfo.ZoneInfo and len(_ZONE_SUFFIXES) < _ZONE_SUFFIXES_MAX:
        _ZONE_SUFFIXES[zone] = suffix
    return suffix


def _suffix_of(language: str | None, zone: tzinfo | str | None) -> str:
    """The key suffix from its parts: ``zone`` is a tzinfo, or its suffix already."""
    suffix = "" if language is None else f".{language}"
    if zone is None:
        return suffix
    if isinstance(zone, str):
        return suffix + zone
    return suffix + (_ZONE_SUFFIXES.get(zone) or _zone_suffix(zone))


def _i18n_suffix(request: HttpRequest) -> str:
    """What both page-cache keys end with: the language (USE_I18N) and time zone (USE_TZ)."""
    # Through settings_cache: every key, stored or looked up, agrees on them. PERF: cached.
    use_i18n, use_tz = settings_cache.USE_I18N, settings_cache.USE_TZ
    language = _key_language(request) if use_i18n else None
    zone = get_current_timezone() if use_tz else None
    return _suffix_of(language, zone)


def _i18n_cache_key_suffix(request: HttpRequest, cache_key: str) -> str:
    """Add the active language (USE_I18N) and time zone (USE_TZ) to ``cache_key``."""
    return cache_key + _i18n_suffix(request)


# MD5 of build_absolute_uri(), by what that URI is made of: the scheme, the
# validated host, the path and the query string (get_host() still runs, and
# validates, on every request). Bounded; emptied when full. PERF: cached.
_URL_DIGESTS: dict[tuple[str, str, str, str], str] = {}
_URL_DIGESTS_MAX = 4096
_EMPTY_DIGEST = hashlib.md5(usedforsecurity=False).hexdigest()


def _url_digest(request: HttpRequest) -> str:
    """The MD5 of the request's absolute URI, as both page-cache keys use it."""
    parts = (request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""))
    digest = _URL_DIGESTS.get(parts)
    if digest is None:
        uri = request.build_absolute_uri()
        digest = hashlib.md5(uri.encode("ascii"), usedforsecurity=False).hexdigest()
        if len(_URL_DIGESTS) >= _URL_DIGESTS_MAX:
            _URL_DIGESTS.clear()
        _URL_DIGESTS[parts] = digest
    return digest


# The keys of a request's URL, by what they are made of: the prefix, the scheme,
# the validated host, the path, the query string, the language and the time
# zone (a ZoneInfo, or the suffix of any other zone). A cache hit looks them up
# once per request; the language and zone go in as they are, so the suffix is
# only built on a miss. Bounded; emptied when full. PERF: cached (the suffix
# inlined: 10,530 -> 10,260 instructions per _url_keys).
_URL_KEYS: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}


def _url_keys(request: HttpRequest, key_prefix: str) -> tuple[str, str, str, str]:
    """``(header key, URL digest, i18n suffix, plain GET key)``: what the page-cache
    keys are made of, and the GET page key for an empty header list."""
    # _i18n_suffix's parts, inlined (the hit path's calls are what it costs).
    # Through settings_cache: every key, stored or looked up, agrees on them. PERF: cached.
    use_i18n, use_tz = settings_cache.USE_I18N, settings_cache.USE_TZ
    if use_i18n:
        language = getattr(request, "LANGUAGE_CODE", None) or get_language()
        if not language or language.__class__ is not str:
            language = _key_language(request)  # what the cheap reads did not settle
    else:
        language = None
    zone: Any = None
    if use_tz:
        zone = get_current_timezone()
        if zone.__class__ is not zoneinfo.ZoneInfo:
            zone = _zone_suffix(zone)
    parts = (
        key_prefix,
        request.scheme,
        request.get_host(),  # validated on every request, memo or not
        request.path,
        request.META.get("QUERY_STRING", ""),
        language,
        zone,
    )
    try:
        return _URL_KEYS[parts]  # a subscript, not .get(): no method call. PERF: cached.
    except KeyError:
        pass
    digest = _url_digest(request)
    suffix = _suffix_of(language, zone)
    keys = (
        _header_key(key_prefix, digest, suffix),
        digest,
        suffix,
        _page_key(request, "GET", (), key_prefix, digest, suffix),
    )
    if len(_URL_KEYS) >= _URL_DIGESTS_MAX:
        _URL_KEYS.clear()
    _URL_KEYS[parts] = keys
    return keys


def _headers_digest(request: HttpRequest, headerlist: Iterable[str]) -> str:
    """The MD5 of the values of ``headerlist`` in the request, as netstrings."""
    if not headerlist:
        return _EMPTY_DIGEST
    ctx = hashlib.md5(usedforsecurity=False)
    meta = request.META
    for header in headerlist:
        value = meta.get(header)
        if value is None:
            # An absent header must not share a key with an empty one (RFC 9111
            # 4.1): a marker no netstring can be.
            ctx.update(b"-,")
            continue
        data = value.encode()
        ctx.update(b"%d:%s," % (len(data), data))
    return ctx.hexdigest()


def _page_key(
    request: HttpRequest,
    method: str,
    headerlist: Iterable[str],
    key_prefix: str,
    url_digest: str,
    suffix: str,
) -> str:
    """The page key from its parts (``_url_digest`` and ``_i18n_suffix`` computed once)."""
    headers_digest = _headers_digest(request, headerlist)
    return (
        f"views.decorators.cache.cache_page.{key_prefix}.{method}.{url_digest}."
        f"{headers_digest}{suffix}"
    )


def _header_key(key_prefix: str, url_digest: str, suffix: str) -> str:
    """The header key from its parts."""
    return f"views.decorators.cache.cache_header.{key_prefix}.{url_digest}{suffix}"


def _generate_cache_key(
    request: HttpRequest, method: str, headerlist: Iterable[str], key_prefix: str
) -> str:
    """The page key: URL, method, and the values of the headers in ``headerlist``."""
    return _page_key(
        request, method, headerlist, key_prefix, _url_digest(request), _i18n_suffix(request)
    )


def _generate_cache_header_key(key_prefix: str, request: HttpRequest) -> str:
    """The header key: where the list of headers to vary on is kept for this URL."""
    return _header_key(key_prefix, _url_digest(request), _i18n_suffix(request))


def _page_cache(cache: Any) -> Any:
    if cache is None:
        from scallion.core.cache import caches

        return caches[settings.CACHE_MIDDLEWARE_ALIAS]
    return cache


def get_cache_key(
    request: HttpRequest, key_prefix: str | None = None, method: str = "GET", cache: Any = None
) -> str | None:
    """The page key for ``request``, or None if this URL's header list is not cached.

    Usable before the view runs: the header list was learnt from an earlier
    response (``learn_cache_key``).
    """
    if key_prefix is None:
        key_prefix = settings.CACHE_MIDDLEWARE_KEY_PREFIX
    headerlist = _page_cache(cache).get(_generate_cache_header_key(key_prefix, request))
    if headerlist is None:
        return None
    return _generate_cache_key(request, method, headerlist, key_prefix)


def headers_to_vary_on(response: HttpResponseBase) -> list[str]:
    """The response's Vary headers as sorted META names (``HTTP_ACCEPT_ENCODING``).

    With USE_I18N the key already carries the language, so ``Accept-Language``
    is left out (it would store one copy of a page per browser setting).
    """
    if not response.has_header("Vary"):
        return []
    skip_language = settings.USE_I18N
    headerlist = []
    for header in split_header_value(response.headers["Vary"]):
        name = header.upper().replace("-", "_")
        if name != "ACCEPT_LANGUAGE" or not skip_language:
            headerlist.append("HTTP_" + name)
    headerlist.sort()
    return headerlist


def learn_cache_key(
    request: HttpRequest,
    response: HttpResponseBase,
    cache_timeout: int | None = None,
    key_prefix: str | None = None,
    cache: Any = None,
) -> str:
    """Store the headers ``response`` varies on for this URL; the page key for ``request``."""
    if key_prefix is None:
        key_prefix = settings.CACHE_MIDDLEWARE_KEY_PREFIX
    if cache_timeout is None:
        cache_timeout = settings.CACHE_MIDDLEWARE_SECONDS
    headerlist = headers_to_vary_on(response)
    header_key = _generate_cache_header_key(key_prefix, request)
    _page_cache(cache).set(header_key, headerlist, cache_timeout)
    return _generate_cache_key(request, str(request.method), headerlist, key_prefix)


__all__ = [
    "add_never_cache_headers",
    "get_cache_key",
    "get_conditional_response",
    "get_max_age",
    "has_vary_header",
    "learn_cache_key",
    "patch_cache_control",
    "patch_response_headers",
    "patch_vary_headers",
    "set_response_etag",
    "split_directive_names",
    "split_header_value",
]

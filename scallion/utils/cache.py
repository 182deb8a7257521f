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
from collections.abc import Iterable
from typing import Any

from scallion.conf import settings
from scallion.http.request import HttpRequest
from scallion.http.response import HttpResponse, HttpResponseBase, HttpResponseNotModified
from scallion.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from scallion.utils.log import log_response

cc_delim_re = re.compile(r"\s*,\s*")

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
        return (name.lower(), value if sep else True)

    def format_directive(name: str, value: Any) -> str:
        return name if value is True else f"{name}={value}"

    directives: dict[str, Any] = {}
    no_cache: set[Any] = set()
    if response.get("Cache-Control"):
        for field in cc_delim_re.split(response.headers["Cache-Control"]):
            if not field:
                continue
            name, value = parse_directive(field)
            if name == "no-cache":
                no_cache.add(value)
            else:
                directives[name] = value
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
        name = key.replace("_", "-")
        if name == "no-cache":
            no_cache.add(value)
        else:
            directives[name] = value
    parts = [format_directive(name, value) for name, value in directives.items()]
    if no_cache:
        # A bare no-cache covers every field name.
        values = [True] if True in no_cache else sorted(no_cache, key=str)
        parts.extend(format_directive("no-cache", v) for v in values)
    response.headers["Cache-Control"] = ", ".join(parts)


def get_max_age(response: HttpResponseBase) -> int | None:
    """The ``max-age`` of the response's Cache-Control, or None if absent or invalid."""
    header = response.get("Cache-Control")
    if not header:
        return None
    for field in cc_delim_re.split(header):
        name, _, value = field.partition("=")
        if name.lower() == "max-age":
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
        vary_headers = [h for h in cc_delim_re.split(response.headers["Vary"]) if h]
    existing = {header.lower() for header in vary_headers}
    for header in newheaders:
        if header.lower() not in existing:
            vary_headers.append(header)
            existing.add(header.lower())
    response.headers["Vary"] = "*" if "*" in vary_headers else ", ".join(vary_headers)


def has_vary_header(response: HttpResponseBase, header_query: str) -> bool:
    """True if ``header_query`` is listed in the response's Vary header."""
    if not response.has_header("Vary"):
        return False
    existing = {header.lower() for header in cc_delim_re.split(response.headers["Vary"])}
    return header_query.lower() in existing


__all__ = [
    "add_never_cache_headers",
    "get_conditional_response",
    "get_max_age",
    "has_vary_header",
    "patch_cache_control",
    "patch_response_headers",
    "patch_vary_headers",
    "set_response_etag",
]

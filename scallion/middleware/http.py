"""``ConditionalGetMiddleware``: answer GETs with 304 when the client's copy is current.

An ETag is computed from the content when the response has none (unless it is
``Cache-Control: no-store``); the precedence of the conditional headers is that
of :func:`scallion.utils.cache.get_conditional_response` (RFC 9110).
"""

from __future__ import annotations

import re

from scallion.http import HttpRequest, HttpResponseBase
from scallion.utils.cache import get_conditional_response, set_response_etag
from scallion.utils.deprecation import MiddlewareMixin
from scallion.utils.http import parse_http_date_safe

_CACHE_CONTROL_SPLIT = re.compile(r"\s*,\s*")


class ConditionalGetMiddleware(MiddlewareMixin):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.method != "GET":
            return response
        if self.needs_etag(response) and "ETag" not in response.headers:
            set_response_etag(response)
        etag = response.headers.get("ETag")
        last_modified_text = response.headers.get("Last-Modified")
        last_modified = parse_http_date_safe(last_modified_text) if last_modified_text else None
        if etag or last_modified is not None:
            conditional = get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
            assert conditional is not None  # a response was given, so one comes back
            return conditional
        return response

    def needs_etag(self, response: HttpResponseBase) -> bool:
        """False for ``no-store`` responses: they must not be validated from a cache."""
        directives = _CACHE_CONTROL_SPLIT.split(response.headers.get("Cache-Control", "") or "")
        return all(d.lower() != "no-store" for d in directives)


__all__ = ["ConditionalGetMiddleware"]

"""``ConditionalGetMiddleware``: answer GETs with 304 when the client's copy is current.

An ETag is computed from the content when the response has none (unless it is
``Cache-Control: no-store``); the precedence of the conditional headers is that
of :func:`scallion.utils.cache.get_conditional_response` (RFC 9110).
"""

from __future__ import annotations

from scallion.http import HttpRequest, HttpResponseBase
from scallion.utils.cache import get_conditional_response, set_response_etag
from scallion.utils.deprecation import MiddlewareMixin
from scallion.utils.http import parse_http_date_safe, split_directive_names


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
        """False for ``no-store`` responses: they must not be validated from a cache.

        The directive counts however it is written: any case, with spaces or tabs
        around it, or with a value (``no-store="x"``), which RFC 9111 reduces to
        its name.
        """
        return "no-store" not in split_directive_names(response.headers.get("Cache-Control") or "")


__all__ = ["ConditionalGetMiddleware"]

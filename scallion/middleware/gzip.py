"""``GZipMiddleware``: gzip responses for clients that accept it.

Skipped when the body is under 200 bytes, already has a Content-Encoding, or
would not shrink. Streaming responses (sync or async) are compressed chunk by
chunk, flushing after each one so that a long-lived stream still arrives in
pieces, and lose their Content-Length.

Security: compressing a response that reflects attacker-chosen text next to a
secret (a CSRF token) exposes the secret to BREACH. Scallion, like Django,
masks CSRF tokens per response and pads the gzip header with up to 100 random
bytes ("Heal the Breach"), which blunts the length oracle; see docs/security.md.
"""

from __future__ import annotations

import re

from scallion.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from scallion.utils.cache import patch_vary_headers
from scallion.utils.deprecation import MiddlewareMixin

# Re-exported: Django keeps these in django.utils.text, and so does scallion.
from scallion.utils.text import acompress_sequence, compress_sequence, compress_string

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESS_LENGTH = 200


class GZipMiddleware(MiddlewareMixin):
    """Compress responses; place it above any middleware that reads or edits the body."""

    max_random_bytes = 100

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.streaming and len(response.content) < MIN_COMPRESS_LENGTH:  # type: ignore[attr-defined]
            return response
        if "Content-Encoding" in response.headers:
            return response
        # The body depends on Accept-Encoding from here on, compressed or not.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response

        if isinstance(response, StreamingHttpResponse):
            if response.is_async:
                response.streaming_content = acompress_sequence(
                    response.streaming_content,  # type: ignore[arg-type]
                    max_random_bytes=self.max_random_bytes,
                )
            else:
                response.streaming_content = compress_sequence(
                    response.streaming_content,  # type: ignore[arg-type]
                    max_random_bytes=self.max_random_bytes,
                )
            response.headers.pop("Content-Length", None)
        elif response.streaming:
            return response  # an unknown streaming class: leave it alone
        else:
            content: bytes = response.content  # type: ignore[attr-defined]
            compressed = compress_string(content, max_random_bytes=self.max_random_bytes)
            if len(compressed) >= len(content):
                return response
            response.content = compressed  # type: ignore[attr-defined]
            response.headers["Content-Length"] = str(len(compressed))

        # The ETag named the uncompressed bytes: only weakly equal now.
        etag = response.headers.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


__all__ = ["GZipMiddleware", "acompress_sequence", "compress_sequence", "compress_string"]

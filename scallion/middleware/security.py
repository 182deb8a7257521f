"""``SecurityMiddleware``: HTTPS redirect and the security headers Django sets.

Headers are added with ``setdefault``, so a view that sets its own value keeps it.
"""

from __future__ import annotations

import re

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponseBase, HttpResponsePermanentRedirect
from scallion.http.response import CheckedHeader, ResponseHeaders
from scallion.middleware import SettingsMiddleware


class SecurityMiddleware(SettingsMiddleware):
    watched_settings = frozenset(
        {
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_SSL_REDIRECT",
            "SECURE_SSL_HOST",
            "SECURE_REDIRECT_EXEMPT",
            "SECURE_REFERRER_POLICY",
            "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        }
    )

    def load_settings(self) -> None:
        # PERF: stack. Everything but the per-request checks is decided here.
        self.sts_seconds: int = settings.SECURE_HSTS_SECONDS
        self.sts_include_subdomains: bool = settings.SECURE_HSTS_INCLUDE_SUBDOMAINS
        self.sts_preload: bool = settings.SECURE_HSTS_PRELOAD
        self.content_type_nosniff: bool = settings.SECURE_CONTENT_TYPE_NOSNIFF
        self.redirect: bool = settings.SECURE_SSL_REDIRECT
        self.redirect_host: str | None = settings.SECURE_SSL_HOST
        self.redirect_exempt = [re.compile(r) for r in settings.SECURE_REDIRECT_EXEMPT]
        self.referrer_policy = _referrer_policy_value(settings.SECURE_REFERRER_POLICY)
        self.cross_origin_opener_policy: str | None = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        self.sts_header: str | None = None
        if self.sts_seconds:
            header = f"max-age={self.sts_seconds}"
            if self.sts_include_subdomains:
                header += "; includeSubDomains"
            if self.sts_preload:
                header += "; preload"
            self.sts_header = header
        # PERF: stack. The always-sent headers are checked once, here, by the real
        # header class; a response then gets each with one dict look-up.
        checked = ResponseHeaders.checked
        defaults: list[CheckedHeader] = []
        if self.content_type_nosniff:
            defaults.append(checked("X-Content-Type-Options", "nosniff"))
        if self.referrer_policy:
            defaults.append(checked("Referrer-Policy", self.referrer_policy))
        if self.cross_origin_opener_policy:
            defaults.append(checked("Cross-Origin-Opener-Policy", self.cross_origin_opener_policy))
        self._default_headers = tuple(defaults)
        # A request hook that would always return None is not called at all.
        self._process_request = self.process_request if self.redirect else None

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        path = request.path.lstrip("/")
        if (
            self.redirect
            and not request.is_secure()
            and not any(pattern.search(path) for pattern in self.redirect_exempt)
        ):
            host = self.redirect_host or request.get_host()
            return HttpResponsePermanentRedirect(f"https://{host}{request.get_full_path()}")
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        headers = response.headers
        if (
            self.sts_header is not None
            and "Strict-Transport-Security" not in headers
            and request.is_secure()
        ):
            headers["Strict-Transport-Security"] = self.sts_header
        if headers.__class__ is ResponseHeaders:
            # PERF: stack. The values were checked at load.
            headers.setdefault_all_checked(self._default_headers)
            return response
        if self.content_type_nosniff:
            headers.setdefault("X-Content-Type-Options", "nosniff")
        if self.referrer_policy:
            headers.setdefault("Referrer-Policy", self.referrer_policy)
        if self.cross_origin_opener_policy:
            headers.setdefault("Cross-Origin-Opener-Policy", self.cross_origin_opener_policy)
        return response


def _referrer_policy_value(policy: str | list[str] | tuple[str, ...] | None) -> str | None:
    """The header value for a policy given as a comma-separated string or a sequence."""
    if not policy:
        return None
    values = policy.split(",") if isinstance(policy, str) else policy
    return ",".join(v.strip() for v in values)


__all__ = ["SecurityMiddleware"]

"""``ContentSecurityPolicyMiddleware``: the ``Content-Security-Policy`` headers.

``SECURE_CSP`` is sent as ``Content-Security-Policy`` and
``SECURE_CSP_REPORT_ONLY`` as ``Content-Security-Policy-Report-Only``; an empty
or ``None`` setting sends nothing. A view changes its own policy with
``scallion.views.decorators.csp.csp_override`` and ``csp_report_only_override``
(``{}`` turns the header off for that view), and a header the view set itself is
left as it is.

Each request gets a lazy nonce (``get_nonce(request)``, also
``request.csp_nonce``, and ``csp_nonce`` in templates with the ``csp`` context
processor); ``CSP.NONCE`` in a policy becomes ``'nonce-<value>'`` only on
responses whose nonce was used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest, HttpResponseBase
from scallion.middleware import SettingsMiddleware
from scallion.utils.csp import CSP, LazyNonce, build_policy, uses_nonce

_ENFORCE = str(CSP.HEADER_ENFORCE)
_REPORT_ONLY = str(CSP.HEADER_REPORT_ONLY)


def get_nonce(request: HttpRequest) -> Any:
    """The request's ``LazyNonce``, or ``None`` if the CSP middleware did not see it."""
    return getattr(request, "_csp_nonce", None)


class _Policy:
    """One policy setting, with its header text worked out once when it has no nonce."""

    __slots__ = ("config", "needs_nonce", "text")

    def __init__(self, name: str, config: Any) -> None:
        if config is not None and not isinstance(config, Mapping):
            raise ImproperlyConfigured(
                f"{name} must be a dict of directive names to their sources, such as "
                f'{{"default-src": [CSP.SELF]}} (got {config!r}).'
            )
        self.config: Mapping[str, Any] = config or {}
        self.needs_nonce = uses_nonce(self.config)
        # The text without a nonce: the whole header for a policy that names none,
        # and for a response whose nonce was never used.
        self.text = build_policy(self.config) if self.config else ""

    def header(self, nonce: Any) -> str:
        if self.needs_nonce and nonce:
            return build_policy(self.config, nonce)
        return self.text


class ContentSecurityPolicyMiddleware(SettingsMiddleware):
    watched_settings = frozenset({"SECURE_CSP", "SECURE_CSP_REPORT_ONLY"})

    def load_settings(self) -> None:
        # PERF: middleware. A policy without CSP.NONCE is built once, here.
        self.enforced = _Policy("SECURE_CSP", getattr(settings, "SECURE_CSP", None))
        self.report_only = _Policy(
            "SECURE_CSP_REPORT_ONLY", getattr(settings, "SECURE_CSP_REPORT_ONLY", None)
        )

    def process_request(self, request: HttpRequest) -> None:
        nonce = LazyNonce()
        request._csp_nonce = nonce  # type: ignore[attr-defined]
        request.csp_nonce = nonce  # type: ignore[attr-defined]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        nonce = get_nonce(request)
        headers = response.headers
        for header, policy, override in (
            (_ENFORCE, self.enforced, getattr(response, "_csp_config", None)),
            (_REPORT_ONLY, self.report_only, getattr(response, "_csp_ro_config", None)),
        ):
            if header in headers:
                continue  # the view chose its own
            if override is not None:
                value = build_policy(override, nonce) if override else ""
            else:
                value = policy.header(nonce)
            if value:
                headers[header] = value
        return response


__all__ = ["ContentSecurityPolicyMiddleware", "get_nonce"]

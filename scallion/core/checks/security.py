"""Security checks. IDs reuse Django's numbers where the meaning is the same.

SECRET_KEY and ALLOWED_HOSTS are checked on every run with DEBUG off (a
production-like configuration with a weak key or no hosts is a mistake now,
not only at deploy time); the rest run with ``scallion check --deploy``.
"""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register
from scallion.core.exceptions import ImproperlyConfigured

SECRET_KEY_INSECURE_PREFIX = "scallion-insecure-"
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5

REFERRER_POLICY_VALUES = {
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
}
COOP_VALUES = {"same-origin", "same-origin-allow-popups", "unsafe-none"}


def is_weak_secret_key(key: Any) -> bool:
    if isinstance(key, bytes):
        key = key.decode("latin-1")
    return (
        not isinstance(key, str)
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def _middleware_names() -> set[str]:
    return {str(path).rsplit(".", 1)[-1] for path in settings.MIDDLEWARE}


KEY_HINT = (
    "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))' and "
    "read it from the environment in settings.py."
)


@register(Tags.security)
def check_secret_key(**kwargs: Any) -> list[CheckMessage]:
    try:
        key = settings.SECRET_KEY
    except (ImproperlyConfigured, AttributeError):
        key = ""  # empty (reading it raises, as in Django) or missing
    if not key:
        return [
            Error(
                "SECRET_KEY is empty: signed cookies, sessions and CSRF tokens need it.",
                hint=KEY_HINT,
                id="security.E001",
            )
        ]
    if not settings.DEBUG and is_weak_secret_key(key):
        return [
            Warning(
                f"SECRET_KEY is weak while DEBUG is off: it has fewer than "
                f"{SECRET_KEY_MIN_LENGTH} characters, fewer than "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct ones, or starts with "
                f"{SECRET_KEY_INSECURE_PREFIX!r} (the development key startproject writes).",
                hint=KEY_HINT,
                id="security.W009",
            )
        ]
    return []


@register(Tags.security)
def check_secret_key_fallbacks(**kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    return [
        Warning(
            f"SECRET_KEY_FALLBACKS[{index}] is weak.",
            hint="Remove it, or use a long random value.",
            id="security.W025",
        )
        for index, key in enumerate(getattr(settings, "SECRET_KEY_FALLBACKS", ()))
        if is_weak_secret_key(key)
    ]


@register(Tags.security)
def check_allowed_hosts(**kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or settings.ALLOWED_HOSTS:
        return []
    return [
        Warning(
            "ALLOWED_HOSTS is empty while DEBUG is off: every request will be refused with 400.",
            hint="List the host names the site answers to, e.g. ALLOWED_HOSTS = ['example.com'].",
            id="security.W020",
        )
    ]


@register(Tags.security)
def check_header_values(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    policy = settings.SECURE_REFERRER_POLICY
    if policy is not None:
        values = {v.strip() for v in policy.split(",")} if isinstance(policy, str) else set(policy)
        if not values <= REFERRER_POLICY_VALUES:
            messages.append(
                Error(
                    f"SECURE_REFERRER_POLICY has an invalid value: {policy!r}.",
                    hint=f"Valid values: {', '.join(sorted(REFERRER_POLICY_VALUES))}.",
                    id="security.E023",
                )
            )
    coop = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    if coop is not None and coop not in COOP_VALUES:
        messages.append(
            Error(
                f"SECURE_CROSS_ORIGIN_OPENER_POLICY has an invalid value: {coop!r}.",
                hint=f"Valid values: {', '.join(sorted(COOP_VALUES))}.",
                id="security.E024",
            )
        )
    return messages


@register(Tags.security, deploy=True)
def check_deployment_settings(**kwargs: Any) -> list[CheckMessage]:
    names = _middleware_names()
    messages: list[CheckMessage] = []
    if settings.DEBUG:
        messages.append(
            Warning(
                "DEBUG is on in deployment: error pages show source code and settings.",
                hint="Set DEBUG = False in production settings.",
                id="security.W018",
            )
        )
    if "SecurityMiddleware" not in names:
        messages.append(
            Warning(
                "SecurityMiddleware is not in MIDDLEWARE: no HSTS, nosniff, referrer or "
                "HTTPS-redirect headers will be sent.",
                hint="Add 'scallion.middleware.security.SecurityMiddleware' first in MIDDLEWARE.",
                id="security.W001",
            )
        )
    else:
        if not settings.SECURE_HSTS_SECONDS:
            messages.append(
                Warning(
                    "SECURE_HSTS_SECONDS is not set: browsers may reach the site over HTTP.",
                    hint="Set it (start small, e.g. 3600) once the site is served only over HTTPS.",
                    id="security.W004",
                )
            )
        if not settings.SECURE_SSL_REDIRECT:
            messages.append(
                Warning(
                    "SECURE_SSL_REDIRECT is off: HTTP requests are not redirected to HTTPS.",
                    hint="Set it to True, unless a proxy in front already redirects.",
                    id="security.W008",
                )
            )
    if "XFrameOptionsMiddleware" not in names:
        messages.append(
            Warning(
                "XFrameOptionsMiddleware is not in MIDDLEWARE: pages can be framed (clickjacking).",
                hint="Add 'scallion.middleware.clickjacking.XFrameOptionsMiddleware'.",
                id="security.W002",
            )
        )
    if "CsrfViewMiddleware" not in names:
        messages.append(
            Warning(
                "CsrfViewMiddleware is not in MIDDLEWARE: forms are not protected against CSRF.",
                hint="Add 'scallion.middleware.csrf.CsrfViewMiddleware'.",
                id="security.W003",
            )
        )
    elif not settings.CSRF_USE_SESSIONS and not settings.CSRF_COOKIE_SECURE:
        messages.append(
            Warning(
                "CSRF_COOKIE_SECURE is off: the CSRF cookie may be sent over HTTP.",
                hint="Set CSRF_COOKIE_SECURE = True.",
                id="security.W016",
            )
        )
    if "SessionMiddleware" in names and not settings.SESSION_COOKIE_SECURE:
        messages.append(
            Warning(
                "SESSION_COOKIE_SECURE is off: the session cookie may be sent over HTTP.",
                hint="Set SESSION_COOKIE_SECURE = True.",
                id="security.W012",
            )
        )
    if settings.X_FRAME_OPTIONS != "DENY" and "XFrameOptionsMiddleware" in names:
        messages.append(
            Warning(
                f"X_FRAME_OPTIONS is {settings.X_FRAME_OPTIONS!r}, not 'DENY'.",
                hint="Use 'DENY' unless the site frames its own pages.",
                id="security.W019",
            )
        )
    return messages

"""Security checks of the settings: Django's functions, IDs and message constants.

Each ``check_*`` function answers for one setting as Django's does, and most are
deployment checks (``scallion check --deploy``). scallion makes some of them on
every run too: with DEBUG off, a weak ``SECRET_KEY`` or fallback and an empty
``ALLOWED_HOSTS`` are mistakes now, not only at deploy time
(:func:`check_settings_with_debug_off`), an invalid ``SECURE_REFERRER_POLICY`` or
``SECURE_CROSS_ORIGIN_OPENER_POLICY`` is an error whatever the middleware
(:func:`check_security_header_values`), and an empty ``SECRET_KEY`` is
``security.E001``. A message reported by both is listed once.

Middleware are recognised by class name, so a project's subclass of
``SecurityMiddleware`` counts as the middleware.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register
from scallion.core.exceptions import ImproperlyConfigured

#: The prefix ``scallion startproject`` gives its development key.
SECRET_KEY_INSECURE_PREFIX = "scallion-insecure-"
#: The prefix of the development key of a project started with Django's startproject.
DJANGO_SECRET_KEY_INSECURE_PREFIX = "django-insecure-"
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
CROSS_ORIGIN_OPENER_POLICY_VALUES = {"same-origin", "same-origin-allow-popups", "unsafe-none"}
#: The former name, kept for code that imports it.
COOP_VALUES = CROSS_ORIGIN_OPENER_POLICY_VALUES

KEY_HINT = (
    "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))' and "
    "read it from the environment in settings.py."
)
# One text for SECRET_KEY and each fallback: ``%s`` is the setting (or entry) named.
SECRET_KEY_WARNING_MSG = (
    f"Your %s is weak: it has fewer than {SECRET_KEY_MIN_LENGTH} characters, fewer than "
    f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct characters, or it starts with "
    f"'{SECRET_KEY_INSECURE_PREFIX}' or '{DJANGO_SECRET_KEY_INSECURE_PREFIX}' (a development "
    "key written by startproject). Signed cookies, sessions, password-reset links and CSRF "
    "tokens are only as strong as this key: use a long random value."
)

E001 = Error(
    "SECRET_KEY is empty: signed cookies, sessions and CSRF tokens need it.",
    hint=KEY_HINT,
    id="security.E001",
)
W001 = Warning(
    "SecurityMiddleware is not in MIDDLEWARE: SECURE_HSTS_SECONDS, "
    "SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, SECURE_CROSS_ORIGIN_OPENER_POLICY "
    "and SECURE_SSL_REDIRECT have no effect.",
    hint="Add 'scallion.middleware.security.SecurityMiddleware' first in MIDDLEWARE.",
    id="security.W001",
)
W002 = Warning(
    "XFrameOptionsMiddleware is not in MIDDLEWARE: pages are served without an "
    "X-Frame-Options header, so other sites can frame them (clickjacking).",
    hint="Add 'scallion.middleware.clickjacking.XFrameOptionsMiddleware' unless the site "
    "is meant to be framed.",
    id="security.W002",
)
W004 = Warning(
    "SECURE_HSTS_SECONDS is not set: browsers may still reach the site over plain HTTP.",
    hint="Once the whole site is served only over HTTPS, set it (start small, e.g. 3600: "
    "browsers remember it, and a mistake cannot be taken back before it expires).",
    id="security.W004",
)
W005 = Warning(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS is not True: a subdomain reached over plain HTTP can "
    "be used to attack the site.",
    hint="Set it to True if every subdomain is served only over HTTPS.",
    id="security.W005",
)
W006 = Warning(
    "SECURE_CONTENT_TYPE_NOSNIFF is not True: pages are served without "
    "'X-Content-Type-Options: nosniff', so browsers may guess a content type (an upload "
    "run as a script).",
    hint="Set SECURE_CONTENT_TYPE_NOSNIFF = True.",
    id="security.W006",
)
W008 = Warning(
    "SECURE_SSL_REDIRECT is not True: HTTP requests are not redirected to HTTPS.",
    hint="Set it to True, unless the site must answer over both, or a load balancer or "
    "proxy in front already redirects.",
    id="security.W008",
)
W009 = Warning(SECRET_KEY_WARNING_MSG % "SECRET_KEY", hint=KEY_HINT, id="security.W009")
W018 = Warning(
    "DEBUG is True in deployment: error pages show source code and settings.",
    hint="Set DEBUG = False in production settings.",
    id="security.W018",
)
W019 = Warning(
    "XFrameOptionsMiddleware is in MIDDLEWARE, but X_FRAME_OPTIONS is not 'DENY'.",
    hint="Use 'DENY' unless the site frames its own pages.",
    id="security.W019",
)
W020 = Warning(
    "ALLOWED_HOSTS is empty: with DEBUG off every request is refused with 400.",
    hint="List the host names the site answers to, e.g. ALLOWED_HOSTS = ['example.com'].",
    id="security.W020",
)
W021 = Warning(
    "SECURE_HSTS_PRELOAD is not True: the site cannot be submitted to the browsers' HSTS "
    "preload list.",
    hint="Set it to True once HSTS is on for the site and its subdomains.",
    id="security.W021",
)
W022 = Warning(
    "SECURE_REFERRER_POLICY is not set: responses carry no Referrer-Policy header, so "
    "browsers may send full URLs to other sites.",
    hint="Set it, e.g. SECURE_REFERRER_POLICY = 'same-origin'.",
    id="security.W022",
)
E023 = Error(
    "SECURE_REFERRER_POLICY has an invalid value.",
    hint=f"Valid values: {', '.join(sorted(REFERRER_POLICY_VALUES))}.",
    id="security.E023",
)
E024 = Error(
    "SECURE_CROSS_ORIGIN_OPENER_POLICY has an invalid value.",
    hint=f"Valid values: {', '.join(sorted(CROSS_ORIGIN_OPENER_POLICY_VALUES))}.",
    id="security.E024",
)
W025 = Warning(SECRET_KEY_WARNING_MSG, id="security.W025")
# ``%s`` the setting's name, ``%r`` its value.
E026 = Error(
    "The Content Security Policy setting '%s' must be a dict of directives (got %r).",
    id="security.E026",
)
W027 = Warning(
    "The Content Security Policy uses CSP.NONCE and ContentSecurityPolicyMiddleware is in "
    "MIDDLEWARE, but no template engine has the 'csp' context processor: the nonce is sent "
    "in the header but templates cannot print it, so nonce-protected scripts are blocked.",
    hint="Add 'scallion.template.context_processors.csp' to the 'context_processors' option "
    "of a TEMPLATES entry.",
    id="security.W027",
)


def is_weak_secret_key(key: Any) -> bool:
    """Too short, too few distinct characters, or a development key (ours or Django's)."""
    if isinstance(key, bytes):
        key = key.decode("latin-1")
    return (
        not isinstance(key, str)
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith((SECRET_KEY_INSECURE_PREFIX, DJANGO_SECRET_KEY_INSECURE_PREFIX))
    )


def middleware_class_names() -> set[str]:
    """The class names in ``MIDDLEWARE`` (``SecurityMiddleware``, not its dotted path)."""
    return {str(path).rsplit(".", 1)[-1] for path in settings.MIDDLEWARE}


def _security_middleware() -> bool:
    return "SecurityMiddleware" in middleware_class_names()


def _xframe_middleware() -> bool:
    return "XFrameOptionsMiddleware" in middleware_class_names()


def _read_secret_key() -> Any:
    """``SECRET_KEY``, or ``""`` when reading it fails (empty or deleted)."""
    try:
        return settings.SECRET_KEY
    except (ImproperlyConfigured, AttributeError):
        return ""


@register(Tags.security, deploy=True)
def check_security_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [] if _security_middleware() else [W001]


@register(Tags.security, deploy=True)
def check_xframe_options_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [] if _xframe_middleware() else [W002]


@register(Tags.security, deploy=True)
def check_sts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [W004] if _security_middleware() and not settings.SECURE_HSTS_SECONDS else []


@register(Tags.security, deploy=True)
def check_sts_include_subdomains(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if (
        _security_middleware()
        and settings.SECURE_HSTS_SECONDS
        and settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is not True
    ):
        return [W005]
    return []


@register(Tags.security, deploy=True)
def check_sts_preload(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if (
        _security_middleware()
        and settings.SECURE_HSTS_SECONDS
        and settings.SECURE_HSTS_PRELOAD is not True
    ):
        return [W021]
    return []


@register(Tags.security, deploy=True)
def check_content_type_nosniff(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if _security_middleware() and settings.SECURE_CONTENT_TYPE_NOSNIFF is not True:
        return [W006]
    return []


@register(Tags.security, deploy=True)
def check_ssl_redirect(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if _security_middleware() and settings.SECURE_SSL_REDIRECT is not True:
        return [W008]
    return []


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [W009] if is_weak_secret_key(_read_secret_key()) else []


@register(Tags.security, deploy=True)
def check_secret_key_fallbacks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        fallbacks = settings.SECRET_KEY_FALLBACKS
    except (ImproperlyConfigured, AttributeError):
        return [Warning(W025.msg % "SECRET_KEY_FALLBACKS", id=W025.id)]
    return [
        Warning(W025.msg % f"SECRET_KEY_FALLBACKS[{index}]", id=W025.id)
        for index, key in enumerate(fallbacks)
        if is_weak_secret_key(key)
    ]


@register(Tags.security, deploy=True)
def check_debug(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [W018] if settings.DEBUG else []


@register(Tags.security, deploy=True)
def check_xframe_deny(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [W019] if _xframe_middleware() and settings.X_FRAME_OPTIONS != "DENY" else []


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [] if settings.ALLOWED_HOSTS else [W020]


def _referrer_policy_is_valid(policy: str | Iterable[str]) -> bool:
    # A comma-separated string or a list: browsers take the last value they know.
    values = {v.strip() for v in policy.split(",")} if isinstance(policy, str) else set(policy)
    return values <= REFERRER_POLICY_VALUES


@register(Tags.security, deploy=True)
def check_referrer_policy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not _security_middleware():
        return []
    policy = settings.SECURE_REFERRER_POLICY
    if policy is None:
        return [W022]
    return [] if _referrer_policy_is_valid(policy) else [E023]


def _cross_origin_opener_policy_is_valid() -> bool:
    policy = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    return policy is None or policy in CROSS_ORIGIN_OPENER_POLICY_VALUES


@register(Tags.security, deploy=True)
def check_cross_origin_opener_policy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if _security_middleware() and not _cross_origin_opener_policy_is_valid():
        return [E024]
    return []


@register(Tags.security)
def check_csp_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``SECURE_CSP`` and ``SECURE_CSP_REPORT_ONLY`` are dicts (or None)."""
    messages: list[CheckMessage] = []
    for name in ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY"):
        value = getattr(settings, name, None)
        if value is not None and not isinstance(value, dict):
            messages.append(Error(E026.msg % (name, value), id=E026.id))
    return messages


def _csp_policy_contains_nonce(policy: Any) -> bool:
    # Imported by name, only once the CSP middleware is listed (and so installed).
    nonce = importlib.import_module("scallion.utils.csp").CSP.NONCE

    values = getattr(policy, "values", None)
    if values is None:
        return False
    for sources in values():
        try:
            if sources == nonce or nonce in sources:
                return True
        except TypeError:
            pass  # a directive without sources, such as upgrade-insecure-requests: True
    return False


def _csp_context_processor_configured() -> bool:
    return any(
        isinstance(engine, dict)
        and any(
            str(path).endswith("template.context_processors.csp")
            for path in (engine.get("OPTIONS") or {}).get("context_processors", ())
        )
        for engine in settings.TEMPLATES
    )


@register(Tags.security)
def check_csp_nonce_context_processor(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``security.W027``: a nonce in the policy that no template can print."""
    if "ContentSecurityPolicyMiddleware" not in middleware_class_names():
        return []
    if not any(
        _csp_policy_contains_nonce(getattr(settings, name, None))
        for name in ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY")
    ):
        return []
    return [] if _csp_context_processor_configured() else [W027]


# -- what scallion checks on every run ------------------------------------------------


@register(Tags.security)
def check_secret_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An empty ``SECRET_KEY`` is an error in development too: nothing can be signed."""
    return [] if _read_secret_key() else [E001]


@register(Tags.security)
def check_settings_with_debug_off(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With DEBUG off, the key, the fallbacks and ALLOWED_HOSTS as at deploy time."""
    if settings.DEBUG:
        return []
    key_messages = check_secret_key(app_configs) if _read_secret_key() else []
    return [
        *key_messages,
        *check_secret_key_fallbacks(app_configs),
        *check_allowed_hosts(app_configs),
    ]


@register(Tags.security)
def check_security_header_values(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A referrer or opener policy a browser would reject is wrong with or without the
    middleware that sends it (it is sent the day the middleware is added)."""
    messages: list[CheckMessage] = []
    policy = settings.SECURE_REFERRER_POLICY
    if policy is not None and not _referrer_policy_is_valid(policy):
        messages.append(E023)
    if not _cross_origin_opener_policy_is_valid():
        messages.append(E024)
    return messages

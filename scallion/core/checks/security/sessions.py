"""Session cookie checks: ``Secure`` and ``HttpOnly`` when sessions are in use.

Sessions are in use when ``scallion.contrib.sessions`` is installed (W010, W013),
when SessionMiddleware is listed (W011, W014), or both (W012, W015: one message).
"""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Warning
from scallion.core.checks.registry import Tags, register
from scallion.core.checks.security.base import middleware_class_names

SESSION_APPS = ("scallion.contrib.sessions", "django.contrib.sessions")

_SECURE_WHY = (
    " The session cookie may then be sent over plain HTTP, where anyone on the network "
    "can read it and take over the session."
)
_SECURE_HINT = "Set SESSION_COOKIE_SECURE = True."
_HTTPONLY_WHY = (
    " Scripts on the page can then read the session cookie, so one injected script "
    "is enough to steal the session."
)
_HTTPONLY_HINT = "Set SESSION_COOKIE_HTTPONLY = True."

W010 = Warning(
    "scallion.contrib.sessions is in INSTALLED_APPS, but SESSION_COOKIE_SECURE is not True."
    + _SECURE_WHY,
    hint=_SECURE_HINT,
    id="security.W010",
)
W011 = Warning(
    "SessionMiddleware is in MIDDLEWARE, but SESSION_COOKIE_SECURE is not True." + _SECURE_WHY,
    hint=_SECURE_HINT,
    id="security.W011",
)
W012 = Warning(
    "SESSION_COOKIE_SECURE is not True." + _SECURE_WHY, hint=_SECURE_HINT, id="security.W012"
)
W013 = Warning(
    "scallion.contrib.sessions is in INSTALLED_APPS, but SESSION_COOKIE_HTTPONLY is not "
    "True." + _HTTPONLY_WHY,
    hint=_HTTPONLY_HINT,
    id="security.W013",
)
W014 = Warning(
    "SessionMiddleware is in MIDDLEWARE, but SESSION_COOKIE_HTTPONLY is not True." + _HTTPONLY_WHY,
    hint=_HTTPONLY_HINT,
    id="security.W014",
)
W015 = Warning(
    "SESSION_COOKIE_HTTPONLY is not True." + _HTTPONLY_WHY,
    hint=_HTTPONLY_HINT,
    id="security.W015",
)


def _session_app() -> bool:
    return any(
        str(app) == name or str(app).startswith(f"{name}.apps.")
        for app in settings.INSTALLED_APPS
        for name in SESSION_APPS
    )


def _session_middleware() -> bool:
    return "SessionMiddleware" in middleware_class_names()


def _cookie_flag_messages(
    flag: Any, app_message: Warning, middleware_message: Warning, both_message: Warning
) -> list[CheckMessage]:
    if flag is True:
        return []
    found: list[CheckMessage] = []
    if _session_app():
        found.append(app_message)
    if _session_middleware():
        found.append(middleware_message)
    return [both_message] if len(found) > 1 else found


@register(Tags.security, deploy=True)
def check_session_cookie_secure(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return _cookie_flag_messages(settings.SESSION_COOKIE_SECURE, W010, W011, W012)


@register(Tags.security, deploy=True)
def check_session_cookie_httponly(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return _cookie_flag_messages(settings.SESSION_COOKIE_HTTPONLY, W013, W014, W015)

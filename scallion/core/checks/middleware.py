"""MIDDLEWARE checks: every entry importable, and the built-ins in a working order.

Entries are matched by class name (``SessionMiddleware``), so a project's
subclass of a built-in is held to the same rules. Order follows Django's
documented constraints: the list runs top to bottom on the way in, so a layer
that reads ``request.session`` must come after SessionMiddleware.
"""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register
from scallion.utils.module_loading import import_string

SESSION = "SessionMiddleware"
# Storages that read request.session (MessageMiddleware's fallback ends in the session).
SESSION_MESSAGE_STORAGES = ("SessionStorage", "FallbackStorage")
# Layers that change or read the response body: GZip must wrap them (come earlier).
BODY_USERS = ("CommonMiddleware", "ConditionalGetMiddleware")
# Layers SecurityMiddleware should come before, so its redirect and headers apply first.
SECURITY_FIRST_OVER = ("SessionMiddleware", "CommonMiddleware", "CsrfViewMiddleware",
                       "MessageMiddleware")  # fmt: skip


def _session_users() -> dict[str, str]:
    """Class name -> why it needs request.session, for the current settings."""
    users: dict[str, str] = {}
    storage = str(settings.MESSAGE_STORAGE).rsplit(".", 1)[-1]
    if storage in SESSION_MESSAGE_STORAGES:
        users["MessageMiddleware"] = f"MESSAGE_STORAGE is {storage}"
    if settings.CSRF_USE_SESSIONS:
        users["CsrfViewMiddleware"] = "CSRF_USE_SESSIONS is True"
    users["AuthenticationMiddleware"] = "it reads the user from the session"
    users["LocaleMiddleware"] = "it reads the language from the session"
    return users


@register(Tags.middleware)
def check_middleware_importable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for index, path in enumerate(settings.MIDDLEWARE):
        try:
            import_string(str(path))
        except Exception as exc:
            messages.append(
                Error(
                    f"MIDDLEWARE[{index}] {path!r} cannot be imported: {type(exc).__name__}: {exc}",
                    hint="Fix the dotted path (package.module.ClassName) or remove the entry.",
                    id="middleware.E001",
                )
            )
    return messages


@register(Tags.middleware)
def check_middleware_order(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    paths = [str(path) for path in settings.MIDDLEWARE]
    names = [path.rsplit(".", 1)[-1] for path in paths]
    position = {name: index for index, name in reversed(list(enumerate(names)))}
    messages: list[CheckMessage] = []

    for name, reason in _session_users().items():
        if name not in position:
            continue
        if SESSION not in position:
            messages.append(
                Error(
                    f"{paths[position[name]]} needs request.session ({reason}), but "
                    "SessionMiddleware is not in MIDDLEWARE.",
                    hint="Add 'scallion.contrib.sessions.middleware.SessionMiddleware' "
                    f"before {name}.",
                    id="middleware.E003",
                )
            )
        elif position[SESSION] > position[name]:
            messages.append(
                Error(
                    f"SessionMiddleware is listed after {name}, which needs request.session "
                    f"({reason}).",
                    hint=f"Move SessionMiddleware above {name} in MIDDLEWARE.",
                    id="middleware.E002",
                )
            )

    if "GZipMiddleware" in position:
        late = [n for n in BODY_USERS if n in position and position[n] < position["GZipMiddleware"]]
        if late:
            messages.append(
                Warning(
                    f"GZipMiddleware is listed after {', '.join(late)}, which "
                    "read or change the response body after it has been compressed.",
                    hint="Move GZipMiddleware above them (near the top, after "
                    "UpdateCacheMiddleware).",
                    id="middleware.W001",
                )
            )

    if "SecurityMiddleware" in position:
        before = [
            n
            for n in SECURITY_FIRST_OVER
            if n in position and position[n] < position["SecurityMiddleware"]
        ]
        if before:
            messages.append(
                Warning(
                    f"SecurityMiddleware is listed after {', '.join(before)}.",
                    hint="Put SecurityMiddleware first, so its HTTPS redirect and security "
                    "headers apply before other layers run.",
                    id="middleware.W002",
                )
            )

    if (
        "UpdateCacheMiddleware" in position
        and "FetchFromCacheMiddleware" in position
        and position["FetchFromCacheMiddleware"] < position["UpdateCacheMiddleware"]
    ):
        messages.append(
            Warning(
                "FetchFromCacheMiddleware is listed before UpdateCacheMiddleware.",
                hint="UpdateCacheMiddleware goes first in MIDDLEWARE, FetchFromCacheMiddleware "
                "last.",
                id="middleware.W003",
            )
        )

    seen: set[str] = set()
    for path in paths:
        if path in seen:
            messages.append(
                Warning(
                    f"{path!r} is listed more than once in MIDDLEWARE; it will run twice.",
                    hint="Remove the duplicate entry.",
                    id="middleware.W004",
                )
            )
        seen.add(path)
    return messages

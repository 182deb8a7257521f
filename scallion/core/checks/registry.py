"""The check registry: functions tagged by area, run by ``scallion check``.

A check is ``f(app_configs, **kwargs) -> list[CheckMessage]``, as in Django: it is
called with ``app_configs`` (the applications to check, ``None`` for all of them)
and ``databases`` (the database aliases a check may query; checks tagged
``Tags.database`` run only when some are named), and it must accept further
keyword arguments so that new ones can be passed later. Register one with
``@register(Tags.security)``; ``@register(..., deploy=True)`` makes it a
deployment check, run by ``scallion check --deploy``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from scallion.core.checks.messages import CheckMessage

CheckFunc = Callable[..., Iterable[Any]]
F = TypeVar("F", bound=CheckFunc)


class Tags:
    """The built-in tags (``scallion check --tag security``); Django's names, and scallion's."""

    admin = "admin"
    async_support = "async_support"
    caches = "caches"
    commands = "commands"
    compatibility = "compatibility"
    database = "database"
    files = "files"
    gis = "gis"
    mail = "mail"
    middleware = "middleware"
    models = "models"
    security = "security"
    signals = "signals"
    sites = "sites"
    staticfiles = "staticfiles"
    templates = "templates"
    translation = "translation"
    urls = "urls"


def _accepts_keyword_arguments(func: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return True  # a builtin or C callable: nothing to tell; let the call decide
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


class CheckRegistry:
    def __init__(self) -> None:
        self.registered_checks: set[CheckFunc] = set()
        self.deployment_checks: set[CheckFunc] = set()

    @overload
    def register(self, check: F, *tags: str, deploy: bool = False) -> F: ...

    @overload
    def register(
        self, check: str | None = None, *tags: str, deploy: bool = False
    ) -> Callable[[F], F]: ...

    def register(self, check: Any = None, *tags: str, deploy: bool = False) -> Any:
        """Register ``check``; usable as ``@register``, ``@register("tag")`` or a call.

        A function without ``**kwargs`` is refused now: it would fail at the
        first ``scallion check`` with an argument it does not know.
        """

        def inner(func: F) -> F:
            if not _accepts_keyword_arguments(func):
                raise TypeError(
                    "Check functions must accept keyword arguments (**kwargs). "
                    f"Add **kwargs to the signature of {_check_key(func)}."
                )
            func.tags = tags  # type: ignore[attr-defined]
            target = self.deployment_checks if deploy else self.registered_checks
            target.add(func)
            return func

        if callable(check):
            return inner(check)
        if check:
            tags = (*tags, check)
        return inner

    def run_checks(
        self,
        app_configs: Any = None,
        tags: Iterable[str] | None = None,
        include_deployment_checks: bool = False,
        databases: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> list[Any]:
        """Every message of the selected checks, in a stable order.

        ``tags=None`` selects every check except the ``database`` ones, which run
        only when ``databases`` names some aliases (they do more than read the
        configuration); a list of tags selects the checks with any of them. A
        message that two checks both report (scallion makes some deployment
        checks on every run with DEBUG off) is listed once.
        """
        checks = sorted(self.get_checks(include_deployment_checks), key=_check_key)
        if tags is not None:
            wanted = set(tags)
            checks = [c for c in checks if not wanted.isdisjoint(getattr(c, "tags", ()))]
        elif not databases:
            checks = [c for c in checks if "database" not in getattr(c, "tags", ())]
        if databases is None:
            databases = _configured_databases()
        databases = list(databases)
        results: list[Any] = []
        seen: set[CheckMessage] = set()
        for check in checks:
            messages = check(app_configs=app_configs, databases=databases, **kwargs)
            if not isinstance(messages, Iterable) or isinstance(messages, str | bytes):
                raise TypeError(
                    f"The function {check!r} did not return a list. All functions registered "
                    "with the checks registry must return a list. Return an empty one when "
                    f"all is well; {_check_key(check)} returned {type(messages).__name__}."
                )
            for message in messages:
                if isinstance(message, CheckMessage):
                    if message in seen:
                        continue
                    seen.add(message)
                results.append(message)
        return results

    def tag_exists(self, tag: str, include_deployment_checks: bool = False) -> bool:
        return tag in self.tags_available(include_deployment_checks)

    def tags_available(self, deployment_checks: bool = False) -> set[str]:
        return {
            tag
            for check in self.get_checks(deployment_checks)
            for tag in getattr(check, "tags", ())
        }

    def get_checks(self, include_deployment_checks: bool = False) -> list[CheckFunc]:
        checks = list(self.registered_checks)
        if include_deployment_checks:
            checks.extend(self.deployment_checks)
        return checks


def _configured_databases() -> list[str]:
    """The aliases of the ``DATABASES`` setting (scallion itself has no database)."""
    from scallion.conf import settings

    return list(getattr(settings, "DATABASES", None) or ())


def _check_key(check: Callable[..., Any]) -> str:
    module = getattr(check, "__module__", None) or type(check).__module__
    return f"{module}.{getattr(check, '__qualname__', None) or type(check).__qualname__}"


registry = CheckRegistry()
register = registry.register
run_checks = registry.run_checks
tag_exists = registry.tag_exists

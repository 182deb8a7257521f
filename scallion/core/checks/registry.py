"""The check registry: functions tagged by area, run by ``scallion check``.

A check is ``f(**kwargs) -> list[CheckMessage]``; it is registered with
``@register(Tags.security)`` and must tolerate unknown keyword arguments so new
ones can be passed later. Deployment-only checks run with ``--deploy``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from scallion.core.checks.messages import CheckMessage

CheckFunc = Callable[..., list[CheckMessage]]
F = TypeVar("F", bound=CheckFunc)


class Tags:
    """Built-in tags (``scallion check --tag security``)."""

    caches = "caches"
    middleware = "middleware"
    security = "security"
    staticfiles = "staticfiles"
    templates = "templates"
    urls = "urls"


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
        """Register ``check``; usable as ``@register``, ``@register("tag")`` or a call."""

        def inner(func: F) -> F:
            func.tags = tags  # type: ignore[attr-defined]
            target = self.deployment_checks if deploy else self.registered_checks
            target.add(func)
            return func

        if callable(check):
            return inner(check)
        if check:
            tags = (check, *tags)
        return inner

    def run_checks(
        self,
        tags: Iterable[str] | None = None,
        include_deployment_checks: bool = False,
        **kwargs: Any,
    ) -> list[CheckMessage]:
        """Every message from the selected checks, in a stable order."""
        wanted = set(tags or ())
        results: list[CheckMessage] = []
        for check in sorted(self.get_checks(include_deployment_checks), key=_check_key):
            if wanted and not wanted & set(getattr(check, "tags", ())):
                continue
            messages = check(**kwargs)
            if not isinstance(messages, list):
                raise TypeError(
                    f"The check {_check_key(check)} returned {type(messages).__name__}; "
                    "a check must return a list of CheckMessage (an empty list when all is well)."
                )
            results.extend(messages)
        return results

    def tag_exists(self, tag: str, include_deployment_checks: bool = False) -> bool:
        return tag in self.tags_available(include_deployment_checks)

    def tags_available(self, include_deployment_checks: bool = False) -> set[str]:
        return {
            tag
            for check in self.get_checks(include_deployment_checks)
            for tag in getattr(check, "tags", ())
        }

    def get_checks(self, include_deployment_checks: bool = False) -> list[CheckFunc]:
        checks = list(self.registered_checks)
        if include_deployment_checks:
            checks.extend(self.deployment_checks)
        return checks


def _check_key(check: CheckFunc) -> str:
    return f"{check.__module__}.{getattr(check, '__qualname__', repr(check))}"


registry = CheckRegistry()
register = registry.register
run_checks = registry.run_checks
tag_exists = registry.tag_exists

"""``override_settings``: change settings for one test, and tell who cares.

Entering sends ``setting_changed`` (``enter=True``) for each changed name and
leaving sends it again (``enter=False``), so caches built from a setting (URL
resolvers, template engines, the handler's cached values) are refreshed.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from scallion.conf import (
    UserSettingsHolder,
    not_configured_message,
    settings,
    settings_module_from_environment,
)
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.signals import setting_changed

F = TypeVar("F", bound=Callable[..., Any])


class override_settings:
    """Decorator and context manager that overrides settings temporarily."""

    def __init__(self, **kwargs: Any) -> None:
        self.options = kwargs
        self.wrapped: Any = None

    def __enter__(self) -> override_settings:
        self.enable()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.disable()

    def enable(self) -> None:
        if not settings.configured:
            # Load the module named by the environment, or explain how to configure
            # settings (layering over nothing would report every setting as missing).
            try:
                settings._setup()
            except ImproperlyConfigured as exc:
                if settings_module_from_environment():
                    raise
                raise ImproperlyConfigured(
                    not_configured_message(f"{type(self).__name__} was used")
                ) from exc
        override = UserSettingsHolder(settings._wrapped)
        for key, new_value in self.options.items():
            if not key.isupper():
                raise TypeError(f"Setting {key!r} must be uppercase.")
            setattr(override, key, new_value)
        self.wrapped = settings._wrapped
        settings._wrapped = override
        for key, new_value in self.options.items():
            try:
                setting_changed.send(
                    sender=override_settings, setting=key, value=new_value, enter=True
                )
            except Exception:
                self.disable()
                raise

    def disable(self) -> None:
        settings._wrapped = self.wrapped
        self.wrapped = None
        for key in self.options:
            new_value = getattr(settings, key, None)
            setting_changed.send(
                sender=override_settings, setting=key, value=new_value, enter=False
            )

    def __call__(self, decorated: F) -> F:
        if isinstance(decorated, type):
            for name, attr in list(vars(decorated).items()):
                if name.startswith("test") and callable(attr):
                    setattr(decorated, name, self.__class__(**self.options)(attr))
            return decorated
        if inspect.iscoroutinefunction(decorated):

            @functools.wraps(decorated)
            async def async_inner(*args: Any, **kwargs: Any) -> Any:
                with self.__class__(**self.options):
                    return await decorated(*args, **kwargs)

            return async_inner  # type: ignore[return-value]

        @functools.wraps(decorated)
        def inner(*args: Any, **kwargs: Any) -> Any:
            with self.__class__(**self.options):
                return decorated(*args, **kwargs)

        return inner  # type: ignore[return-value]


class modify_settings(override_settings):
    """Append, prepend or remove items of list settings (``MIDDLEWARE`` and friends)."""

    def __init__(self, **kwargs: dict[str, Any]) -> None:
        self.operations = kwargs
        super().__init__()

    def enable(self) -> None:
        self.options = {}
        for name, operations in self.operations.items():
            value = list(getattr(settings, name, []))
            for action, items in operations.items():
                if isinstance(items, str):
                    items = [items]
                if action == "append":
                    value += [item for item in items if item not in value]
                elif action == "prepend":
                    value = [item for item in items if item not in value] + value
                elif action == "remove":
                    value = [item for item in value if item not in items]
                else:
                    raise ValueError(f"Unsupported action: {action}")
            self.options[name] = value
        super().enable()

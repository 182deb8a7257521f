"""Scallion's built-in middleware, one module per concern (Django's module paths).

Every class here reads the settings it needs once, in ``__init__`` (the chain is
built once per handler), and re-reads them when ``setting_changed`` names one
of them, so ``override_settings`` in tests still takes effect. PERF: stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scallion.core.signals import setting_changed

# Re-exported: scallion.views.decorators import it from here, as Django's do.
from scallion.utils.decorators import decorator_from_middleware
from scallion.utils.deprecation import MiddlewareMixin


class SettingsMiddleware(MiddlewareMixin):
    """A ``MiddlewareMixin`` whose settings are cached on the instance.

    Subclasses list the settings they read in ``watched_settings`` and copy them
    onto ``self`` in ``load_settings``; the request path then reads attributes,
    not the lazy settings object. PERF: stack.
    """

    watched_settings: frozenset[str] = frozenset()

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        super().__init__(get_response)
        self.load_settings()
        # Held weakly: a middleware chain that is dropped stops listening.
        setting_changed.connect(self._on_setting_changed)

    def load_settings(self) -> None:
        """Copy the settings this middleware reads onto the instance."""

    def _on_setting_changed(self, *, setting: str, **kwargs: Any) -> None:
        if setting not in self.watched_settings:
            return
        self._process_request = getattr(self, "process_request", None)
        try:
            self.load_settings()
        except Exception as exc:
            # Every live chain hears the signal. A value this layer cannot use
            # fails its next request, not the override_settings() that set it.
            error = exc

            def fail(request: Any) -> Any:
                raise error

            self._process_request = fail


__all__ = ["SettingsMiddleware", "decorator_from_middleware"]

"""Per-view Content Security Policy: ``csp_override`` and ``csp_report_only_override``.

The mapping given replaces ``SECURE_CSP`` (or ``SECURE_CSP_REPORT_ONLY``) for the
decorated view's responses, whole: it is not merged with the setting. ``{}``
sends no header of that kind from the view. ``ContentSecurityPolicyMiddleware``
reads the override when the response passes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from scallion.views.decorators._patch import patch_response

F = TypeVar("F", bound=Callable[..., Any])


def _override(attribute: str, config: Mapping[str, Any]) -> Callable[[F], F]:
    if not isinstance(config, Mapping):
        raise TypeError(
            f"CSP config should be a mapping of directive names to sources, such as "
            f'{{"default-src": [CSP.SELF]}}, or {{}} for no header; got {config!r}.'
        )

    def decorator(view_func: F) -> F:
        return patch_response(view_func, lambda response: setattr(response, attribute, config))

    return decorator


def csp_override(config: Mapping[str, Any]) -> Callable[[F], F]:
    """Send ``config`` as this view's ``Content-Security-Policy`` (``{}``: none)."""
    return _override("_csp_config", config)


def csp_report_only_override(config: Mapping[str, Any]) -> Callable[[F], F]:
    """Send ``config`` as this view's ``Content-Security-Policy-Report-Only`` (``{}``: none)."""
    return _override("_csp_ro_config", config)


__all__ = ["csp_override", "csp_report_only_override"]

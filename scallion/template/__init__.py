"""Templates: engines configured by ``settings.TEMPLATES`` (Jinja2 by default).

``engines`` gives access to each configured engine by alias; most code uses
``scallion.template.loader`` or ``scallion.shortcuts.render`` instead.

The Django template language lives here too, under Django's names:
``Template``, ``Context``, ``RequestContext``, ``Engine``, ``Library``,
``Node``, ``NodeList``, ``Origin``, ``Variable``, ``VariableDoesNotExist``...
They are imported on first use, so a project that only uses Jinja2 does not
load the Django-language modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from scallion.core.signals import setting_changed
from scallion.template.exceptions import (
    TemplateDoesNotExist,
    TemplateSyntaxError,
    VariableDoesNotExist,
)
from scallion.template.utils import EngineHandler

engines = EngineHandler()
setting_changed.connect(engines.setting_changed, dispatch_uid="scallion.template.engines")

#: Django-language names, by the module that defines them.
_LAZY = {
    "Engine": "scallion.template.engine",
    "Template": "scallion.template.base",
    "Origin": "scallion.template.base",
    "PartialTemplate": "scallion.template.base",
    "Node": "scallion.template.nodes",
    "NodeList": "scallion.template.nodes",
    "Variable": "scallion.template.expressions",
    "Context": "scallion.template.context",
    "ContextPopException": "scallion.template.context",
    "RequestContext": "scallion.template.context",
    "Library": "scallion.template.library",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Context",
    "ContextPopException",
    "Engine",
    "EngineHandler",
    "Library",
    "Node",
    "NodeList",
    "Origin",
    "PartialTemplate",
    "RequestContext",
    "Template",
    "TemplateDoesNotExist",
    "TemplateSyntaxError",
    "Variable",
    "VariableDoesNotExist",
    "engines",
]

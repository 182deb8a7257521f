"""TEMPLATES checks: each backend and context processor importable and callable."""

from __future__ import annotations

from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error
from scallion.core.checks.registry import Tags, register
from scallion.utils.module_loading import import_string


def _import_error(what: str, path: Any, exc: Exception, ident: str, hint: str) -> Error:
    return Error(
        f"{what} {path!r} cannot be imported: {type(exc).__name__}: {exc}", hint=hint, id=ident
    )


@register(Tags.templates)
def check_templates(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for index, engine in enumerate(settings.TEMPLATES):
        where = f"TEMPLATES[{index}]"
        if not isinstance(engine, dict):
            messages.append(
                Error(f"{where} is a {type(engine).__name__}, not a dict.", id="templates.E001")
            )
            continue
        backend = engine.get("BACKEND")
        try:
            import_string(str(backend))
        except Exception as exc:
            messages.append(
                _import_error(
                    f"{where}['BACKEND']",
                    backend,
                    exc,
                    "templates.E001",
                    "Use 'scallion.template.backends.jinja2.Jinja2' or a backend class path.",
                )
            )
        processors = (engine.get("OPTIONS") or {}).get("context_processors", [])
        if not isinstance(processors, list | tuple):
            messages.append(
                Error(
                    f"{where}['OPTIONS']['context_processors'] must be a list of dotted paths.",
                    id="templates.E003",
                )
            )
            continue
        for path in processors:
            try:
                processor = import_string(str(path))
            except Exception as exc:
                messages.append(
                    _import_error(
                        "Context processor",
                        path,
                        exc,
                        "templates.E002",
                        f"Fix or remove it in {where}['OPTIONS']['context_processors'].",
                    )
                )
                continue
            if not callable(processor):
                messages.append(
                    Error(
                        f"Context processor {path!r} is not callable.",
                        hint="A context processor is a function f(request) -> dict.",
                        id="templates.E002",
                    )
                )
    return messages

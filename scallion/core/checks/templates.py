"""TEMPLATES checks: each entry usable, then each engine's own checks (``engine.check()``).

The entry checks are scallion's (``templates.E101``-``E103``): a backend or a
context processor that does not import is found at start-up, not at the first
render. Each engine then checks its own options, as in Django (the Django
template language's ``templates.E002`` and ``templates.W003``).
"""

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
def check_templates(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every ``TEMPLATES`` entry, then the checks of every engine built from them."""
    messages = check_template_entries()
    if messages:
        return messages  # building the engines would only fail on the same mistake
    from scallion.template import engines

    try:
        built = engines.all()
    except Exception as exc:
        return [
            *messages,
            Error(
                f"The TEMPLATES setting cannot be used: {type(exc).__name__}: {exc}",
                hint="Fix the entry the message names.",
                id="templates.E101",
            ),
        ]
    for engine in built:
        messages.extend(engine.check())
    return messages


def check_template_entries() -> list[CheckMessage]:
    """Each entry is a dict whose BACKEND and context processors import."""
    messages: list[CheckMessage] = []
    for index, engine in enumerate(settings.TEMPLATES):
        where = f"TEMPLATES[{index}]"
        if not isinstance(engine, dict):
            messages.append(
                Error(f"{where} is a {type(engine).__name__}, not a dict.", id="templates.E101")
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
                    "templates.E101",
                    "Use 'scallion.template.backends.jinja2.Jinja2', "
                    "'scallion.template.backends.django.DjangoTemplates' or a backend class path.",
                )
            )
        processors = (engine.get("OPTIONS") or {}).get("context_processors", [])
        if not isinstance(processors, list | tuple):
            messages.append(
                Error(
                    f"{where}['OPTIONS']['context_processors'] must be a list of dotted paths.",
                    id="templates.E103",
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
                        "templates.E102",
                        f"Fix or remove it in {where}['OPTIONS']['context_processors'].",
                    )
                )
                continue
            if not callable(processor):
                messages.append(
                    Error(
                        f"Context processor {path!r} is not callable.",
                        hint="A context processor is a function f(request) -> dict.",
                        id="templates.E102",
                    )
                )
    return messages

"""Find and render templates across all configured engines, in ``TEMPLATES`` order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scallion.core.trace.recorder import Step, clip, current_trace
from scallion.http import HttpRequest
from scallion.template import engines
from scallion.template.backends.base import BaseEngine, Template
from scallion.template.exceptions import TemplateDoesNotExist


def _engine_list(using: str | None) -> list[BaseEngine]:
    return engines.all() if using is None else [engines[using]]


def get_template(template_name: str, using: str | None = None) -> Template:
    """The first engine's template called ``template_name``.

    Raises ``TemplateDoesNotExist`` listing every place every engine looked at.
    When the request-cycle trace is on, the look-up (and the compilation of a
    template not loaded before) is a ``template_load`` step.
    """
    trace = current_trace()
    if trace is None:
        return _get_template(template_name, using)
    with trace.span("template_load", template_name) as step:
        template = _get_template(template_name, using)
        _note_origin(step, template)
        return template


def _get_template(template_name: str, using: str | None) -> Template:
    chain: list[TemplateDoesNotExist] = []
    for engine in _engine_list(using):
        try:
            return engine.get_template(template_name)
        except TemplateDoesNotExist as exc:
            chain.append(exc)
    raise _not_found(template_name, chain)


def select_template(template_name_list: Sequence[str], using: str | None = None) -> Template:
    """The first template of ``template_name_list`` that some engine has."""
    if isinstance(template_name_list, str):
        raise TypeError(
            "select_template() takes an iterable of template names but got a string: "
            f"{template_name_list!r}. Use get_template() for a single name."
        )
    trace = current_trace()
    if trace is None:
        return _select_template(template_name_list, using)
    with trace.span("template_load", ", ".join(template_name_list)) as step:
        template = _select_template(template_name_list, using)
        _note_origin(step, template)
        return template


def _select_template(template_name_list: Sequence[str], using: str | None) -> Template:
    chain: list[TemplateDoesNotExist] = []
    for template_name in template_name_list:
        for engine in _engine_list(using):
            try:
                return engine.get_template(template_name)
            except TemplateDoesNotExist as exc:
                chain.append(exc)
    if not template_name_list:
        raise TemplateDoesNotExist("No template names provided")
    raise _not_found(", ".join(template_name_list), chain)


def from_string(template_code: str, using: str | None = None) -> Template:
    """A template compiled from its source by the first engine (or the one named).

    With ``TEMPLATES`` unset this is Jinja2 (see :mod:`scallion.template.utils`),
    which escapes every value: a string template is treated as HTML.
    """
    available = _engine_list(using)
    if not available:
        raise TemplateDoesNotExist(
            "<string> (no template engine is configured: add an entry to settings.TEMPLATES, "
            'e.g. {"BACKEND": "scallion.template.backends.jinja2.Jinja2"})'
        )
    return available[0].from_string(template_code)


def _note_origin(step: Step, template: Template) -> None:
    """Record which file the trace step loaded (and, for a list, which name won)."""
    origin = getattr(template, "origin", None)
    name = getattr(origin, "name", None)
    if name:
        step.detail["origin"] = clip(name)
    chosen = getattr(template, "name", None)
    if chosen and chosen != step.name:
        step.detail["chosen"] = clip(chosen)


def render_to_string(
    template_name: str | Sequence[str],
    context: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
    using: str | None = None,
) -> str:
    """Load a template (or the first of a list) and render it."""
    if isinstance(template_name, list | tuple):
        template = select_template(template_name, using=using)
    else:
        template = get_template(template_name, using=using)  # type: ignore[arg-type]
    return template.render(context, request)


def _not_found(name: str, chain: list[TemplateDoesNotExist]) -> TemplateDoesNotExist:
    if not chain and not engines.all():
        return TemplateDoesNotExist(
            f"{name} (no template engine is configured: add an entry to settings.TEMPLATES, "
            'e.g. {"BACKEND": "scallion.template.backends.jinja2.Jinja2", "DIRS": [...]})'
        )
    return TemplateDoesNotExist(name, chain=chain)

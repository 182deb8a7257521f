"""``DjangoTemplates``: the Django template language as a ``TEMPLATES`` backend.

``OPTIONS`` are Django's: ``context_processors``, ``debug`` (default
``DEBUG``), ``loaders``, ``string_if_invalid``, ``file_charset``,
``libraries`` (extra ``{% load %}`` names), ``builtins`` (libraries loaded in
every template) and ``autoescape``. Tag libraries are found in
``scallion.templatetags`` and in the ``templatetags`` package of every
``INSTALLED_APPS`` package.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Iterator, Mapping
from importlib import import_module
from pkgutil import walk_packages
from typing import Any, NoReturn

from scallion.conf import settings
from scallion.core.trace.recorder import current_trace
from scallion.http import HttpRequest
from scallion.template.backends.base import BaseEngine, installed_packages
from scallion.template.base import language_backends
from scallion.template.context import make_context
from scallion.template.engine import Engine
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.template.library import InvalidTemplateLibrary
from scallion.template.loaders.cached import copy_exception


class DjangoTemplates(BaseEngine):
    """A Django-language engine configured from one ``TEMPLATES`` entry."""

    app_dirname = "templates"

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.pop("OPTIONS", None) or {})
        options.setdefault("autoescape", True)
        options.setdefault("debug", settings.DEBUG)
        options.setdefault("file_charset", "utf-8")
        libraries = options.get("libraries", {})
        options["libraries"] = self.get_templatetag_libraries(libraries)
        super().__init__(params)
        self.engine = Engine(self.dirs, self.app_dirs, **options)

    def from_string(self, template_code: str) -> Template:
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name: str) -> Template:
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)

    def get_templatetag_libraries(self, custom_libraries: dict[str, str]) -> dict[str, str]:
        """The built-in and installed tag libraries, then ``custom_libraries`` over them."""
        libraries = get_installed_libraries()
        libraries.update(custom_libraries)
        return libraries

    def check(self, **kwargs: Any) -> list[Any]:
        """The system checks of this engine's options (run by ``scallion check``)."""
        return [
            *self._check_string_if_invalid_is_string(),
            *self._check_for_template_tags_with_the_same_name(),
        ]

    def _check_string_if_invalid_is_string(self) -> list[Any]:
        from scallion.core.checks.messages import Error

        value = self.engine.string_if_invalid
        if not isinstance(value, str):
            return [
                Error(
                    "'string_if_invalid' in TEMPLATES OPTIONS must be a string but got: "
                    f"{value!r} ({type(value)}).",
                    obj=self,
                    id="templates.E002",
                )
            ]
        return []

    def _check_for_template_tags_with_the_same_name(self) -> list[Any]:
        """One ``{% load %}`` name for two modules: only one of them can be loaded."""
        from scallion.core.checks.messages import Warning

        modules_by_name: dict[str, set[str]] = defaultdict(set)
        for name, module in get_template_tag_modules():
            modules_by_name[name].add(module)
        for name, module in self.engine.libraries.items():
            modules_by_name[name].add(module)
        return [
            Warning(
                f"{name!r} is used for multiple template tag modules: "
                + ", ".join(repr(module) for module in sorted(modules)),
                obj=self,
                id="templates.W003",
            )
            for name, modules in modules_by_name.items()
            if len(modules) > 1
        ]


language_backends.append(DjangoTemplates)


class Template:
    """A Django-language template as the backend API gives it: ``render(dict, request)``."""

    __slots__ = ("backend", "template")

    def __init__(self, template: Any, backend: DjangoTemplates) -> None:
        self.template = template
        self.backend = backend

    @property
    def origin(self) -> Any:
        return self.template.origin

    @property
    def name(self) -> Any:
        return self.template.name

    def render(
        self, context: Mapping[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        trace = current_trace()
        if trace is None:
            return self._render(context, request)
        with trace.span("template", self.template.name or "<string>"):
            return self._render(context, request)

    def _render(self, context: Any, request: HttpRequest | None) -> str:
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)  # type: ignore[no-any-return]
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.template.name!r}>"


def reraise(exc: TemplateDoesNotExist, backend: Any) -> NoReturn:
    """Raise a copy of ``exc`` naming ``backend``, keeping its debug information."""
    new = copy_exception(exc, backend)
    raise new from exc


def get_template_tag_modules() -> Iterator[tuple[str, str]]:
    """``(load name, module path)`` for every installed tag library module."""
    candidates = ["scallion.templatetags"]
    candidates.extend(f"{app}.templatetags" for app in installed_packages())
    for candidate in candidates:
        try:
            if importlib.util.find_spec(candidate) is None:
                continue
        except ImportError:
            continue
        pkg = import_module(candidate)
        if hasattr(pkg, "__path__"):
            for name in get_package_libraries(pkg):
                yield name.removeprefix(candidate).lstrip("."), name


def get_installed_libraries() -> dict[str, str]:
    """The installed tag libraries by ``{% load %}`` name (``static`` for its module)."""
    return dict(get_template_tag_modules())


def get_package_libraries(pkg: Any) -> Iterator[str]:
    """Every module under ``pkg`` (recursively) that defines ``register``."""
    for entry in walk_packages(pkg.__path__, pkg.__name__ + "."):
        try:
            module = import_module(entry[1])
        except ImportError as exc:
            raise InvalidTemplateLibrary(
                "Invalid template library specified. ImportError raised when trying to load "
                f"'{entry[1]}': {exc}"
            ) from exc
        if hasattr(module, "register"):
            yield entry[1]


__all__ = ["DjangoTemplates", "Template", "copy_exception", "get_installed_libraries", "reraise"]

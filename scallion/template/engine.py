"""``Engine``: the settings of one Django-language template engine, and its template loaders.

Usually built by the ``DjangoTemplates`` backend from an entry of
``TEMPLATES``; code (and tests) may build one directly. The default loaders
are Django's: the filesystem loader (plus the app directories one with
``app_dirs``) inside the cached loader, so a template is read, parsed and
compiled once. With ``debug`` on, the cached loader checks each file's
modification time and recompiles a template that changed, so edits show up
without a restart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.signals import setting_changed
from scallion.template.base import Origin, Template, default_engine
from scallion.template.context import Context, _builtin_context_processors
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.template.library import Library, import_library
from scallion.utils.functional import cached_property
from scallion.utils.module_loading import import_string


class Engine:
    """A configured template engine: where templates come from, how they render."""

    default_builtins = [
        "scallion.template.defaulttags",
        "scallion.template.defaultfilters",
        "scallion.template.loader_tags",
    ]

    def __init__(
        self,
        dirs: Sequence[Any] | None = None,
        app_dirs: bool = False,
        context_processors: Sequence[str] | None = None,
        debug: bool = False,
        loaders: Sequence[Any] | None = None,
        string_if_invalid: str = "",
        file_charset: str = "utf-8",
        libraries: dict[str, str] | None = None,
        builtins: Sequence[str] | None = None,
        autoescape: bool = True,
    ) -> None:
        if dirs is None:
            dirs = []
        if context_processors is None:
            context_processors = []
        if loaders is None:
            loaders = ["scallion.template.loaders.filesystem.Loader"]
            if app_dirs:
                loaders += ["scallion.template.loaders.app_directories.Loader"]
            loaders = [("scallion.template.loaders.cached.Loader", loaders)]
        elif app_dirs:
            raise ImproperlyConfigured(
                "app_dirs must not be set when loaders is defined. List the app directories "
                "loader (scallion.template.loaders.app_directories.Loader) in loaders instead."
            )
        if libraries is None:
            libraries = {}
        if builtins is None:
            builtins = []

        self.dirs = list(dirs)
        self.app_dirs = app_dirs
        self.autoescape = autoescape
        self.context_processors = list(context_processors)
        self.debug = debug
        self.loaders = list(loaders)
        self.string_if_invalid = string_if_invalid
        self.file_charset = file_charset
        self.libraries = libraries
        self.template_libraries = self.get_template_libraries(libraries)
        self.builtins = self.default_builtins + list(builtins)
        self.template_builtins = self.get_template_builtins(self.builtins)

    def __repr__(self) -> str:
        parts = [f"<{type(self).__qualname__}:"]
        if self.dirs:
            parts.append(f" dirs={self.dirs!r}")
        parts.append(f" app_dirs={self.app_dirs}")
        if self.context_processors:
            parts.append(f" context_processors={self.context_processors!r}")
        parts.append(f" debug={self.debug} loaders={self.loaders!r}")
        parts.append(f" string_if_invalid={self.string_if_invalid!r}")
        parts.append(f" file_charset={self.file_charset!r}")
        if self.libraries:
            parts.append(f" libraries={self.libraries!r}")
        if self.builtins:
            parts.append(f" builtins={self.builtins!r}")
        parts.append(f" autoescape={self.autoescape!r}>")
        return "".join(parts)

    #: The engine of the first ``DjangoTemplates`` entry of ``TEMPLATES`` (what
    #: ``Template(source)`` uses when built without an engine); kept until those settings change.
    get_default = staticmethod(default_engine)

    @cached_property
    def template_context_processors(self) -> tuple[Any, ...]:
        paths = _builtin_context_processors + tuple(self.context_processors)
        return tuple(import_string(path) for path in paths)

    def get_template_builtins(self, builtins: Sequence[str]) -> list[Library]:
        return [import_library(x) for x in builtins]

    def get_template_libraries(self, libraries: dict[str, str]) -> dict[str, Library]:
        return {name: import_library(path) for name, path in libraries.items()}

    @cached_property
    def template_loaders(self) -> list[Any]:
        return self.get_template_loaders(self.loaders)

    def get_template_loaders(self, template_loaders: Sequence[Any]) -> list[Any]:
        loaders = []
        for template_loader in template_loaders:
            loader = self.find_template_loader(template_loader)
            if loader is not None:
                loaders.append(loader)
        return loaders

    def find_template_loader(self, loader: Any) -> Any:
        if isinstance(loader, tuple | list):
            loader, *args = loader
        else:
            args = []
        if isinstance(loader, str):
            loader_class = import_string(loader)
            return loader_class(self, *args)
        raise ImproperlyConfigured(
            f"Invalid value in template loaders configuration: {loader!r}. Give a dotted "
            "path, or a (dotted path, arguments...) tuple."
        )

    def find_template(
        self, name: str, dirs: Any = None, skip: Sequence[Origin] | None = None
    ) -> tuple[Any, Origin]:
        tried: list[Any] = []
        for loader in self.template_loaders:
            try:
                template = loader.get_template(name, skip=skip)
                return template, template.origin
            except TemplateDoesNotExist as exc:
                tried.extend(exc.tried)
        raise TemplateDoesNotExist(name, tried=tried)

    def from_string(self, template_code: str) -> Template:
        """A template compiled from ``template_code``."""
        return Template(template_code, engine=self)

    def get_template(self, template_name: str) -> Any:
        """The template called ``template_name``; ``"page.html#name"`` gives a partial."""
        original_name = template_name
        try:
            template_name, _, partial_name = template_name.partition("#")
        except AttributeError:
            raise TemplateDoesNotExist(original_name) from None
        if not template_name:
            raise TemplateDoesNotExist(original_name)
        template, origin = self.find_template(template_name)
        if not hasattr(template, "render"):
            template = Template(template, origin, template_name, engine=self)
        if not partial_name:
            return template
        extra_data = getattr(template, "extra_data", {})
        try:
            partial = extra_data["partials"][partial_name]
        except (KeyError, TypeError):
            raise TemplateDoesNotExist(partial_name, tried=[template_name]) from None
        partial.engine = self
        return partial

    def render_to_string(self, template_name: Any, context: Any = None) -> str:
        """Render a template (or the first of a list) with a dict or a ``Context``."""
        if isinstance(template_name, list | tuple):
            template = self.select_template(template_name)
        else:
            template = self.get_template(template_name)
        if isinstance(context, Context):
            return template.render(context)  # type: ignore[no-any-return]
        return template.render(Context(context, autoescape=self.autoescape))  # type: ignore[no-any-return]

    def select_template(self, template_name_list: Sequence[str]) -> Any:
        """The first template of the list that can be loaded."""
        if not template_name_list:
            raise TemplateDoesNotExist("No template names provided")
        not_found = []
        for template_name in template_name_list:
            try:
                return self.get_template(template_name)
            except TemplateDoesNotExist as exc:
                if exc.args[0] not in not_found:
                    not_found.append(exc.args[0])
        raise TemplateDoesNotExist(", ".join(str(name) for name in not_found))


def _forget_default_engine(*, setting: str, **kwargs: Any) -> None:
    if setting in ("TEMPLATES", "INSTALLED_APPS", "DEBUG"):
        default_engine.cache_clear()


setting_changed.connect(_forget_default_engine, dispatch_uid="scallion.template.engine.default")


__all__ = ["Engine"]

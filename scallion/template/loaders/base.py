"""``Loader``: the base class; a loader yields candidate origins and reads their contents."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from scallion.template.base import Origin, Template
from scallion.template.exceptions import TemplateDoesNotExist


class Loader:
    """Finds a template by name: ``get_template_sources`` then ``get_contents``."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def get_template(self, template_name: str, skip: Sequence[Origin] | None = None) -> Template:
        """The first template found for ``template_name``, skipping the origins in ``skip``.

        ``skip`` is how ``{% extends %}`` avoids extending a template with itself.
        """
        tried: list[tuple[Origin, str]] = []
        for origin in self.get_template_sources(template_name):
            if skip is not None and origin in skip:
                tried.append((origin, "Skipped to avoid recursion"))
                continue
            try:
                contents = self.get_contents(origin)
            except TemplateDoesNotExist:
                tried.append((origin, "Source does not exist"))
                continue
            return Template(contents, origin, origin.template_name, self.engine)
        raise TemplateDoesNotExist(template_name, tried=tried)

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        raise NotImplementedError(
            f"{type(self).__name__} must provide a get_template_sources() method"
        )

    def get_contents(self, origin: Origin) -> str:
        raise NotImplementedError(f"{type(self).__name__} must provide a get_contents() method")

    def reset(self) -> None:
        """Forget any state kept (cached templates); a no-op for most loaders."""

"""A loader that wraps others and keeps every template it found, compiled.

A missing template is remembered too (many names are tried that do not
exist): without debug as the bare exception class, with debug as an unraised
copy of the exception, so its details stay without keeping a traceback alive.

With the engine's ``debug`` on, a template read from a file is checked
against the file's modification time on each use and read again when it
changed: editing a template in development needs no restart.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from scallion.template.base import Origin, Template
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.template.loaders.base import Loader as BaseLoader


def copy_exception(exc: TemplateDoesNotExist, backend: Any = None) -> TemplateDoesNotExist:
    """A fresh, unraised ``TemplateDoesNotExist`` with ``exc``'s details (no traceback)."""
    backend = backend or exc.backend
    exc_class: Any = exc.__class__
    new: TemplateDoesNotExist = exc_class(
        *exc.args, tried=exc.tried, backend=backend, chain=exc.chain
    )
    if hasattr(exc, "template_debug"):
        new.template_debug = exc.template_debug  # type: ignore[attr-defined]
    return new


def _mtime(origin: Origin) -> float | None:
    try:
        return os.stat(origin.name).st_mtime
    except (OSError, TypeError, ValueError):
        return None


class Loader(BaseLoader):
    def __init__(self, engine: Any, loaders: Sequence[Any]) -> None:
        self.get_template_cache: dict[str, Any] = {}
        self.loaders = engine.get_template_loaders(loaders)
        self._mtimes: dict[str, float | None] = {}
        super().__init__(engine)

    def get_dirs(self) -> Iterator[Any]:
        for loader in self.loaders:
            if hasattr(loader, "get_dirs"):
                yield from loader.get_dirs()

    def get_contents(self, origin: Origin) -> str:
        return origin.loader.get_contents(origin)  # type: ignore[no-any-return]

    def get_template(self, template_name: str, skip: Sequence[Origin] | None = None) -> Template:
        key = self.cache_key(template_name, skip)
        cached = self.get_template_cache.get(key)
        if cached is not None and self.engine.debug and self._changed(key, cached):
            cached = None
        if cached:
            if isinstance(cached, type) and issubclass(cached, TemplateDoesNotExist):
                raise cached(template_name)
            if isinstance(cached, TemplateDoesNotExist):
                raise copy_exception(cached)
            return cached  # type: ignore[no-any-return]
        try:
            template = super().get_template(template_name, skip)
        except TemplateDoesNotExist as exc:
            self.get_template_cache[key] = (
                copy_exception(exc) if self.engine.debug else TemplateDoesNotExist
            )
            raise
        self.get_template_cache[key] = template
        if self.engine.debug:
            self._mtimes[key] = _mtime(template.origin)
        return template

    def _changed(self, key: str, cached: Any) -> bool:
        """In debug: whether the cached template's file changed since it was read."""
        origin = getattr(cached, "origin", None)
        if origin is None or key not in self._mtimes:
            return False
        return _mtime(origin) != self._mtimes[key]

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        for loader in self.loaders:
            yield from loader.get_template_sources(template_name)

    def cache_key(self, template_name: str, skip: Sequence[Origin] | None = None) -> str:
        """The cache key: the name, plus a hash of the skipped origins of that same name.

        So a template reached through different extends chains is cached once.
        """
        skip_prefix = ""
        if skip:
            matching = [origin.name for origin in skip if origin.template_name == template_name]
            if matching:
                skip_prefix = self.generate_hash(matching)
        return "-".join(s for s in (str(template_name), skip_prefix) if s)

    def generate_hash(self, values: list[str]) -> str:
        return hashlib.sha1("|".join(values).encode(), usedforsecurity=False).hexdigest()

    def reset(self) -> None:
        """Empty the template cache."""
        self.get_template_cache.clear()
        self._mtimes.clear()

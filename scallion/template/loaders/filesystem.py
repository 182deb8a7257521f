"""Templates read from the engine's ``DIRS`` (or the directories given)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from scallion.template.base import Origin
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.template.loaders.base import Loader as BaseLoader


def safe_join(base: Any, *paths: Any) -> str | None:
    """``base`` joined with ``paths``, or None when the result escapes ``base``.

    A template name like ``../../etc/passwd`` must not read outside the
    template directories.
    """
    base = os.fspath(base)
    final_path = os.path.abspath(os.path.join(base, *[os.fspath(p) for p in paths]))
    base_path = os.path.abspath(base)
    if (
        os.path.normcase(final_path) != os.path.normcase(base_path)
        and not os.path.normcase(final_path).startswith(os.path.normcase(base_path + os.sep))
        and os.path.dirname(os.path.normcase(base_path)) != os.path.normcase(base_path)
    ):
        return None
    return str(final_path)


class Loader(BaseLoader):
    def __init__(self, engine: Any, dirs: Sequence[Any] | None = None) -> None:
        super().__init__(engine)
        self.dirs = dirs

    def get_dirs(self) -> Sequence[Any]:
        return self.dirs if self.dirs is not None else self.engine.dirs

    def get_contents(self, origin: Origin) -> str:
        try:
            with open(origin.name, encoding=self.engine.file_charset) as fp:
                return fp.read()
        except FileNotFoundError:
            raise TemplateDoesNotExist(origin) from None

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        """An origin in each directory; a name that would leave the directory is skipped."""
        for template_dir in self.get_dirs():
            name = safe_join(template_dir, template_name)
            if name is None:
                continue
            yield Origin(name=name, template_name=template_name, loader=self)

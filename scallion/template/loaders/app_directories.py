"""Templates read from the ``templates/`` folder of each ``INSTALLED_APPS`` package."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scallion.template.backends.base import app_directories
from scallion.template.loaders.filesystem import Loader as FilesystemLoader


class Loader(FilesystemLoader):
    def get_dirs(self) -> Sequence[Any]:
        return app_directories("templates")

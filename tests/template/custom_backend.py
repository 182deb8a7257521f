"""A second template backend, written only against the documented backend API.

``$name`` placeholders (``string.Template``), files looked up in ``DIRS`` and, with
``APP_DIRS``, in each installed package's ``templates/``. ``OPTIONS["suffix"]``
is the only option; the request's path is offered as ``$path``.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Any

from scallion.http import HttpRequest
from scallion.template.backends.base import BaseEngine
from scallion.template.exceptions import TemplateDoesNotExist


class DollarTemplate:
    def __init__(self, source: str, name: str | None) -> None:
        self.template = string.Template(source)
        self.name = name

    def render(
        self, context: Mapping[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        values = {"path": request.path if request is not None else ""}
        values.update(context or {})
        return self.template.safe_substitute(values)


class DollarEngine(BaseEngine):
    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        options = params.pop("OPTIONS")
        self.suffix = options.get("suffix", ".dollar")
        super().__init__(params)

    def from_string(self, template_code: str) -> DollarTemplate:
        return DollarTemplate(template_code, None)

    def get_template(self, template_name: str) -> DollarTemplate:
        tried = []
        if template_name.endswith(self.suffix):
            for directory in self.template_dirs:
                candidate = os.path.join(directory, template_name)
                if os.path.isfile(candidate):
                    with open(candidate, encoding="utf-8") as fh:
                        return DollarTemplate(fh.read(), template_name)
                tried.append((candidate, "Source does not exist"))
        else:
            tried.append((f"{template_name} (engine {self.name!r})", f"not a {self.suffix} file"))
        raise TemplateDoesNotExist(template_name, tried=tried, backend=self)

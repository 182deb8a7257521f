"""``TemplateStrings``: a minimal backend of ``string.Template`` pages (``$name``), as Django's.

Useful as a second engine in tests, or as the smallest example of a backend.
Values are HTML-escaped; ``$csrf_input`` and ``$csrf_token`` are there when
rendering with a request. Templates are read from ``DIRS`` and, with
``APP_DIRS``, from each installed package's ``template_strings/`` folder.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest
from scallion.template.backends.base import BaseEngine
from scallion.template.backends.utils import csrf_values
from scallion.template.base import Origin
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.template.loaders.filesystem import safe_join
from scallion.utils.html import conditional_escape


class TemplateStrings(BaseEngine):
    app_dirname = "template_strings"

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.pop("OPTIONS", None) or {})
        if options:
            raise ImproperlyConfigured(
                f"Unknown options: {', '.join(options)}. TemplateStrings takes no OPTIONS."
            )
        super().__init__(params)

    def from_string(self, template_code: str) -> Template:
        return Template(template_code)

    def iter_template_filenames(self, template_name: str) -> Iterator[str]:
        """The candidate file of each template directory (none outside one)."""
        for template_dir in self.template_dirs:
            name = safe_join(template_dir, template_name)
            if name is not None:
                yield name

    def get_template(self, template_name: str) -> Template:
        tried = []
        for template_file in self.iter_template_filenames(template_name):
            try:
                with open(template_file, encoding="utf-8") as fp:
                    template_code = fp.read()
            except FileNotFoundError:
                tried.append((Origin(template_file, template_name, self), "Source does not exist"))
            else:
                return Template(template_code)
        raise TemplateDoesNotExist(template_name, tried=tried, backend=self)


class Template(string.Template):
    def render(
        self, context: Mapping[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        values = {} if context is None else {k: conditional_escape(v) for k, v in context.items()}
        if request is not None:
            values.update(csrf_values(request))
        return self.safe_substitute(values)

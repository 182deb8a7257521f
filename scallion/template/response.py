"""Responses whose template is rendered as late as possible.

A view returns a ``TemplateResponse`` holding a template name and a context;
``process_template_response`` middleware may still change either, and the
handler calls :meth:`SimpleTemplateResponse.render` after those hooks. Reading
``content`` before that raises ``ContentNotRenderedError``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scallion.http import HttpRequest, HttpResponse
from scallion.template.backends.base import Template
from scallion.template.loader import get_template, select_template

PostRenderCallback = Callable[["SimpleTemplateResponse"], Any]


class ContentNotRenderedError(Exception):
    pass


class SimpleTemplateResponse(HttpResponse):
    """A response rendered from ``template`` and ``context`` on :meth:`render`."""

    rendering_attrs = ["template_name", "context_data", "_post_render_callbacks"]

    def __init__(
        self,
        template: str | Sequence[str] | Template,
        context: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        status: int | None = None,
        charset: str | None = None,
        using: str | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> None:
        self.template_name = template
        self.context_data = context
        self.using = using
        self._post_render_callbacks: list[PostRenderCallback] = []
        self._request: HttpRequest | None = None
        self._is_rendered = False
        # HttpResponse.__init__ sets ``content``; that must not count as rendering.
        super().__init__("", content_type, status, charset=charset, headers=headers)
        self._is_rendered = False

    def __getstate__(self) -> dict[str, Any]:
        if not self._is_rendered:
            raise ContentNotRenderedError(
                "The response content must be rendered before it can be pickled."
            )
        state = super().__getstate__()
        for attr in self.rendering_attrs:
            state.pop(attr, None)
        return state

    def resolve_template(self, template: str | Sequence[str] | Template) -> Template:
        """A template object from a name, a list of names, or a template."""
        if isinstance(template, list | tuple):
            return select_template(template, using=self.using)
        if isinstance(template, str):
            return get_template(template, using=self.using)
        return template  # type: ignore[return-value]

    def resolve_context(self, context: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        return context

    @property
    def rendered_content(self) -> str:
        """The rendered text, computed from the current template and context."""
        template = self.resolve_template(self.template_name)
        context = self.resolve_context(self.context_data)
        return template.render(context, self._request)

    def add_post_render_callback(self, callback: PostRenderCallback) -> None:
        """Call ``callback(response)`` after rendering (at once if already rendered)."""
        if self._is_rendered:
            callback(self)
        else:
            self._post_render_callbacks.append(callback)

    def render(self) -> SimpleTemplateResponse:
        """Render once; a callback returning a response replaces the one returned."""
        result: Any = self
        if not self._is_rendered:
            self.content = self.rendered_content
            for callback in self._post_render_callbacks:
                replacement = callback(result)
                if replacement is not None:
                    result = replacement
        return result  # type: ignore[no-any-return]

    @property
    def is_rendered(self) -> bool:
        return self._is_rendered

    def __iter__(self) -> Any:
        if not self._is_rendered:
            raise ContentNotRenderedError(
                "The response content must be rendered before it can be iterated over."
            )
        return super().__iter__()

    @property
    def content(self) -> bytes:
        if not self._is_rendered:
            raise ContentNotRenderedError(
                "The response content must be rendered before it can be accessed "
                "(call response.render())."
            )
        return HttpResponse.content.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content.setter
    def content(self, value: object) -> None:
        HttpResponse.content.fset(self, value)  # type: ignore[attr-defined]
        self._is_rendered = True


class TemplateResponse(SimpleTemplateResponse):
    """A ``SimpleTemplateResponse`` rendered with the request (context processors run)."""

    rendering_attrs = [*SimpleTemplateResponse.rendering_attrs, "_request"]

    def __init__(
        self,
        request: HttpRequest,
        template: str | Sequence[str] | Template,
        context: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        status: int | None = None,
        charset: str | None = None,
        using: str | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(template, context, content_type, status, charset, using, headers)
        self._request = request


__all__ = ["ContentNotRenderedError", "SimpleTemplateResponse", "TemplateResponse"]

"""``Template`` and ``Origin``: a Django-language template, parsed once, rendered many times.

``Template(source)`` lexes and parses the source right away (a syntax error
surfaces here, naming the file and line); the first render compiles the node
tree into Python code, and every render after that runs the compiled code.

This module also gathers, under the names Django's ``django.template.base``
has, the pieces a hand-written tag library imports: ``Node``, ``NodeList``,
``Parser``, ``Token``, ``Variable``, ``FilterExpression``, ``token_kwargs``...
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.template.context import BaseContext, Context
from scallion.template.exceptions import TemplateSyntaxError, VariableDoesNotExist
from scallion.template.expressions import FilterExpression, Variable, filter_re
from scallion.template.lexer import (
    BLOCK_TAG_END,
    BLOCK_TAG_START,
    COMMENT_TAG_END,
    COMMENT_TAG_START,
    FILTER_ARGUMENT_SEPARATOR,
    FILTER_SEPARATOR,
    SINGLE_BRACE_END,
    SINGLE_BRACE_START,
    VARIABLE_ATTRIBUTE_SEPARATOR,
    VARIABLE_TAG_END,
    VARIABLE_TAG_START,
    DebugLexer,
    Lexer,
    Token,
    TokenType,
    tag_re,
)
from scallion.template.nodes import Node, NodeList, TextNode, VariableNode, render_value_in_context
from scallion.template.parser import Parser, kwarg_re, token_kwargs
from scallion.template.signals import template_rendered

#: The origin name of a template built from a string.
UNKNOWN_SOURCE = "<unknown source>"

#: Source lines shown either side of the faulty one in ``template_debug``.
CONTEXT_LINES = 10


class Origin:
    """Where a template came from: ``name`` (a path, usually), the name asked for, the loader."""

    def __init__(self, name: str, template_name: str | None = None, loader: Any = None) -> None:
        self.name = name
        self.template_name = template_name
        self.loader = loader

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} name={self.name!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Origin) and self.name == other.name and self.loader == other.loader

    def __hash__(self) -> int:
        return hash(self.name)

    @property
    def loader_name(self) -> str | None:
        if self.loader:
            return f"{self.loader.__module__}.{type(self.loader).__name__}"
        return None


class Template:
    """A compiled Django-language template.

    ``Template(source)`` outside an engine uses the one ``DjangoTemplates``
    engine configured in ``TEMPLATES``. ``render(context)`` takes a
    ``Context`` (the backend's template, from ``get_template``, takes a dict).
    """

    def __init__(
        self,
        template_string: Any,
        origin: Origin | None = None,
        name: str | None = None,
        engine: Any = None,
    ) -> None:
        if engine is None:
            engine = default_engine()
        if origin is None:
            origin = Origin(UNKNOWN_SOURCE)
        self.name = name
        self.origin = origin
        self.engine = engine
        self.source = str(template_string)  # may be a lazy string
        self.extra_data: dict[str, Any] = {}
        self.nodelist = self.compile_nodelist()

    def __repr__(self) -> str:
        start = self.source[:20].replace("\n", "")
        return f'<{type(self).__qualname__} template_string="{start}...">'

    def _render(self, context: Context) -> Any:
        if template_rendered.listened:
            template_rendered.send(sender=self, template=self, context=context)
        return self.nodelist.render(context)

    def render(self, context: Context) -> Any:
        """Render with ``context`` (a ``Context``); the output is a safe string."""
        render_context = context.render_context
        initial = render_context.template
        render_context.template = self
        render_context.push()
        try:
            if context.template is None:
                with context.bind_template(self):
                    context.template_name = self.name
                    return self._render(context)
            return self._render(context)
        finally:
            render_context.template = initial
            render_context.pop()

    def compile_nodelist(self) -> NodeList:
        """Parse the source into nodes; errors carry the position when the engine debugs."""
        lexer = DebugLexer(self.source) if self.engine.debug else Lexer(self.source)
        tokens = lexer.tokenize()
        parser = Parser(
            tokens, self.engine.template_libraries, self.engine.template_builtins, self.origin
        )
        try:
            nodelist = parser.parse()
            self.extra_data = parser.extra_data
            return nodelist
        except Exception as exc:
            if self.engine.debug and hasattr(exc, "token"):
                exc.template_debug = self.get_exception_info(exc, exc.token)  # type: ignore[attr-defined]
            if (
                isinstance(exc, TemplateSyntaxError)
                and self.origin.name != UNKNOWN_SOURCE
                and exc.args
            ):
                raw_message = exc.args[0]
                exc.raw_error_message = raw_message  # type: ignore[attr-defined]
                where = _where(exc, raw_message)
                exc.args = (f"Template: {self.origin.name}, {raw_message}{where}", *exc.args[1:])
            raise

    def get_exception_info(self, exception: BaseException, token: Token) -> dict[str, Any]:
        """Where ``exception`` happened: the source lines around ``token``, for error pages.

        Keys: ``message``, ``source_lines`` (``(number, text)`` pairs), ``line``,
        ``before``/``during``/``after`` (the line split around the token),
        ``top``/``bottom``/``total`` (line numbers), ``name``, ``start``/``end``
        (the token's offsets in the source).
        """
        start, end = token.position or (0, 0)
        line = 0
        upto = 0
        source_lines = []
        before = during = after = ""
        for num, next_break in enumerate(linebreak_iter(self.source)):
            if start >= upto and end <= next_break:
                line = num
                before = self.source[upto:start]
                during = self.source[start:end]
                after = self.source[end:next_break]
            source_lines.append((num, self.source[upto:next_break]))
            upto = next_break
        total = len(source_lines)
        top = max(1, line - CONTEXT_LINES)
        bottom = min(total, line + 1 + CONTEXT_LINES)
        try:
            message = str(exception.args[0])
        except (IndexError, UnicodeDecodeError):
            message = "(Could not get exception message)"
        return {
            "message": message,
            "source_lines": source_lines[top:bottom],
            "before": before,
            "during": during,
            "after": after,
            "top": top,
            "bottom": bottom,
            "total": total,
            "line": line,
            "name": self.origin.name,
            "start": start,
            "end": end,
        }

    def compiled_source(self, autoescape: bool = True) -> str:
        """The Python code the template runs as (for reading when debugging)."""
        return self.nodelist.compiled_source(autoescape)


#: The ``TEMPLATES`` backend classes whose ``engine`` is a Django-language ``Engine``.
#: ``DjangoTemplates`` enters itself when its module is imported, so this floor finds
#: the default engine without importing the backend (which imports this module).
language_backends: list[type] = []


@functools.lru_cache
def default_engine() -> Any:
    """The engine of the first ``DjangoTemplates`` entry of ``TEMPLATES``.

    What ``Template(source)`` uses when built without an engine; ``Engine.get_default``.
    """
    # The package's face: the configured backends (building them imports theirs).
    from scallion.template import engines

    for backend in engines.all():
        if isinstance(backend, tuple(language_backends)):
            return backend.engine  # type: ignore[attr-defined]
    raise ImproperlyConfigured(
        "No DjangoTemplates backend is configured. Add "
        '{"BACKEND": "scallion.template.backends.django.DjangoTemplates"} to '
        "settings.TEMPLATES, or build the template with an Engine (engine.from_string())."
    )


def _where(exc: BaseException, message: Any) -> str:
    """`` (line 3: {% tag %})`` for an error whose message does not say where it is."""
    token: Any = getattr(exc, "token", None)
    lineno = getattr(token, "lineno", None)
    if token is None or lineno is None or f"line {lineno}" in str(message):
        return ""
    if token.token_type is TokenType.VAR:
        return f" (line {lineno}: {{{{ {token.contents} }}}})"
    return f" (line {lineno}: {{% {token.contents} %}})"


class PartialTemplate:
    """A ``{% partialdef %}`` fragment rendered on its own (``"page.html#name"``)."""

    def __init__(
        self,
        nodelist: NodeList,
        origin: Origin,
        name: str,
        source_start: int | None = None,
        source_end: int | None = None,
    ) -> None:
        self.nodelist = nodelist
        self.origin = origin
        self.name = name
        self.engine: Any = None
        self._source_start = source_start
        self._source_end = source_end

    def get_exception_info(self, exception: BaseException, token: Token) -> dict[str, Any]:
        template = self.origin.loader.get_template(self.origin.template_name)
        return template.get_exception_info(exception, token)  # type: ignore[no-any-return]

    def find_partial_source(self, full_source: str) -> str:
        start, end = self._source_start, self._source_end
        if start is not None and end is not None and 0 <= start <= end <= len(full_source):
            return full_source[start:end]
        return ""

    @property
    def source(self) -> str:
        import warnings

        template = self.origin.loader.get_template(self.origin.template_name)
        if not template.engine.debug:
            warnings.warn(
                "PartialTemplate.source is only available when template debugging is enabled.",
                RuntimeWarning,
                stacklevel=2,
            )
        return self.find_partial_source(template.source)

    def _render(self, context: Context) -> Any:
        if template_rendered.listened:
            template_rendered.send(sender=self, template=self, context=context)
        return self.nodelist.render(context)

    def render(self, context: Context) -> Any:
        render_context = context.render_context
        initial = render_context.template
        render_context.template = self
        render_context.push()
        try:
            if context.template is None:
                with context.bind_template(self):
                    context.template_name = self.name
                    return self._render(context)
            return self._render(context)
        finally:
            render_context.template = initial
            render_context.pop()


def linebreak_iter(template_source: str) -> Iterator[int]:
    """0, then the offset after each newline, then the length plus one."""
    yield 0
    p = template_source.find("\n")
    while p >= 0:
        yield p + 1
        p = template_source.find("\n", p + 1)
    yield len(template_source) + 1


__all__ = [
    "BLOCK_TAG_END",
    "BLOCK_TAG_START",
    "COMMENT_TAG_END",
    "COMMENT_TAG_START",
    "FILTER_ARGUMENT_SEPARATOR",
    "FILTER_SEPARATOR",
    "SINGLE_BRACE_END",
    "SINGLE_BRACE_START",
    "UNKNOWN_SOURCE",
    "VARIABLE_ATTRIBUTE_SEPARATOR",
    "VARIABLE_TAG_END",
    "VARIABLE_TAG_START",
    "BaseContext",
    "DebugLexer",
    "FilterExpression",
    "Lexer",
    "Node",
    "NodeList",
    "Origin",
    "Parser",
    "PartialTemplate",
    "Template",
    "TemplateSyntaxError",
    "TextNode",
    "Token",
    "TokenType",
    "Variable",
    "VariableDoesNotExist",
    "VariableNode",
    "default_engine",
    "filter_re",
    "kwarg_re",
    "linebreak_iter",
    "render_value_in_context",
    "tag_re",
    "token_kwargs",
]

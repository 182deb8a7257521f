"""``Parser``: turns the lexer's tokens into a ``NodeList``, calling each tag's compile function.

A tag's compile function receives the parser and its token; a block tag
calls ``parser.parse(("endtag",))`` to parse its body up to the end tag, then
``parser.delete_first_token()`` to drop it. Errors name the tag and line and,
for an unknown tag or filter, say which library to ``{% load %}`` or which
known name is closest.

Also home of ``token_kwargs``, the helper tags use to read ``name=value``
arguments (and the older ``value as name`` form).
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.expressions import FilterExpression
from scallion.template.lexer import Token, TokenType
from scallion.template.nodes import Node, NodeList, TextNode, VariableNode
from scallion.utils.deprecation import RemovedInDjango2028Warning
from scallion.utils.text import get_text_list

#: ``name=value`` (group 1 the name, group 2 the value) or a bare value.
kwarg_re = re.compile(r"(?:(\w+)=)?(.+)")


class DoubleDotLookupWarning(RemovedInDjango2028Warning):
    """``{{ a..b }}`` looks up the empty string; it will become an error."""


class Parser:
    """Parses a token list; ``tags`` and ``filters`` are those available so far.

    ``libraries`` maps the names ``{% load %}`` accepts to their ``Library``;
    ``builtins`` are loaded from the start. Tags may keep data for the
    template in ``extra_data`` (keyed by a name of their own; ``partials`` is
    used by ``{% partialdef %}``).
    """

    def __init__(
        self,
        tokens: Sequence[Token],
        libraries: dict[str, Any] | None = None,
        builtins: Iterable[Any] | None = None,
        origin: Any = None,
    ) -> None:
        # Reversed, so the next token is popped from the end in constant time.
        self.tokens = list(reversed(tokens))
        self.tags: dict[str, Any] = {}
        self.filters: dict[str, Any] = {}
        self.command_stack: list[tuple[str, Token]] = []
        self.extra_data: dict[str, Any] = {}
        self.libraries = libraries if libraries is not None else {}
        for builtin in builtins or ():
            self.add_library(builtin)
        self.origin = origin

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} tokens={self.tokens!r}>"

    def parse(self, parse_until: Iterable[str] | None = None) -> NodeList:
        """Nodes up to (not including) a block tag whose first word is in ``parse_until``.

        Without ``parse_until``, up to the end of the template. A missing end
        tag is an error naming the unclosed tag.
        """
        until = tuple(parse_until) if parse_until is not None else ()
        nodelist = NodeList()
        while self.tokens:
            token = self.next_token()
            token_type = token.token_type
            if token_type is TokenType.TEXT:
                self.extend_nodelist(nodelist, TextNode(token.contents), token)
            elif token_type is TokenType.VAR:
                if not token.contents:
                    raise self.error(token, f"Empty variable tag on line {token.lineno}")
                try:
                    filter_expression = self.compile_filter(token.contents)
                except TemplateSyntaxError as exc:
                    raise self.error(token, exc) from None
                if filter_expression.is_var and ".." in filter_expression.var.var:
                    warnings.warn(
                        "Support for double-dot lookups '..' which maps to a lookup of the "
                        "empty string is deprecated.\n"
                        f"  Template: {getattr(self.origin, 'name', None)}\n"
                        f"  Line: {token.lineno}",
                        DoubleDotLookupWarning,
                        stacklevel=2,
                    )
                self.extend_nodelist(nodelist, VariableNode(filter_expression), token)
            elif token_type is TokenType.BLOCK:
                try:
                    command = token.contents.split()[0]
                except IndexError:
                    raise self.error(token, f"Empty block tag on line {token.lineno}") from None
                if command in until:
                    # Put the end tag back: the caller knows where parsing stopped.
                    self.prepend_token(token)
                    return nodelist
                self.command_stack.append((command, token))
                try:
                    compile_func = self.tags[command]
                except KeyError:
                    self.invalid_block_tag(token, command, until)
                try:
                    compiled_result = compile_func(self, token)
                except Exception as exc:
                    raise self.error(token, exc)
                self.extend_nodelist(nodelist, compiled_result, token)
                self.command_stack.pop()
        if until:
            self.unclosed_block_tag(until)
        return nodelist

    def skip_past(self, endtag: str) -> None:
        """Drop tokens up to and including the block tag ``endtag``."""
        while self.tokens:
            token = self.next_token()
            if token.token_type is TokenType.BLOCK and token.contents == endtag:
                return
        self.unclosed_block_tag([endtag])

    def extend_nodelist(self, nodelist: NodeList, node: Node, token: Token) -> None:
        if node.must_be_first and nodelist.contains_nontext:
            template_name = getattr(self.origin, "template_name", None)
            where = repr(template_name) if template_name else "the template"
            raise self.error(token, f"{{% {token.contents} %}} must be the first tag in {where}.")
        if not isinstance(node, TextNode):
            nodelist.contains_nontext = True
        # Set here, so a tag's node needs no token or origin argument.
        node.token = token
        node.origin = self.origin
        nodelist.append(node)

    def error(self, token: Token, e: Any) -> Exception:
        """``e`` (an exception, or a message) annotated with ``token``, unless it has one.

        The innermost token wins: an error inside an ``{% if %}`` body points
        at the tag inside, not at the ``if``.
        """
        if not isinstance(e, Exception):
            e = TemplateSyntaxError(e)
        if not hasattr(e, "token"):
            e.token = token
        return e  # type: ignore[no-any-return]

    def invalid_block_tag(
        self, token: Token, command: str, parse_until: Sequence[str] | None = None
    ) -> Any:
        if parse_until:
            expected = get_text_list([f"'{p}'" for p in parse_until], "or")
            message = (
                f"Invalid block tag on line {token.lineno}: '{command}', expected {expected}. "
                "Did you forget to register or load this tag?"
            )
        else:
            message = (
                f"Invalid block tag on line {token.lineno}: '{command}'. Did you forget to "
                "register or load this tag?"
            )
        hint = self._hint(command, "tags", parse_until or ())
        raise self.error(token, f"{message}{hint}")

    def unclosed_block_tag(self, parse_until: Sequence[str]) -> Any:
        command, token = self.command_stack.pop()
        message = (
            f"Unclosed tag on line {token.lineno}: '{command}'. Looking for one of: "
            f"{', '.join(parse_until)}."
        )
        raise self.error(token, message)

    def next_token(self) -> Token:
        return self.tokens.pop()

    def prepend_token(self, token: Token) -> None:
        self.tokens.append(token)

    def delete_first_token(self) -> None:
        del self.tokens[-1]

    def add_library(self, lib: Any) -> None:
        self.tags.update(lib.tags)
        self.filters.update(lib.filters)

    def compile_filter(self, token: str) -> FilterExpression:
        """The ``FilterExpression`` for ``token`` (``name.attr|filter:arg``)."""
        return FilterExpression(token, self)

    def find_filter(self, filter_name: str) -> Any:
        if filter_name in self.filters:
            return self.filters[filter_name]
        hint = self._hint(filter_name, "filters", ())
        raise TemplateSyntaxError(f"Invalid filter: '{filter_name}'{hint}")

    def _hint(self, name: str, kind: str, expected: Sequence[str]) -> str:
        """How to fix an unknown tag or filter: the library to load, or the closest name."""
        hints = []
        holders = sorted(
            label for label, lib in self.libraries.items() if name in getattr(lib, kind, {})
        )
        if holders:
            loads = " or ".join(f"{{% load {label} %}}" for label in holders[:3])
            hints.append(f"'{name}' is in the {', '.join(holders[:3])} library: add {loads}.")
        known = [*expected, *getattr(self, kind)]
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
        if close and not holders:
            quoted = [f"'{c}'" for c in close]
            hints.append(f"Did you mean {get_text_list(quoted, 'or')}?")
        return f" {' '.join(hints)}" if hints else ""


def token_kwargs(
    bits: list[str], parser: Any, support_legacy: bool = False
) -> dict[str, FilterExpression]:
    """Read keyword arguments from the front of ``bits``, removing them from it.

    ``a=1 b=x`` gives ``{"a": <1>, "b": <x>}``. With ``support_legacy``,
    ``1 as a and x as b`` is read too. Reading stops at the first bit of another
    shape, so a tag can take keyword arguments followed by anything else.
    """
    if not bits:
        return {}
    match = kwarg_re.match(bits[0])
    kwarg_format = bool(match and match[1])
    if not kwarg_format and (not support_legacy or len(bits) < 3 or bits[1] != "as"):
        return {}

    kwargs: dict[str, FilterExpression] = {}
    while bits:
        if kwarg_format:
            match = kwarg_re.match(bits[0])
            if not match or not match[1]:
                return kwargs
            key, value = match[1], match[2]
            del bits[:1]
        else:
            if len(bits) < 3 or bits[1] != "as":
                return kwargs
            key, value = bits[2], bits[0]
            del bits[:3]
        kwargs[key] = parser.compile_filter(value)
        if bits and not kwarg_format:
            if bits[0] != "and":
                return kwargs
            del bits[:1]
    return kwargs


__all__ = ["DoubleDotLookupWarning", "Parser", "kwarg_re", "token_kwargs"]

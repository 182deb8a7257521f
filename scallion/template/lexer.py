"""The lexer: template source to a flat list of tokens (text, ``{{ }}``, ``{% %}``, ``{# #}``).

One regular expression finds every tag; what lies between tags is text. The
debug lexer also records each token's position in the source, which error
pages use to underline the tag at fault; it is slower, so an engine uses it
only when it debugs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum

from scallion.utils.text import smart_split

FILTER_SEPARATOR = "|"
FILTER_ARGUMENT_SEPARATOR = ":"
VARIABLE_ATTRIBUTE_SEPARATOR = "."
BLOCK_TAG_START = "{%"
BLOCK_TAG_END = "%}"
VARIABLE_TAG_START = "{{"
VARIABLE_TAG_END = "}}"
COMMENT_TAG_START = "{#"
COMMENT_TAG_END = "#}"
SINGLE_BRACE_START = "{"
SINGLE_BRACE_END = "}"

#: Every tag with its delimiters. ``.`` stops at a newline, so, as in Django, a
#: tag must fit on one line (one broken over two lines stays text).
tag_re = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")


class TokenType(Enum):
    TEXT = 0
    VAR = 1
    BLOCK = 2
    COMMENT = 3


class Token:
    """One piece of the source: its type, its contents (without delimiters), where it is."""

    def __init__(
        self,
        token_type: TokenType,
        contents: str,
        position: tuple[int, int] | None = None,
        lineno: int | None = None,
    ) -> None:
        self.token_type = token_type
        self.contents = contents
        self.lineno = lineno
        self.position = position

    def __repr__(self) -> str:
        token_name = self.token_type.name.capitalize()
        return f'<{token_name} token: "{self.contents[:20].replace(chr(10), "")}...">'

    def split_contents(self) -> list[str]:
        """The tag's words, keeping quoted strings (and ``_("...")``) whole."""
        split = []
        bits = smart_split(self.contents)
        for bit in bits:
            if bit.startswith(('_("', "_('")):
                # A translated string may contain spaces: join its pieces again.
                sentinel = bit[2] + ")"
                trans_bit = [bit]
                while not bit.endswith(sentinel):
                    bit = next(bits)
                    trans_bit.append(bit)
                bit = " ".join(trans_bit)
            split.append(bit)
        return split


class Lexer:
    """Splits a template's source into tokens."""

    def __init__(self, template_string: str) -> None:
        self.template_string = template_string
        self.verbatim: str | bool = False

    def __repr__(self) -> str:
        start = self.template_string[:20].replace("\n", "")
        return f'<{type(self).__qualname__} template_string="{start}...", verbatim={self.verbatim}>'

    def tokenize(self) -> list[Token]:
        in_tag = False
        lineno = 1
        result = []
        for token_string in tag_re.split(self.template_string):
            if token_string:
                result.append(self.create_token(token_string, None, lineno, in_tag))
                lineno += token_string.count("\n")
            in_tag = not in_tag
        return result

    def create_token(
        self, token_string: str, position: tuple[int, int] | None, lineno: int, in_tag: bool
    ) -> Token:
        """The token for ``token_string``: a tag when ``in_tag``, else text.

        Inside ``{% verbatim %}`` every tag but the matching end tag is text.
        """
        if in_tag:
            token_start = token_string[0:2]
            if token_start == BLOCK_TAG_START:
                content = token_string[2:-2].strip()
                if self.verbatim:
                    if content != self.verbatim:
                        return Token(TokenType.TEXT, token_string, position, lineno)
                    self.verbatim = False
                elif content[:9] in ("verbatim", "verbatim "):
                    self.verbatim = f"end{content}"
                return Token(TokenType.BLOCK, content, position, lineno)
            if not self.verbatim:
                content = token_string[2:-2].strip()
                if token_start == VARIABLE_TAG_START:
                    return Token(TokenType.VAR, content, position, lineno)
                return Token(TokenType.COMMENT, content, position, lineno)
        return Token(TokenType.TEXT, token_string, position, lineno)


class DebugLexer(Lexer):
    """A lexer that also records each token's ``(start, end)`` in the source."""

    def _split_positions(self) -> Iterator[tuple[int, int]]:
        last = 0
        for match in tag_re.finditer(self.template_string):
            start, end = match.span()
            yield last, start
            yield start, end
            last = end
        yield last, len(self.template_string)

    def tokenize(self) -> list[Token]:
        in_tag = False
        lineno = 1
        result = []
        source = self.template_string
        for start, end in self._split_positions():
            token_string = source[start:end]
            if token_string:
                result.append(self.create_token(token_string, (start, end), lineno, in_tag))
                lineno += token_string.count("\n")
            in_tag = not in_tag
        return result


__all__ = [
    "BLOCK_TAG_END",
    "BLOCK_TAG_START",
    "COMMENT_TAG_END",
    "COMMENT_TAG_START",
    "FILTER_ARGUMENT_SEPARATOR",
    "FILTER_SEPARATOR",
    "SINGLE_BRACE_END",
    "SINGLE_BRACE_START",
    "VARIABLE_ATTRIBUTE_SEPARATOR",
    "VARIABLE_TAG_END",
    "VARIABLE_TAG_START",
    "DebugLexer",
    "Lexer",
    "Token",
    "TokenType",
    "tag_re",
]

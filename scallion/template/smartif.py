"""The expression language of ``{% if %}``: ``and``, ``or``, ``not``, ``in``, comparisons.

A small top-down operator-precedence parser, with Python's precedence. An
operand that fails to resolve is ``None``; an operator whose evaluation raises
(``1 in 5``) is false: a template does not fail on a comparison.

The parsed tree keeps Django's shape (operator objects with ``first`` and
``second``, literals with ``eval``), so a tag that builds on ``IfParser``
still works; compiled templates turn the tree into Python code instead of
calling ``eval``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class TokenBase:
    """An operator or operand; the base raises the syntax errors."""

    id: str | None = None
    value: Any = None
    first: Any = None
    second: Any = None
    lbp = 0

    def nud(self, parser: IfParser) -> Any:
        raise parser.error_class(f"Not expecting '{self.id}' in this position in if tag.")

    def led(self, left: Any, parser: IfParser) -> Any:
        raise parser.error_class(f"Not expecting '{self.id}' as infix operator in if tag.")

    def display(self) -> Any:
        """What error messages show for this token."""
        return self.id

    def __repr__(self) -> str:
        out = [str(x) for x in [self.id, self.first, self.second] if x is not None]
        return "(" + " ".join(out) + ")"


Evaluator = Callable[..., Any]


def infix(bp: int, func: Evaluator) -> type[TokenBase]:
    """An infix operator class with binding power ``bp``, evaluated by ``func``."""

    class Operator(TokenBase):
        lbp = bp

        def led(self, left: Any, parser: IfParser) -> Any:
            self.first = left
            self.second = parser.expression(bp)
            return self

        def eval(self, context: Any) -> Any:
            try:
                return func(context, self.first, self.second)
            except Exception:
                # {% if 1 in 5 %} and the like: false, not an error.
                return False

    return Operator


def prefix(bp: int, func: Evaluator) -> type[TokenBase]:
    """A prefix operator class with binding power ``bp``, evaluated by ``func``."""

    class Operator(TokenBase):
        lbp = bp

        def nud(self, parser: IfParser) -> Any:
            self.first = parser.expression(bp)
            self.second = None
            return self

        def eval(self, context: Any) -> Any:
            try:
                return func(context, self.first)
            except Exception:
                return False

    return Operator


# Operands are evaluated inside the functions, so "and"/"or" short-circuit.
OPERATORS: dict[str, type[TokenBase]] = {
    "or": infix(6, lambda context, x, y: x.eval(context) or y.eval(context)),
    "and": infix(7, lambda context, x, y: x.eval(context) and y.eval(context)),
    "not": prefix(8, lambda context, x: not x.eval(context)),
    "in": infix(9, lambda context, x, y: x.eval(context) in y.eval(context)),
    "not in": infix(9, lambda context, x, y: x.eval(context) not in y.eval(context)),
    "is": infix(10, lambda context, x, y: x.eval(context) is y.eval(context)),
    "is not": infix(10, lambda context, x, y: x.eval(context) is not y.eval(context)),
    "==": infix(10, lambda context, x, y: x.eval(context) == y.eval(context)),
    "!=": infix(10, lambda context, x, y: x.eval(context) != y.eval(context)),
    ">": infix(10, lambda context, x, y: x.eval(context) > y.eval(context)),
    ">=": infix(10, lambda context, x, y: x.eval(context) >= y.eval(context)),
    "<": infix(10, lambda context, x, y: x.eval(context) < y.eval(context)),
    "<=": infix(10, lambda context, x, y: x.eval(context) <= y.eval(context)),
}

for _key, _op in OPERATORS.items():
    _op.id = _key

#: The Python operator for each binary operator, for compiled code.
PYTHON_OPERATORS = {
    "in": "in",
    "not in": "not in",
    "is": "is",
    "is not": "is not",
    "==": "==",
    "!=": "!=",
    ">": ">",
    ">=": ">=",
    "<": "<",
    "<=": "<=",
}


class Literal(TokenBase):
    """An operand that is its own value (the template parser makes richer ones)."""

    id = "literal"
    lbp = 0

    def __init__(self, value: Any) -> None:
        self.value = value

    def display(self) -> Any:
        return repr(self.value)

    def nud(self, parser: IfParser) -> Any:
        return self

    def eval(self, context: Any) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"({self.id} {self.value!r})"


class _EndToken(TokenBase):
    lbp = 0

    def nud(self, parser: IfParser) -> Any:
        raise parser.error_class("Unexpected end of expression in if tag.")


EndToken = _EndToken()


class IfParser:
    """Parses a list of words (``["not", "a", "in", "b"]``) into an expression tree."""

    error_class: type[Exception] = ValueError

    def __init__(self, tokens: list[Any]) -> None:
        # "is not" and "not in" are single operators.
        num_tokens = len(tokens)
        mapped_tokens = []
        i = 0
        while i < num_tokens:
            token = tokens[i]
            if token == "is" and i + 1 < num_tokens and tokens[i + 1] == "not":
                token = "is not"
                i += 1
            elif token == "not" and i + 1 < num_tokens and tokens[i + 1] == "in":
                token = "not in"
                i += 1
            mapped_tokens.append(self.translate_token(token))
            i += 1
        self.tokens = mapped_tokens
        self.pos = 0
        self.current_token = self.next_token()

    def translate_token(self, token: Any) -> Any:
        try:
            op = OPERATORS[token]
        except (KeyError, TypeError):
            return self.create_var(token)
        return op()

    def next_token(self) -> Any:
        if self.pos >= len(self.tokens):
            return EndToken
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Any:
        result = self.expression()
        if self.current_token is not EndToken:
            raise self.error_class(
                f"Unused '{self.current_token.display()}' at end of if expression."
            )
        return result

    def expression(self, rbp: int = 0) -> Any:
        t = self.current_token
        self.current_token = self.next_token()
        left = t.nud(self)
        while rbp < self.current_token.lbp:
            t = self.current_token
            self.current_token = self.next_token()
            left = t.led(left, self)
        return left

    def create_var(self, value: Any) -> Any:
        return Literal(value)


__all__ = ["OPERATORS", "PYTHON_OPERATORS", "EndToken", "IfParser", "Literal", "TokenBase"]

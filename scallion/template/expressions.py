"""``Variable`` and ``FilterExpression``: the ``name.attr|filter:arg`` part of a template.

Both are parsed once, when the template is compiled. A ``FilterExpression``
is a variable (or a literal) followed by filters; it is what ``{{ }}`` holds
and what most tags take as arguments (``parser.compile_filter``). Compiled
templates turn them into Python code; ``resolve(context)`` is kept for tags
written by hand, which call it themselves.

Rules enforced here, when the template is compiled: no name or attribute may
start with an underscore (so a template cannot reach ``__class__`` or private
state), and every filter exists and is given the number of arguments it takes.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from scallion.template.context import BaseContext
from scallion.template.exceptions import TemplateSyntaxError, VariableDoesNotExist
from scallion.template.lexer import FILTER_ARGUMENT_SEPARATOR, FILTER_SEPARATOR
from scallion.template.runtime import (
    MISSING,
    SilentVariableFailure,
    lookup,
    missing_name,
    resolve_bit,
    resolve_name,
    string_if_invalid,
)
from scallion.utils.safestring import SafeData, mark_safe
from scallion.utils.text import unescape_string_literal
from scallion.utils.timezone import template_localtime
from scallion.utils.translation import gettext_lazy, pgettext_lazy

# Quoted strings (optionally marked for translation): numbers are variables, so
# they keep their type when passed to a filter.
_constant_string = r"""
(?:{i18n_open}{strdq}{i18n_close}|
{i18n_open}{strsq}{i18n_close}|
{strdq}|
{strsq})
""".format(
    strdq=r'"[^"\\]*(?:\\.[^"\\]*)*"',
    strsq=r"'[^'\\]*(?:\\.[^'\\]*)*'",
    i18n_open=re.escape("_("),
    i18n_close=re.escape(")"),
).replace("\n", "")

filter_raw_string = r"""
^(?P<constant>{constant})|
^(?P<var>[{var_chars}]+)|
 (?:\s*{filter_sep}\s*
     (?P<filter_name>\w+)
         (?:{arg_sep}
             (?:
              (?P<constant_arg>{constant})|
              (?P<var_arg>[{var_chars}]+)
             )
         )?
 )""".format(
    constant=_constant_string,
    var_chars=r"\w\.\+-",
    filter_sep=re.escape(FILTER_SEPARATOR),
    arg_sep=re.escape(FILTER_ARGUMENT_SEPARATOR),
)

filter_re = re.compile(filter_raw_string, re.VERBOSE)


class Variable:
    """A name with attribute look-ups (``article.author.name``), or a literal.

    Literals are numbers (``1``, ``2.5``, ``1e3``) and quoted strings, which
    are safe (they come from the template author). ``_("text")`` marks a
    literal or a variable for translation when rendered.
    """

    __slots__ = ("literal", "lookups", "message_context", "translate", "var")

    def __init__(self, var: str) -> None:
        self.var = var
        self.literal: Any = None
        self.lookups: tuple[str, ...] | None = None
        self.translate = False
        self.message_context: str | None = None

        if not isinstance(var, str):
            raise TypeError(f"Variable must be a string or number, got {type(var)}")
        try:
            # A number? Anything with a dot or an 'e' is tried as a float.
            if "." in var or "e" in var.lower():
                self.literal = float(var)
                if var[-1] == ".":  # "2." is not a number here
                    raise ValueError
            else:
                self.literal = int(var)
        except ValueError:
            if var[0:2] == "_(" and var[-1] == ")":
                self.translate = True
                var = var[2:-1]
            try:
                self.literal = mark_safe(unescape_string_literal(var))
            except ValueError:
                if "._" in var or var[0] == "_":
                    raise TemplateSyntaxError(
                        f"Variables and attributes may not begin with underscores: '{var}'"
                    ) from None
                for char in ("+", "-"):
                    if char in var:
                        raise TemplateSyntaxError(
                            f"Invalid character ('{char}') in variable name: '{var}'"
                        ) from None
                self.lookups = tuple(var.split("."))

    def resolve(self, context: Any) -> Any:
        """The variable's value in ``context`` (a ``Context`` or a plain dict)."""
        value = self._resolve_lookup(context) if self.lookups is not None else self.literal
        if self.translate:
            return translated(value, self.message_context)
        return value

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.var!r}>"

    def __str__(self) -> str:
        return self.var

    def _resolve_lookup(self, context: Any) -> Any:
        lookups = self.lookups
        assert lookups is not None
        try:
            first = lookups[0]
            if isinstance(context, BaseContext):
                current = resolve_name(lookup(context.dicts, first), first, context)
            else:
                current = resolve_bit(context, first, context)
            for bit in lookups[1:]:
                current = resolve_bit(current, bit, context)
        except SilentVariableFailure as failure:
            return failure.value
        return current


def translated(value: Any, message_context: str | None) -> Any:
    """``_(value)``: the lazy translation of a literal or variable's value."""
    is_safe = isinstance(value, SafeData)
    msgid = value.replace("%", "%%")
    msgid = mark_safe(msgid) if is_safe else msgid
    if message_context:
        return pgettext_lazy(message_context, msgid)
    return gettext_lazy(msgid)


#: A filter and its arguments: ``(is_variable, value)`` pairs, a Variable when
#: ``is_variable``, else the literal value.
FilterCall = tuple[Any, list[tuple[bool, Any]]]


class FilterExpression:
    """A variable or literal followed by filters: ``value|default:"none"|upper``.

    ``var`` is the ``Variable`` (or the literal value, for a quoted string),
    ``filters`` the ``(function, args)`` list, ``is_var`` whether ``var`` is a
    ``Variable``. A filter unknown to the parser, or given the wrong number of
    arguments, is a ``TemplateSyntaxError`` when the template is compiled.
    """

    __slots__ = ("filters", "is_var", "token", "var")

    def __init__(self, token: str, parser: Any) -> None:
        self.token = token
        var_obj: Any = None
        filters: list[FilterCall] = []
        upto = 0
        for match in filter_re.finditer(token):
            start = match.start()
            if upto != start:
                raise TemplateSyntaxError(
                    "Could not parse some characters: "
                    f"{token[:upto]}|{token[upto:start]}|{token[start:]}"
                )
            if var_obj is None:
                if constant := match["constant"]:
                    try:
                        var_obj = Variable(constant).resolve({})
                    except VariableDoesNotExist:
                        var_obj = None
                elif (var := match["var"]) is None:
                    raise TemplateSyntaxError(f"Could not find variable at start of {token}.")
                else:
                    var_obj = Variable(var)
            else:
                filter_name = match["filter_name"]
                args: list[tuple[bool, Any]] = []
                if constant_arg := match["constant_arg"]:
                    args.append((False, Variable(constant_arg).resolve({})))
                elif var_arg := match["var_arg"]:
                    args.append((True, Variable(var_arg)))
                filter_func = parser.find_filter(filter_name)
                self.args_check(filter_name, filter_func, args)
                filters.append((filter_func, args))
            upto = match.end()
        if upto != len(token):
            raise TemplateSyntaxError(
                f"Could not parse the remainder: '{token[upto:]}' from '{token}'"
            )
        self.filters = filters
        self.var = var_obj
        self.is_var = isinstance(var_obj, Variable)

    def resolve(self, context: Any, ignore_failures: bool = False) -> Any:
        """The value with its filters applied.

        A variable that does not resolve becomes ``None`` with
        ``ignore_failures``, else the engine's ``string_if_invalid`` (returned
        as is, filters skipped, when it is set; when it is empty the filters
        see ``""``).
        """
        if self.is_var:
            try:
                obj = self.var.resolve(context)
            except VariableDoesNotExist:
                if ignore_failures:
                    obj = None
                else:
                    invalid = string_if_invalid(context)
                    if invalid:
                        if "%s" in invalid:
                            return invalid % self.var
                        return invalid
                    obj = invalid
        else:
            obj = self.var
        for func, args in self.filters:
            arg_vals = []
            for is_variable, arg in args:
                arg_vals.append(arg.resolve(context) if is_variable else mark_safe(arg))
            if getattr(func, "expects_localtime", False):
                obj = template_localtime(obj, context.use_tz)
            if getattr(func, "needs_autoescape", False):
                new_obj = func(obj, *arg_vals, autoescape=context.autoescape)
            else:
                new_obj = func(obj, *arg_vals)
            if getattr(func, "is_safe", False) and isinstance(obj, SafeData):
                obj = mark_safe(new_obj)
            else:
                obj = new_obj
        return obj

    @staticmethod
    def args_check(name: str, func: Any, provided: list[Any]) -> bool:
        """Raise ``TemplateSyntaxError`` unless ``func`` takes ``provided`` plus its input."""
        given = len(provided) + 1  # the value being filtered is the first argument
        spec = inspect.getfullargspec(inspect.unwrap(func))
        takes = len(spec.args)
        optional = len(spec.defaults or ())
        if given < takes - optional or given > takes:
            raise TemplateSyntaxError(
                f"{name} requires {takes - optional} arguments, {given} provided"
            )
        return True

    def __str__(self) -> str:
        return self.token

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} {self.token!r}>"


__all__ = [
    "MISSING",
    "FilterExpression",
    "Variable",
    "VariableDoesNotExist",
    "filter_re",
    "missing_name",
    "translated",
]

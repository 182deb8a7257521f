"""The built-in tags every Django-language template has: ``if``, ``for``, ``with``, ``url``...

Each tag is a compile function (registered on ``register``) that parses the
tag's arguments when the template is compiled, and a node class whose
``emit`` writes the Python code the tag becomes (see
``scallion.template.compiler``). The nodes keep Django's names and
attributes, so code that inspects a parsed template finds what it expects.
"""

from __future__ import annotations

import itertools
import re
import sys
import warnings
from collections import namedtuple
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from scallion.conf import settings
from scallion.template.compiler import OPAQUE, PURE, CodeGen, Effects, is_native, writes
from scallion.template.context import Context
from scallion.template.exceptions import TemplateSyntaxError, VariableDoesNotExist
from scallion.template.expressions import FilterExpression
from scallion.template.lexer import (
    BLOCK_TAG_END,
    BLOCK_TAG_START,
    COMMENT_TAG_END,
    COMMENT_TAG_START,
    FILTER_SEPARATOR,
    SINGLE_BRACE_END,
    SINGLE_BRACE_START,
    VARIABLE_ATTRIBUTE_SEPARATOR,
    VARIABLE_TAG_END,
    VARIABLE_TAG_START,
)
from scallion.template.library import Library
from scallion.template.nodes import CompiledNode, Node, NodeList
from scallion.template.parser import Parser, kwarg_re, token_kwargs
from scallion.template.smartif import OPERATORS, PYTHON_OPERATORS, IfParser, Literal
from scallion.urls import NoReverseMatch, reverse
from scallion.utils.csp import nonce_attr
from scallion.utils.html import conditional_escape, escape, format_html, strip_spaces_between_tags

register = Library()

#: Most words or paragraphs ``{% lorem %}`` produces: a count from the context
#: cannot make a render build an unbounded string.
LOREM_MAX_COUNT = 10_000


def _block(gen: CodeGen, emit_body: Any) -> None:
    """Emit an indented block; ``pass`` when the body emitted nothing."""
    with gen.indented():
        before = len(gen.lines)
        emit_body()
        if len(gen.lines) == before:
            gen.line("pass")


def _mentions_forloop(gen: CodeGen, nodelist: Iterable[Any]) -> bool:
    """Whether a loop body may read ``forloop`` (so the loop must build that dict)."""
    for node in nodelist:
        if not is_native(node) or getattr(node, "uses_forloop", False):
            return True
        token = getattr(node, "token", None)
        if token is None or "forloop" in token.contents:
            return True
        for inner in node.inline_nodelists():
            if _mentions_forloop(gen, inner):
                return True
    return False


# -- autoescape -----------------------------------------------------------------


class AutoEscapeControlNode(CompiledNode):
    """``{% autoescape on|off %}``."""

    def __init__(self, setting: bool, nodelist: NodeList) -> None:
        self.setting = setting
        self.nodelist = nodelist

    def emit(self, gen: CodeGen) -> None:
        # Tags that read the context (includes, hand-written tags) see the setting.
        previous = gen.tmp("_ae")
        gen.line(f"{previous} = context.autoescape")
        gen.line(f"context.autoescape = {self.setting!r}")
        with gen.autoescaping(self.setting):
            gen.nodelist(self.nodelist)
        gen.line(f"context.autoescape = {previous}")


@register.tag
def autoescape(parser: Parser, token: Any) -> Node:
    """Force autoescaping on or off for the enclosed block."""
    args = token.contents.split()
    if len(args) != 2:
        raise TemplateSyntaxError("'autoescape' tag requires exactly one argument.")
    arg = args[1]
    if arg not in ("on", "off"):
        raise TemplateSyntaxError("'autoescape' argument should be 'on' or 'off'")
    nodelist = parser.parse(("endautoescape",))
    parser.delete_first_token()
    return AutoEscapeControlNode((arg == "on"), nodelist)


# -- comment, csrf_token, debug ------------------------------------------------------


class CommentNode(CompiledNode):
    child_nodelists = ()

    def emit(self, gen: CodeGen) -> None:
        pass


@register.tag
def comment(parser: Parser, token: Any) -> Node:
    """Ignore everything up to ``{% endcomment %}``."""
    parser.skip_past("endcomment")
    return CommentNode()


def csrf_input(csrf_token: Any) -> str:
    """The hidden form field for ``{% csrf_token %}`` (empty, with a warning, when missing)."""
    if csrf_token:
        if csrf_token == "NOTPROVIDED":
            return format_html("")
        return format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
        )
    if settings.DEBUG:
        warnings.warn(
            "A {% csrf_token %} was used in a template, but the context did not provide the "
            "value. This is usually caused by not using RequestContext.",
            stacklevel=2,
        )
    return ""


class CsrfTokenNode(CompiledNode):
    child_nodelists = ()

    def emit(self, gen: CodeGen) -> None:
        raw = gen.raw("csrf_token")
        gen.output(f"{gen.const(csrf_input)}(None if {raw} is MISSING else {raw})")


@register.tag
def csrf_token(parser: Parser, token: Any) -> Node:
    return CsrfTokenNode()


class CycleNode(CompiledNode):
    """``{% cycle a b c [as name [silent]] %}``: the next value on each render."""

    child_nodelists = ()

    def __init__(
        self,
        cyclevars: list[FilterExpression],
        variable_name: str | None = None,
        silent: bool = False,
    ) -> None:
        self.cyclevars = cyclevars
        self.variable_name = variable_name
        self.silent = silent

    def compile_effects(self) -> Effects:
        # set_upward may change a dict below the top: treated as reading and writing anything.
        return OPAQUE if self.variable_name else PURE

    def emit(self, gen: CodeGen) -> None:
        node = gen.const(self)
        for fe in self.cyclevars:
            gen.prefetch(fe)
        state = gen.tmp("_rc")
        choice = gen.tmp("_fe")
        value = gen.tmp("_cv")
        gen.line(f"{state} = context.render_context")
        gen.line(f"if {node} not in {state}:")
        gen.line(f"    {state}[{node}] = {gen.const(itertools.cycle)}({node}.cyclevars)")
        gen.line(f"{choice} = next({state}[{node}])")
        before = gen.snapshot()
        ends = []
        for index, fe in enumerate(self.cyclevars):
            gen.line(f"{'if' if index == 0 else 'elif'} {choice} is {gen.const(fe)}:")
            gen.known = dict(before)

            def branch(fe: FilterExpression = fe) -> None:
                gen.line(f"{value} = {gen.filter_expression(fe)}")

            _block(gen, branch)
            ends.append(gen.snapshot())
        gen.line("else:")
        gen.line(f"    {value} = {choice}.resolve(context)")
        gen.known = gen.common([*ends, before])
        if self.variable_name:
            gen.line(f"context.set_upward({self.variable_name!r}, {value})")
            gen.forget()
        if not self.silent:
            gen.output(gen.render_value_expr(value))

    def reset(self, context: Context) -> None:
        """Start the cycle again from its first value."""
        context.render_context[self] = itertools.cycle(self.cyclevars)


@register.tag
def cycle(parser: Parser, token: Any) -> Node:
    """Cycle among the given values each time the tag is rendered.

    ``{% cycle 'a' 'b' as name %}`` also stores the value as ``name``, and
    names the cycle so a later ``{% cycle name %}`` continues it; ``silent``
    stores without output.
    """
    # {% cycle name %} returns the very node of {% cycle ... as name %}: named
    # cycles are per template, kept on the parser.
    args = token.split_contents()
    if len(args) < 2:
        raise TemplateSyntaxError("'cycle' tag requires at least two arguments")
    if len(args) == 2:
        name = args[1]
        if not hasattr(parser, "_named_cycle_nodes"):
            raise TemplateSyntaxError(f"No named cycles in template. '{name}' is not defined")
        if name not in parser._named_cycle_nodes:
            raise TemplateSyntaxError(f"Named cycle '{name}' does not exist")
        return parser._named_cycle_nodes[name]  # type: ignore[no-any-return]

    as_form = False
    silent = False
    if len(args) > 4:
        if args[-3] == "as":
            if args[-1] != "silent":
                raise TemplateSyntaxError(
                    f"Only 'silent' flag is allowed after cycle's name, not '{args[-1]}'."
                )
            as_form = True
            silent = True
            args = args[:-1]
        elif args[-2] == "as":
            as_form = True
            silent = False

    if as_form:
        name = args[-1]
        values = [parser.compile_filter(arg) for arg in args[1:-2]]
        node = CycleNode(values, name, silent=silent)
        if not hasattr(parser, "_named_cycle_nodes"):
            parser._named_cycle_nodes = {}  # type: ignore[attr-defined]
        parser._named_cycle_nodes[name] = node  # type: ignore[attr-defined]
    else:
        values = [parser.compile_filter(arg) for arg in args[1:]]
        node = CycleNode(values)
    parser._last_cycle_node = node  # type: ignore[attr-defined]
    return node


class DebugNode(Node):
    """``{% debug %}``: the context and the loaded modules, in DEBUG only."""

    def render(self, context: Context) -> str:
        if not settings.DEBUG:
            return ""
        from pprint import pformat

        output: list[str] = [escape(pformat(val)) for val in context]
        output.append("\n\n")
        output.append(escape(pformat(sys.modules)))
        return "".join(output)


@register.tag
def debug(parser: Parser, token: Any) -> Node:
    return DebugNode()


# -- filter, firstof -----------------------------------------------------------------


class FilterNode(CompiledNode):
    """``{% filter f|g %}...{% endfilter %}``: the block's output through the filters."""

    def __init__(self, filter_expr: FilterExpression, nodelist: NodeList) -> None:
        self.filter_expr = filter_expr
        self.nodelist = nodelist

    def emit(self, gen: CodeGen) -> None:
        with gen.capture() as content:
            gen.nodelist(self.nodelist)
        before = gen.known.get("var")
        gen.bind("var", content)
        result = gen.filter_expression(self.filter_expr)
        if before is None:
            del gen.known["var"]
        else:
            gen.known["var"] = before
        gen.output(result)


@register.tag("filter")
def do_filter(parser: Parser, token: Any) -> Node:
    """Filter the block's contents: ``{% filter force_escape|lower %}...{% endfilter %}``."""
    _, rest = token.contents.split(None, 1)
    filter_expr = parser.compile_filter(f"var|{rest}")
    for func, _args in filter_expr.filters:
        filter_name = getattr(func, "_filter_name", None)
        if filter_name in ("escape", "safe"):
            raise TemplateSyntaxError(
                f'"filter {filter_name}" is not permitted. Use the "autoescape" tag instead.'
            )
    nodelist = parser.parse(("endfilter",))
    parser.delete_first_token()
    return FilterNode(filter_expr, nodelist)


class FirstOfNode(CompiledNode):
    """``{% firstof a b "fallback" [as name] %}``: the first true value."""

    child_nodelists = ()

    def __init__(self, variables: list[FilterExpression], asvar: str | None = None) -> None:
        self.vars = variables
        self.asvar = asvar

    def compile_effects(self) -> Effects:
        return writes(self.asvar) if self.asvar else PURE

    def emit(self, gen: CodeGen) -> None:
        for fe in self.vars:
            gen.prefetch(fe)
        first = gen.tmp("_first")
        gen.line(f"{first} = ''")
        before = gen.snapshot()
        self._emit_from(gen, 0, first)
        gen.known = before
        if self.asvar:
            gen.store(self.asvar, first)
        else:
            gen.output(first)

    def _emit_from(self, gen: CodeGen, index: int, first: str) -> None:
        if index == len(self.vars):
            return
        value = gen.filter_expression(self.vars[index], ignore_failures=True)
        gen.line(f"if {value}:")
        gen.line(f"    {first} = {gen.render_value_expr(value)}")
        if index + 1 < len(self.vars):
            gen.line("else:")
            _block(gen, lambda: self._emit_from(gen, index + 1, first))


@register.tag
def firstof(parser: Parser, token: Any) -> Node:
    """Output the first of the arguments that is true (nothing if none is)."""
    bits = token.split_contents()[1:]
    asvar = None
    if not bits:
        raise TemplateSyntaxError("'firstof' statement requires at least one argument")
    if len(bits) >= 2 and bits[-2] == "as":
        asvar = bits[-1]
        bits = bits[:-2]
    return FirstOfNode([parser.compile_filter(bit) for bit in bits], asvar)


# -- for -----------------------------------------------------------------------------


class ForNode(CompiledNode):
    """``{% for x in seq [reversed] %}...{% empty %}...{% endfor %}``.

    Compiled to a Python ``for``: the loop variables are locals; the
    ``forloop`` dict is built only when the body may read it, and the context
    gets the loop's dict pushed only when the body holds a node that reads the
    context itself.
    """

    child_nodelists = ("nodelist_loop", "nodelist_empty")
    opens_scope = True

    def __init__(
        self,
        loopvars: list[str],
        sequence: FilterExpression,
        is_reversed: bool,
        nodelist_loop: NodeList,
        nodelist_empty: NodeList | None = None,
    ) -> None:
        self.loopvars = loopvars
        self.sequence = sequence
        self.is_reversed = is_reversed
        self.nodelist_loop = nodelist_loop
        self.nodelist_empty = NodeList() if nodelist_empty is None else nodelist_empty

    def __repr__(self) -> str:
        reversed_text = " reversed" if self.is_reversed else ""
        return (
            f"<{type(self).__name__}: for {', '.join(self.loopvars)} in {self.sequence}, "
            f"tail_len: {len(self.nodelist_loop)}{reversed_text}>"
        )

    def inline_nodelists(self) -> list[Any]:
        return [self.nodelist_loop, self.nodelist_empty]

    def emit(self, gen: CodeGen) -> None:
        with gen.scope():
            body_effects = gen.nodelist_effects(self.nodelist_loop)
            empty_effects = gen.nodelist_effects(self.nodelist_empty)
        effects = body_effects | empty_effects
        materialize = effects.touches_context
        needs_dict = materialize or _mentions_forloop(gen, self.nodelist_loop)
        parent = None
        if needs_dict:
            raw = gen.raw("forloop")
            parent = gen.tmp("_pl")
            gen.line(f"{parent} = {{}} if {raw} is MISSING else {raw}")
        if materialize:
            gen.line("_ContextDict(context)")
            gen.line("try:")
            with gen.indented():
                self._emit_loop(gen, body_effects, materialize, needs_dict, parent)
            gen.line("finally:")
            gen.line("    context.pop()")
        else:
            self._emit_loop(gen, body_effects, materialize, needs_dict, parent)

    def _emit_loop(
        self,
        gen: CodeGen,
        body_effects: Effects,
        materialize: bool,
        needs_dict: bool,
        parent: str | None,
    ) -> None:
        values = gen.filter_expression(self.sequence, ignore_failures=True)
        length = gen.tmp("_n")
        gen.line(f"if {values} is None:")
        gen.line(f"    {values} = []")
        gen.line(f"if not hasattr({values}, '__len__'):")
        gen.line(f"    {values} = list({values})")
        gen.line(f"{length} = len({values})")
        before = gen.snapshot()
        gen.line(f"if {length} < 1:")
        with gen.scope():
            _block(gen, lambda: gen.nodelist(self.nodelist_empty))
        gen.known = dict(before)
        gen.line("else:")
        with gen.indented(), gen.scope():
            self._emit_iterations(
                gen, values, length, body_effects, materialize, needs_dict, parent
            )
        gen.known = (
            {}
            if (body_effects.opaque or gen.nodelist_effects(self.nodelist_empty).opaque)
            else before
        )
        if gen.known is not before and not gen.known:
            gen.line("dicts = context.dicts")

    def _emit_iterations(
        self,
        gen: CodeGen,
        values: str,
        length: str,
        body_effects: Effects,
        materialize: bool,
        needs_dict: bool,
        parent: str | None,
    ) -> None:
        if self.is_reversed:
            gen.line(f"{values} = reversed({values})")
        loop_dict = counter = None
        item = gen.tmp("_item")
        if needs_dict:
            loop_dict = gen.tmp("_loop")
            counter = gen.tmp("_i")
            gen.line(f"{loop_dict} = {{'parentloop': {parent}, 'length': {length}}}")
            if materialize:
                gen.line(f"dicts[-1]['forloop'] = {loop_dict}")
            gen.line(f"for {counter}, {item} in enumerate({values}):")
        else:
            gen.line(f"for {item} in {values}:")
        outer = gen.snapshot()
        if body_effects.opaque:
            gen.known = {}
        else:
            gen.known = {k: v for k, v in outer.items() if k not in body_effects.writes}
        with gen.indented():
            if needs_dict:
                gen.line(f"{loop_dict}['counter0'] = {counter}")
                gen.line(f"{loop_dict}['counter'] = {counter} + 1")
                gen.line(f"{loop_dict}['revcounter'] = {length} - {counter}")
                gen.line(f"{loop_dict}['revcounter0'] = {length} - {counter} - 1")
                gen.line(f"{loop_dict}['first'] = {counter} == 0")
                gen.line(f"{loop_dict}['last'] = {counter} == {length} - 1")
                assert loop_dict is not None
                gen.bind("forloop", loop_dict)
            pushed = self._bind_loopvars(gen, item, materialize)
            gen.nodelist(self.nodelist_loop)
            if pushed:
                gen.line("context.pop()")
            if body_effects.opaque:
                gen.line("dicts = context.dicts")
        gen.known = outer

    def _bind_loopvars(self, gen: CodeGen, item: str, materialize: bool) -> bool:
        """Bind the loop variables to the item; True when a dict was pushed for them."""
        loopvars = self.loopvars
        if len(loopvars) == 1:
            if materialize:
                gen.line(f"dicts[-1][{loopvars[0]!r}] = {item}")
            gen.bind(loopvars[0], item)
            return False
        count = len(loopvars)
        size = gen.tmp("_len")
        gen.line("try:")
        gen.line(f"    {size} = len({item})")
        gen.line("except TypeError:")
        gen.line(f"    {size} = 1")
        gen.line(f"if {size} != {count}:")
        gen.line(
            f"    raise ValueError('Need {count} values to unpack in for loop; got ' "
            f"+ str({size}) + '. ')"
        )
        unpacked = gen.tmp("_unpacked")
        gen.line(f"{unpacked} = dict(zip({tuple(loopvars)!r}, {item}))")
        if materialize:
            gen.line(f"_ContextDict(context, {unpacked})")
        for name in dict.fromkeys(loopvars):
            local = gen.tmp("_lv")
            gen.line(f"{local} = {unpacked}[{name!r}]")
            gen.bind(name, local)
        return materialize


@register.tag("for")
def do_for(parser: Parser, token: Any) -> Node:
    """Loop over a sequence: ``{% for x in seq %}``, ``{% for k, v in d.items %}``.

    ``reversed`` after the sequence loops backwards; ``{% empty %}`` gives the
    output for an empty (or missing) sequence. Inside, ``forloop`` holds
    ``counter``, ``counter0``, ``revcounter``, ``revcounter0``, ``first``,
    ``last``, ``length`` and ``parentloop``.
    """
    bits = token.split_contents()
    if len(bits) < 4:
        raise TemplateSyntaxError(
            f"'for' statements should have at least four words: {token.contents}"
        )
    is_reversed = bits[-1] == "reversed"
    in_index = -3 if is_reversed else -2
    if bits[in_index] != "in":
        raise TemplateSyntaxError(
            f"'for' statements should use the format 'for x in y': {token.contents}"
        )
    invalid_chars = frozenset((" ", '"', "'", FILTER_SEPARATOR))
    loopvars = re.split(r" *, *", " ".join(bits[1:in_index]))
    for var in loopvars:
        if not var or not invalid_chars.isdisjoint(var):
            raise TemplateSyntaxError(f"'for' tag received an invalid argument: {token.contents}")
    sequence = parser.compile_filter(bits[in_index + 1])
    nodelist_loop = parser.parse(("empty", "endfor"))
    token = parser.next_token()
    if token.contents == "empty":
        nodelist_empty = parser.parse(("endfor",))
        parser.delete_first_token()
    else:
        nodelist_empty = None
    return ForNode(loopvars, sequence, is_reversed, nodelist_loop, nodelist_empty)


# -- if ------------------------------------------------------------------------------


class TemplateLiteral(Literal):
    """An ``{% if %}`` operand: a filter expression, false when it does not resolve."""

    def __init__(self, value: FilterExpression, text: str) -> None:
        self.value = value
        self.text = text

    def display(self) -> str:
        return self.text

    def eval(self, context: Any) -> Any:
        return self.value.resolve(context, ignore_failures=True)


class TemplateIfParser(IfParser):
    error_class = TemplateSyntaxError

    def __init__(self, parser: Parser, *args: Any, **kwargs: Any) -> None:
        self.template_parser = parser
        super().__init__(*args, **kwargs)

    def create_var(self, value: Any) -> Any:
        return TemplateLiteral(self.template_parser.compile_filter(value), value)


_OPERATOR_CLASSES = {op: name for name, op in OPERATORS.items()}


def _standard_condition(condition: Any) -> bool:
    """Whether the compiler knows every part of an ``{% if %}`` expression."""
    if condition is None or type(condition) is TemplateLiteral:
        return True
    name = _OPERATOR_CLASSES.get(type(condition))
    if name is None:
        return False
    if name == "not":
        return _standard_condition(condition.first)
    return _standard_condition(condition.first) and _standard_condition(condition.second)


def _prefetch_condition(gen: CodeGen, condition: Any) -> None:
    if type(condition) is TemplateLiteral:
        gen.prefetch(condition.value)
    elif condition is not None:
        _prefetch_condition(gen, condition.first)
        _prefetch_condition(gen, condition.second)


def _emit_condition(gen: CodeGen, condition: Any) -> str:
    """Emit the evaluation of an ``{% if %}`` expression; return the local holding it.

    As in Django, an operator whose evaluation raises is false; an operand
    alone (``{% if x %}``) lets its exception through. Only operands and the
    final operation can raise (an operator catches its own), so each ``try``
    wraps one of them: the code's nesting does not grow with the expression.
    """
    if type(condition) is TemplateLiteral:
        return gen.filter_expression(condition.value, ignore_failures=True)
    name = _OPERATOR_CLASSES[type(condition)]
    result = gen.tmp("_c")
    ok = gen.tmp("_ok")
    gen.line(f"{result} = False")
    gen.line(f"{ok} = True")
    left = _emit_operand(gen, condition.first, ok)
    gen.line(f"if {ok}:")
    with gen.indented():
        if name == "not":
            _emit_guarded(gen, f"{result} = not {left}", result)
        elif name in ("and", "or"):
            gen.line(f"{result} = {left}")
            gen.line(f"if {left}:" if name == "and" else f"if not {left}:")
            with gen.indented():
                right = _emit_operand(gen, condition.second, ok)
                gen.line(f"{result} = {right} if {ok} else False")
        else:
            right = _emit_operand(gen, condition.second, ok)
            gen.line(f"if {ok}:")
            with gen.indented():
                operator = PYTHON_OPERATORS[name]
                _emit_guarded(gen, f"{result} = {left} {operator} {right}", result)
    return result


def _emit_operand(gen: CodeGen, operand: Any, ok: str) -> str:
    """An operator's operand; a failure clears ``ok`` (the operator is then false)."""
    if type(operand) is not TemplateLiteral:
        return _emit_condition(gen, operand)  # an operator: never raises
    value = gen.tmp("_x")
    gen.line("try:")
    with gen.indented():
        resolved = gen.filter_expression(operand.value, ignore_failures=True)
        gen.line(f"{value} = {resolved}")
    gen.line("except Exception:")
    gen.line(f"    {value} = None")
    gen.line(f"    {ok} = False")
    return value


def _emit_guarded(gen: CodeGen, statement: str, result: str) -> None:
    gen.line("try:")
    gen.line(f"    {statement}")
    gen.line("except Exception:")
    gen.line(f"    {result} = False")


class IfNode(CompiledNode):
    """``{% if %}``/``{% elif %}``/``{% else %}``."""

    def __init__(self, conditions_nodelists: list[tuple[Any, NodeList]]) -> None:
        self.conditions_nodelists = conditions_nodelists

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def __iter__(self) -> Any:
        for _, nodelist in self.conditions_nodelists:
            yield from nodelist

    @property
    def nodelist(self) -> NodeList:
        return NodeList(self)

    def inline_nodelists(self) -> list[Any]:
        return [nodelist for _, nodelist in self.conditions_nodelists]

    def _compilable(self) -> bool:
        return all(_standard_condition(c) for c, _ in self.conditions_nodelists)

    def compile_effects(self) -> Effects:
        return PURE if self._compilable() else OPAQUE

    def render(self, context: Context) -> Any:
        if self._compilable():
            return super().render(context)
        # Conditions built by a tag of its own: evaluated as Django does.
        for condition, nodelist in self.conditions_nodelists:
            if condition is not None:
                try:
                    match = condition.eval(context)
                except VariableDoesNotExist:
                    match = None
            else:
                match = True
            if match:
                return nodelist.render(context)
        return ""

    def emit(self, gen: CodeGen) -> None:
        if not self._compilable():
            gen.opaque(self)
            return
        for condition, _ in self.conditions_nodelists:
            _prefetch_condition(gen, condition)
        self._emit_branch(gen, 0)

    def _emit_branch(self, gen: CodeGen, index: int) -> None:
        condition, nodelist = self.conditions_nodelists[index]
        if condition is None:
            gen.nodelist(nodelist)
            return
        if type(condition) is TemplateLiteral:
            # An operand alone: a failed look-up in a filter argument counts as false.
            match = gen.tmp("_m")
            gen.line("try:")
            with gen.indented():
                value = _emit_condition(gen, condition)
                gen.line(f"{match} = {value}")
            gen.line("except _VDNE:")
            gen.line(f"    {match} = None")
        else:
            match = _emit_condition(gen, condition)
        before = gen.snapshot()
        gen.line(f"if {match}:")
        _block(gen, lambda: gen.nodelist(nodelist))
        after_true = gen.snapshot()
        gen.known = dict(before)
        if index + 1 < len(self.conditions_nodelists):
            gen.line("else:")
            _block(gen, lambda: self._emit_branch(gen, index + 1))
        after_false = gen.snapshot()
        gen.known = gen.common([after_true, after_false])


@register.tag("if")
def do_if(parser: Parser, token: Any) -> Node:
    """Render the block when the expression is true; ``elif``/``else`` as in Python.

    Operators: ``and``, ``or``, ``not``, ``in``, ``not in``, ``is``, ``is not``,
    ``==``, ``!=``, ``<``, ``>``, ``<=``, ``>=``, with Python's precedence;
    filters are allowed on the operands.
    """
    bits = token.split_contents()[1:]
    condition = TemplateIfParser(parser, bits).parse()
    nodelist = parser.parse(("elif", "else", "endif"))
    conditions_nodelists = [(condition, nodelist)]
    token = parser.next_token()
    while token.contents.startswith("elif"):
        bits = token.split_contents()[1:]
        condition = TemplateIfParser(parser, bits).parse()
        nodelist = parser.parse(("elif", "else", "endif"))
        conditions_nodelists.append((condition, nodelist))
        token = parser.next_token()
    if token.contents == "else":
        nodelist = parser.parse(("endif",))
        conditions_nodelists.append((None, nodelist))
        token = parser.next_token()
    if token.contents != "endif":
        raise TemplateSyntaxError(
            f'Malformed template tag at line {token.lineno}: "{token.contents}"'
        )
    return IfNode(conditions_nodelists)


# -- ifchanged -------------------------------------------------------------------------


class IfChangedNode(CompiledNode):
    """``{% ifchanged [vars] %}``: render when the value (or the output) differs from last time."""

    child_nodelists = ("nodelist_true", "nodelist_false")
    #: Its state lives in the enclosing loop's ``forloop`` dict.
    uses_forloop = True

    def __init__(self, nodelist_true: NodeList, nodelist_false: NodeList, *varlist: Any) -> None:
        self.nodelist_true = nodelist_true
        self.nodelist_false = nodelist_false
        self._varlist = varlist

    def inline_nodelists(self) -> list[Any]:
        return [self.nodelist_true, self.nodelist_false]

    def emit(self, gen: CodeGen) -> None:
        node = gen.const(self)
        raw = gen.raw("forloop")
        state = gen.tmp("_st")
        # Inside a loop the state is the loop's (it resets when an outer loop moves on).
        gen.line(f"{state} = context.render_context if {raw} is MISSING else {raw}")
        gen.line(f"{state}.setdefault({node})")
        compare = gen.tmp("_cmp")
        if self._varlist:
            for fe in self._varlist:
                gen.prefetch(fe)
            values = [gen.filter_expression(fe, ignore_failures=True) for fe in self._varlist]
            gen.line(f"{compare} = [{', '.join(values)}]")
            rendered = None
        else:
            with gen.capture() as rendered:
                gen.nodelist(self.nodelist_true)
            gen.line(f"{compare} = {rendered}")
        before = gen.snapshot()
        gen.line(f"if {compare} != {state}[{node}]:")

        def changed() -> None:
            gen.line(f"{state}[{node}] = {compare}")
            if rendered is None:
                gen.nodelist(self.nodelist_true)
            else:
                gen.line(f"if {rendered}:")
                gen.line(f"    {gen.out}({rendered})")
                gen.line("else:")
                inner = gen.snapshot()
                _block(gen, lambda: gen.nodelist(self.nodelist_true))
                gen.known = gen.common([inner, gen.snapshot()])

        _block(gen, changed)
        after_changed = gen.snapshot()
        gen.known = dict(before)
        if self.nodelist_false:
            gen.line("else:")
            _block(gen, lambda: gen.nodelist(self.nodelist_false))
        gen.known = gen.common([after_changed, gen.snapshot()])


@register.tag
def ifchanged(parser: Parser, token: Any) -> Node:
    """Render the block only when its output (or the given values) changed since last time."""
    bits = token.split_contents()
    nodelist_true = parser.parse(("else", "endifchanged"))
    token = parser.next_token()
    if token.contents == "else":
        nodelist_false = parser.parse(("endifchanged",))
        parser.delete_first_token()
    else:
        nodelist_false = NodeList()
    values = [parser.compile_filter(bit) for bit in bits[1:]]
    return IfChangedNode(nodelist_true, nodelist_false, *values)


# -- load ------------------------------------------------------------------------------


def find_library(parser: Parser, name: str) -> Any:
    try:
        return parser.libraries[name]
    except KeyError:
        raise TemplateSyntaxError(
            f"'{name}' is not a registered tag library. Must be one of:\n"
            + "\n".join(sorted(parser.libraries))
        ) from None


def load_from_library(library: Any, label: str, names: list[str]) -> Library:
    """The named tags and filters of a library (``{% load a b from lib %}``)."""
    subset = Library()
    for name in names:
        found = False
        if name in library.tags:
            found = True
            subset.tags[name] = library.tags[name]
        if name in library.filters:
            found = True
            subset.filters[name] = library.filters[name]
        if not found:
            raise TemplateSyntaxError(
                f"'{name}' is not a valid tag or filter in tag library '{label}'"
            )
    return subset


class LoadNode(CompiledNode):
    child_nodelists = ()

    def emit(self, gen: CodeGen) -> None:
        pass


@register.tag
def load(parser: Parser, token: Any) -> Node:
    """Make a tag library's tags and filters available: ``{% load static %}``.

    ``{% load name1 name2 from library %}`` takes only those names.
    """
    bits = token.contents.split()
    if len(bits) >= 4 and bits[-2] == "from":
        name = bits[-1]
        lib = find_library(parser, name)
        subset = load_from_library(lib, name, bits[1:-2])
        parser.add_library(subset)
    else:
        for name in bits[1:]:
            lib = find_library(parser, name)
            parser.add_library(lib)
    return LoadNode()


# -- lorem, now ------------------------------------------------------------------------


def lorem_text(count: Any, method: str, common: bool) -> str:
    """``{% lorem %}``'s output; the count is capped at ``LOREM_MAX_COUNT``."""
    from scallion.utils.lorem_ipsum import paragraphs, words

    try:
        count = int(count)
    except (ValueError, TypeError):
        count = 1
    count = min(count, LOREM_MAX_COUNT)
    if method == "w":
        return str(words(count, common=common))
    paras = paragraphs(count, common=common)
    if method == "p":
        paras = [f"<p>{p}</p>" for p in paras]
    return "\n\n".join(paras)


class LoremNode(CompiledNode):
    child_nodelists = ()

    def __init__(self, count: FilterExpression, method: str, common: bool) -> None:
        self.count = count
        self.method = method
        self.common = common

    def emit(self, gen: CodeGen) -> None:
        count = gen.filter_expression(self.count)
        gen.output(f"{gen.const(lorem_text)}({count}, {self.method!r}, {self.common!r})")


@register.tag
def lorem(parser: Parser, token: Any) -> Node:
    """Placeholder Latin text: ``{% lorem [count] [w|p|b] [random] %}``."""
    bits = list(token.split_contents())
    tagname = bits[0]
    common = bits[-1] != "random"
    if not common:
        bits.pop()
    method = bits.pop() if bits[-1] in ("w", "p", "b") else "b"
    count = bits.pop() if len(bits) > 1 else "1"
    count_expr = parser.compile_filter(count)
    if len(bits) != 1:
        raise TemplateSyntaxError(f"Incorrect format for {tagname!r} tag")
    return LoremNode(count_expr, method, common)


def now_text(format_string: str) -> str:
    from scallion.template.defaultfilters import date
    from scallion.utils import timezone

    tzinfo = timezone.get_current_timezone() if settings.USE_TZ else None
    return str(date(datetime.now(tz=tzinfo), format_string))


class NowNode(CompiledNode):
    child_nodelists = ()

    def __init__(self, format_string: str, asvar: str | None = None) -> None:
        self.format_string = format_string
        self.asvar = asvar

    def compile_effects(self) -> Effects:
        return writes(self.asvar) if self.asvar else PURE

    def emit(self, gen: CodeGen) -> None:
        value = gen.tmp("_now")
        gen.line(f"{value} = {gen.const(now_text)}({self.format_string!r})")
        if self.asvar:
            gen.store(self.asvar, value)
        else:
            gen.output(value)


@register.tag
def now(parser: Parser, token: Any) -> Node:
    """The current date and time in a ``date`` filter format: ``{% now "Y-m-d" %}``."""
    bits = token.split_contents()
    asvar = None
    if len(bits) == 4 and bits[-2] == "as":
        asvar = bits[-1]
        bits = bits[:-2]
    if len(bits) != 2:
        raise TemplateSyntaxError("'now' statement takes one argument")
    format_string = bits[1][1:-1]
    return NowNode(format_string, asvar)


# -- partials --------------------------------------------------------------------------


class PartialDefNode(CompiledNode):
    """``{% partialdef name [inline] %}``: a named fragment, rendered here only if inline."""

    def __init__(self, partial_name: str, inline: bool, nodelist: NodeList) -> None:
        self.partial_name = partial_name
        self.inline = inline
        self.nodelist = nodelist

    def inline_nodelists(self) -> list[Any]:
        return [self.nodelist] if self.inline else []

    def emit(self, gen: CodeGen) -> None:
        if self.inline:
            gen.nodelist(self.nodelist)


class PartialNode(Node):
    """``{% partial name %}``: render a fragment defined with ``{% partialdef %}``."""

    def __init__(self, partial_name: str, partial_mapping: Any) -> None:
        self.partial_name = partial_name
        self.partial_mapping = partial_mapping

    def render(self, context: Context) -> Any:
        try:
            partial = self.partial_mapping[self.partial_name]
        except KeyError:
            raise TemplateSyntaxError(
                f"Partial '{self.partial_name}' is not defined in the current template."
            ) from None
        return partial.render(context)


class DeferredSubDict:
    """``mapping[key][...]``, looked up when used (partials may be defined later)."""

    def __init__(self, parent: Mapping[str, Any], key: str) -> None:
        self.parent = parent
        self.key = key

    def __getitem__(self, key: str) -> Any:
        return self.parent[self.key][key]


@register.tag(name="partialdef")
def partialdef_func(parser: Parser, token: Any) -> Node:
    """Define a named fragment: ``{% partialdef name [inline] %}...{% endpartialdef %}``.

    ``{% partial name %}`` renders it elsewhere in the template, and
    ``get_template("page.html#name")`` renders it alone.
    """
    from scallion.template.base import PartialTemplate

    match token.split_contents():
        case "partialdef", partial_name, "inline":
            inline = True
        case "partialdef", partial_name, _:
            raise TemplateSyntaxError(
                "The 'inline' argument does not have any parameters; either use 'inline' or "
                "remove it completely."
            )
        case "partialdef", partial_name:
            inline = False
        case ["partialdef"]:
            raise TemplateSyntaxError("'partialdef' tag requires a name")
        case _:
            raise TemplateSyntaxError("'partialdef' tag takes at most 2 arguments")

    valid_endpartials = ("endpartialdef", f"endpartialdef {partial_name}")
    pos_open = getattr(token, "position", None)
    source_start = pos_open[0] if isinstance(pos_open, tuple) else None
    nodelist = parser.parse(valid_endpartials)
    endpartial = parser.next_token()
    if endpartial.contents not in valid_endpartials:
        parser.invalid_block_tag(endpartial, "endpartialdef", valid_endpartials)
    pos_close = getattr(endpartial, "position", None)
    source_end = pos_close[1] if isinstance(pos_close, tuple) else None

    partials = parser.extra_data.setdefault("partials", {})
    if partial_name in partials:
        raise TemplateSyntaxError(
            f"Partial '{partial_name}' is already defined in the "
            f"'{getattr(parser.origin, 'name', None)}' template."
        )
    partials[partial_name] = PartialTemplate(
        nodelist, parser.origin, partial_name, source_start=source_start, source_end=source_end
    )
    return PartialDefNode(partial_name, inline, nodelist)


@register.tag(name="partial")
def partial_func(parser: Parser, token: Any) -> Node:
    """Render a fragment defined with ``{% partialdef %}``: ``{% partial name %}``."""
    match token.split_contents():
        case "partial", partial_name:
            return PartialNode(partial_name, DeferredSubDict(parser.extra_data, "partials"))
        case _:
            raise TemplateSyntaxError("'partial' tag requires a single argument")


# -- querystring -----------------------------------------------------------------------


@register.simple_tag(name="querystring", takes_context=True)
def querystring(context: Any, *args: Any, **kwargs: Any) -> str:
    """A query string built from ``request.GET`` (or the mappings given) and ``kwargs``.

    ``None`` removes a key; for a list value, ``None`` items are dropped (and
    the key with them when none remain). Always starts with ``?``.
    """
    from scallion.http import QueryDict

    if not args:
        args = (context.request.GET,)
    params = QueryDict(mutable=True)
    for d in [*args, kwargs]:
        if not isinstance(d, Mapping):
            raise TemplateSyntaxError(
                f"querystring requires mappings for positional arguments (got {d!r} instead)."
            )
        items = d.lists() if isinstance(d, QueryDict) else d.items()
        for key, value in items:
            if not isinstance(key, str):
                raise TemplateSyntaxError(
                    f"querystring requires strings for mapping keys (got {key!r} instead)."
                )
            if value is None:
                params.pop(key, None)
            elif isinstance(value, Iterable) and not isinstance(value, str):
                params.setlist(key, [v for v in value if v is not None])
            else:
                params[key] = value
    query_string = params.urlencode() if params else ""
    return f"?{query_string}"


# -- regroup, resetcycle, spaceless, templatetag ---------------------------------------------

GroupedResult = namedtuple("GroupedResult", ["grouper", "list"])


class RegroupNode(Node):
    """``{% regroup list by attr as name %}``: consecutive items grouped by ``attr``."""

    child_nodelists = ()

    def __init__(
        self, target: FilterExpression, expression: FilterExpression, var_name: str
    ) -> None:
        self.target = target
        self.expression = expression
        self.var_name = var_name

    def resolve_expression(self, obj: Any, context: Context) -> Any:
        # The item is put in the context, then "<name>.<attr>" resolved against it.
        context[self.var_name] = obj
        return self.expression.resolve(context, ignore_failures=True)

    def render(self, context: Context) -> str:
        obj_list = self.target.resolve(context, ignore_failures=True)
        if obj_list is None:
            context[self.var_name] = []
            return ""
        context[self.var_name] = [
            GroupedResult(grouper=key, list=list(val))
            for key, val in itertools.groupby(
                obj_list, lambda obj: self.resolve_expression(obj, context)
            )
        ]
        return ""


@register.tag
def regroup(parser: Parser, token: Any) -> Node:
    """Group a list of alike objects by an attribute (the list must be sorted by it)."""
    bits = token.split_contents()
    if len(bits) != 6:
        raise TemplateSyntaxError("'regroup' tag takes five arguments")
    target = parser.compile_filter(bits[1])
    if bits[2] != "by":
        raise TemplateSyntaxError("second argument to 'regroup' tag must be 'by'")
    if bits[4] != "as":
        raise TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'")
    var_name = bits[5]
    expression = parser.compile_filter(var_name + VARIABLE_ATTRIBUTE_SEPARATOR + bits[3])
    return RegroupNode(target, expression, var_name)


class ResetCycleNode(CompiledNode):
    child_nodelists = ()

    def __init__(self, node: CycleNode) -> None:
        self.node = node

    def emit(self, gen: CodeGen) -> None:
        gen.line(f"{gen.const(self.node)}.reset(context)")


@register.tag
def resetcycle(parser: Parser, token: Any) -> Node:
    """Restart a cycle (the last one, or the named one) from its first value."""
    args = token.split_contents()
    if len(args) > 2:
        raise TemplateSyntaxError(f"{args[0]!r} tag accepts at most one argument.")
    if len(args) == 2:
        name = args[1]
        try:
            return ResetCycleNode(parser._named_cycle_nodes[name])  # type: ignore[attr-defined]
        except (AttributeError, KeyError):
            raise TemplateSyntaxError(f"Named cycle '{name}' does not exist.") from None
    try:
        return ResetCycleNode(parser._last_cycle_node)  # type: ignore[attr-defined]
    except AttributeError:
        raise TemplateSyntaxError("No cycles in template.") from None


class SpacelessNode(CompiledNode):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def emit(self, gen: CodeGen) -> None:
        with gen.capture() as content:
            gen.nodelist(self.nodelist)
        gen.output(f"{gen.const(strip_spaces_between_tags)}({content}.strip())")


@register.tag
def spaceless(parser: Parser, token: Any) -> Node:
    """Remove whitespace between HTML tags (not inside text)."""
    nodelist = parser.parse(("endspaceless",))
    parser.delete_first_token()
    return SpacelessNode(nodelist)


class TemplateTagNode(CompiledNode):
    child_nodelists = ()
    mapping = {
        "openblock": BLOCK_TAG_START,
        "closeblock": BLOCK_TAG_END,
        "openvariable": VARIABLE_TAG_START,
        "closevariable": VARIABLE_TAG_END,
        "openbrace": SINGLE_BRACE_START,
        "closebrace": SINGLE_BRACE_END,
        "opencomment": COMMENT_TAG_START,
        "closecomment": COMMENT_TAG_END,
    }

    def __init__(self, tagtype: str) -> None:
        self.tagtype = tagtype

    def emit(self, gen: CodeGen) -> None:
        gen.output(gen.const(self.mapping.get(self.tagtype, "")))


@register.tag
def templatetag(parser: Parser, token: Any) -> Node:
    """Output one of the template syntax's delimiters: ``{% templatetag openblock %}``."""
    bits = token.contents.split()
    if len(bits) != 2:
        raise TemplateSyntaxError("'templatetag' statement takes one argument")
    tag = bits[1]
    if tag not in TemplateTagNode.mapping:
        raise TemplateSyntaxError(
            f"Invalid templatetag argument: '{tag}'. Must be one of: "
            f"{list(TemplateTagNode.mapping)}"
        )
    return TemplateTagNode(tag)


# -- url ---------------------------------------------------------------------------------


def reverse_url(
    view_name: Any, args: list[Any], kwargs: dict[str, Any], context: Any, asvar: bool
) -> str:
    """``reverse()`` for ``{% url %}``; with ``as var``, a URL that does not exist is ``""``."""
    current_app = _current_app(context)
    try:
        return str(reverse(view_name, args=args, kwargs=kwargs, current_app=current_app))
    except NoReverseMatch:
        if not asvar:
            raise
        return ""


def _current_app(context: Any) -> Any:
    """``request.current_app``, else the namespace of the view's route, else None."""
    request = getattr(context, "request", None)
    if request is None:
        return None
    current_app = getattr(request, "current_app", _NO_APP)
    if current_app is not _NO_APP:
        return current_app
    return getattr(getattr(request, "resolver_match", None), "namespace", None)


_NO_APP: Any = object()


class URLNode(CompiledNode):
    child_nodelists = ()

    def __init__(
        self,
        view_name: FilterExpression,
        args: list[FilterExpression],
        kwargs: dict[str, FilterExpression],
        asvar: str | None,
    ) -> None:
        self.view_name = view_name
        self.args = args
        self.kwargs = kwargs
        self.asvar = asvar

    def __repr__(self) -> str:
        return (
            f"<{type(self).__qualname__} view_name='{self.view_name}' args={self.args!r} "
            f"kwargs={self.kwargs!r} as={self.asvar!r}>"
        )

    def compile_effects(self) -> Effects:
        return writes(self.asvar) if self.asvar else PURE

    def emit(self, gen: CodeGen) -> None:
        args = [gen.filter_expression(arg) for arg in self.args]
        kwargs = {name: gen.filter_expression(fe) for name, fe in self.kwargs.items()}
        view_name = gen.filter_expression(self.view_name)
        url = gen.tmp("_url")
        kwargs_expr = "{" + ", ".join(f"{k!r}: {v}" for k, v in kwargs.items()) + "}"
        gen.line(
            f"{url} = {gen.const(reverse_url)}({view_name}, [{', '.join(args)}], {kwargs_expr}, "
            f"context, {bool(self.asvar)!r})"
        )
        if self.asvar:
            gen.store(self.asvar, url)
        elif gen.autoescape:
            gen.output(
                f"_esc({url}) if {url}.__class__ is str else {gen.const(conditional_escape)}({url})"
            )
        else:
            gen.output(url)


@register.tag
def url(parser: Parser, token: Any) -> Node:
    """The URL of a named route: ``{% url "name" arg1 kw=arg2 [as var] %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError(f"'{bits[0]}' takes at least one argument, a URL pattern name.")
    viewname = parser.compile_filter(bits[1])
    args = []
    kwargs = {}
    asvar = None
    bits = bits[2:]
    if len(bits) >= 2 and bits[-2] == "as":
        asvar = bits[-1]
        bits = bits[:-2]
    for bit in bits:
        match = kwarg_re.match(bit)
        if not match:
            raise TemplateSyntaxError("Malformed arguments to url tag")
        name, value = match.groups()
        if name:
            kwargs[name] = parser.compile_filter(value)
        else:
            args.append(parser.compile_filter(value))
    return URLNode(viewname, args, kwargs, asvar)


# -- verbatim, widthratio, with ------------------------------------------------------------


class VerbatimNode(CompiledNode):
    child_nodelists = ()

    def __init__(self, content: str) -> None:
        self.content = content

    def emit(self, gen: CodeGen) -> None:
        gen.output(gen.const(self.content))


@register.tag
def verbatim(parser: Parser, token: Any) -> Node:
    """Output the block's contents as written, tags included."""
    nodelist = parser.parse(("endverbatim",))
    parser.delete_first_token()
    return VerbatimNode("".join(node.s for node in nodelist))


def width_ratio(value: Any, max_value: Any, max_width: Any) -> str:
    """``round(value / max_value * max_width)`` as text; ``""`` when not computable."""
    try:
        max_width = int(max_width)
    except (ValueError, TypeError):
        raise TemplateSyntaxError("widthratio final argument must be a number") from None
    try:
        ratio = (float(value) / float(max_value)) * max_width
        return str(round(ratio))
    except ZeroDivisionError:
        return "0"
    except (ValueError, TypeError, OverflowError):
        return ""


class WidthRatioNode(CompiledNode):
    child_nodelists = ()

    def __init__(
        self,
        val_expr: FilterExpression,
        max_expr: FilterExpression,
        max_width: FilterExpression,
        asvar: str | None = None,
    ) -> None:
        self.val_expr = val_expr
        self.max_expr = max_expr
        self.max_width = max_width
        self.asvar = asvar

    def compile_effects(self) -> Effects:
        return writes(self.asvar) if self.asvar else PURE

    def emit(self, gen: CodeGen) -> None:
        for fe in (self.val_expr, self.max_expr, self.max_width):
            gen.prefetch(fe)
        result = gen.tmp("_ratio")
        gen.line("try:")
        with gen.indented():
            value = gen.filter_expression(self.val_expr)
            max_value = gen.filter_expression(self.max_expr)
            max_width = gen.filter_expression(self.max_width)
            gen.line(f"{result} = {gen.const(width_ratio)}({value}, {max_value}, {max_width})")
        gen.line("except _VDNE:")
        gen.line(f"    {result} = ''")
        if self.asvar:
            gen.store(self.asvar, result)
        else:
            gen.output(result)


@register.tag
def widthratio(parser: Parser, token: Any) -> Node:
    """``{% widthratio value max_value max_width [as var] %}``: for bar widths."""
    bits = token.split_contents()
    if len(bits) == 4:
        _tag, this_value_expr, max_value_expr, max_width = bits
        asvar = None
    elif len(bits) == 6:
        _tag, this_value_expr, max_value_expr, max_width, as_, asvar = bits
        if as_ != "as":
            raise TemplateSyntaxError("Invalid syntax in widthratio tag. Expecting 'as' keyword")
    else:
        raise TemplateSyntaxError("widthratio takes at least three arguments")
    return WidthRatioNode(
        parser.compile_filter(this_value_expr),
        parser.compile_filter(max_value_expr),
        parser.compile_filter(max_width),
        asvar=asvar,
    )


class WithNode(CompiledNode):
    """``{% with a=x b=y %}...{% endwith %}``: names bound for the block."""

    opens_scope = True

    def __init__(
        self,
        var: Any,
        name: Any,
        nodelist: NodeList,
        extra_context: dict[str, FilterExpression] | None = None,
    ) -> None:
        self.nodelist = nodelist
        # var and name: the one-binding form of older code.
        self.extra_context = extra_context or {}
        if name:
            self.extra_context[name] = var

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def emit(self, gen: CodeGen) -> None:
        values = [(name, gen.filter_expression(fe)) for name, fe in self.extra_context.items()]
        with gen.scope():
            effects = gen.nodelist_effects(self.nodelist)
        saved = gen.snapshot()
        if effects.touches_context:
            pairs = ", ".join(f"{name!r}: {local}" for name, local in values)
            gen.line(f"_ContextDict(context, {{{pairs}}})")
            gen.line("try:")
            with gen.indented(), gen.scope():
                for name, local in values:
                    gen.bind(name, local)
                gen.nodelist(self.nodelist)
                gen.line("pass")
            gen.line("finally:")
            gen.line("    context.pop()")
        else:
            with gen.scope():
                for name, local in values:
                    gen.bind(name, local)
                gen.nodelist(self.nodelist)
        if effects.opaque:
            gen.forget()
        else:
            gen.known = saved


@register.tag("with")
def do_with(parser: Parser, token: Any) -> Node:
    """Bind names for the block: ``{% with total=business.employees.count %}``."""
    bits = token.split_contents()
    remaining_bits = bits[1:]
    extra_context = token_kwargs(remaining_bits, parser, support_legacy=True)
    if not extra_context:
        raise TemplateSyntaxError(f"{bits[0]!r} expected at least one variable assignment")
    if remaining_bits:
        raise TemplateSyntaxError(f"{bits[0]!r} received an invalid token: {remaining_bits[0]!r}")
    nodelist = parser.parse(("endwith",))
    parser.delete_first_token()
    return WithNode(None, None, nodelist, extra_context=extra_context)


@register.simple_tag(takes_context=True)
def csp_nonce_attr(context: Any, media: Any = None) -> Any:
    """``nonce="..."`` for an inline script or style, when the context has a CSP nonce.

    With a form's ``media``, its tags rendered with the nonce
    (``scallion.utils.csp.nonce_attr``, which other engines can call too).
    """
    return nonce_attr(context, media)


__all__ = [
    "AutoEscapeControlNode",
    "CommentNode",
    "CsrfTokenNode",
    "CycleNode",
    "DebugNode",
    "FilterNode",
    "FirstOfNode",
    "ForNode",
    "GroupedResult",
    "IfChangedNode",
    "IfNode",
    "LoadNode",
    "LoremNode",
    "NowNode",
    "PartialDefNode",
    "PartialNode",
    "RegroupNode",
    "ResetCycleNode",
    "SpacelessNode",
    "TemplateIfParser",
    "TemplateLiteral",
    "TemplateTagNode",
    "URLNode",
    "VerbatimNode",
    "WidthRatioNode",
    "WithNode",
    "register",
]

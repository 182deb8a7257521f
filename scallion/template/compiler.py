"""The template compiler: a ``NodeList`` becomes one Python function ``render(context)``.

Django renders a template by walking its node tree: every node, variable and
filter costs a few method calls and dict searches per render. Here each node
list is turned once into Python source, compiled and kept, and a render runs
that function. What the generated code does, per node kind, is written next
to the node class (its ``emit`` method); this module holds the machinery they
share.

Variables live in Python locals where that is safe. A name read from the
context is looked up once and kept in a local until something could change
the context; a ``{% for %}`` loop variable or a ``{% with %}`` value is a
local from the start. The context's dict stack is only kept in step (the loop
dict pushed, the loop variable stored in it) inside a scope that contains a
node which reads the context itself: a tag written by hand, an
``{% include %}``, a ``{% block %}``, a tag that stores a value (``as
name``). Such a node is an *opaque* node: the compiled code calls its
``render_annotated(context)``, as Django's renderer would, then forgets what
it had kept in locals, since the node may have changed the context.

A node class takes part by defining ``emit(gen)``; a subclass that does not
define its own is rendered as an opaque node (its ``render`` may differ from
the base class's). ``compile_nodelist`` caches nothing: ``NodeList.render``
and the nodes keep the functions they get.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from scallion.template import runtime
from scallion.template.context import ContextDict
from scallion.template.exceptions import VariableDoesNotExist
from scallion.template.expressions import FilterExpression, Variable, translated
from scallion.utils.safestring import SafeData, SafeString, mark_safe
from scallion.utils.timezone import template_localtime

#: Nested scopes (loops, ``with``...) compiled into one function; deeper ones
#: get functions of their own (Python limits the nesting of blocks to 20).
MAX_SCOPE_DEPTH = 6

_sequence = itertools.count()


class Effects:
    """What a node (with everything compiled inline inside it) does to the context.

    ``opaque``: hands the context to code that may read or change anything.
    ``writes``: names it stores into the context's top dict.
    """

    __slots__ = ("opaque", "writes")

    def __init__(self, opaque: bool = False, writes: frozenset[str] = frozenset()) -> None:
        self.opaque = opaque
        self.writes = writes

    def __or__(self, other: Effects) -> Effects:
        return Effects(self.opaque or other.opaque, self.writes | other.writes)

    @property
    def touches_context(self) -> bool:
        """Whether the enclosing scopes must keep the real context up to date."""
        return self.opaque or bool(self.writes)


PURE = Effects()
OPAQUE = Effects(opaque=True)


def writes(*names: str) -> Effects:
    return Effects(writes=frozenset(names))


#: Names every generated function sees as globals.
BASE_NAMESPACE: dict[str, Any] = {
    "MISSING": runtime.MISSING,
    "_lookup": runtime.lookup,
    "_missing": runtime.missing_name,
    "_call": runtime.call_value,
    "_bit": runtime.resolve_bit,
    "_Silent": runtime.SilentVariableFailure,
    "_VDNE": VariableDoesNotExist,
    "_sii": runtime.string_if_invalid,
    "_esc": runtime.escape,
    "_rv_esc": runtime.render_escaped,
    "_rv_plain": runtime.render_plain,
    "_SafeString": SafeString,
    "_SafeData": SafeData,
    "_mark_safe": mark_safe,
    "_localtime": template_localtime,
    "_translated": translated,
    "_ContextDict": ContextDict,
    "_annotate": runtime.annotate_from_traceback,
}


def is_native(node: Any) -> bool:
    """Whether the compiler emits ``node``'s code itself (its exact class defines ``emit``)."""
    return "emit" in type(node).__dict__


class CodeGen:
    """Builds one function's source: lines, constants, and what locals hold.

    ``known`` maps a template name to the local holding its raw value (before
    a callable is called), valid at the current point of the code.
    """

    def __init__(
        self, autoescape: bool, label: str, max_scope_depth: int = MAX_SCOPE_DEPTH
    ) -> None:
        self.autoescape = autoescape
        self.max_scope_depth = max_scope_depth
        self.label = label
        self.lines: list[str] = []
        self.line_nodes: dict[int, Any] = {}
        self.namespace: dict[str, Any] = dict(BASE_NAMESPACE)
        self._const_names: dict[int, str] = {}
        self._counter = 0
        self._indent = 2  # inside "def" and "try"
        self.known: dict[str, str] = {}
        #: Locals filled by a context look-up, which may hold ``MISSING``.
        self.maybe_missing: set[str] = set()
        self.out = "_w"
        self.scope_depth = 0
        self._node: Any = None
        self._effects: dict[tuple[int, int], Effects] = {}

    # -- source ------------------------------------------------------------

    def line(self, text: str) -> None:
        """Add one line at the current indentation, attributed to the node being compiled."""
        self.lines.append("    " * self._indent + text)
        if self._node is not None:
            # The line's number in the final source, after the function's header.
            self.line_nodes[len(self.lines) + _HEADER_LINES] = self._node

    @contextmanager
    def indented(self) -> Iterator[None]:
        self._indent += 1
        try:
            yield
        finally:
            self._indent -= 1

    def tmp(self, prefix: str = "_t") -> str:
        """A fresh local variable name."""
        self._counter += 1
        return f"{prefix}{self._counter}"

    def const(self, value: Any) -> str:
        """An expression for ``value``: a literal when it reads back exactly, else a global."""
        if value is None or value is True or value is False:
            return repr(value)
        cls = type(value)
        if (cls is str and len(value) < 200) or cls is int:
            return repr(value)
        key = id(value)
        name = self._const_names.get(key)
        if name is None:
            name = self._const_names[key] = f"_k{len(self._const_names)}"
            self.namespace[name] = value
        return name

    # -- nodes -------------------------------------------------------------

    def nodelist(self, nodelist: Sequence[Any]) -> None:
        for node in nodelist:
            self.node(node)

    def node(self, node: Any, emit: Any = None) -> None:
        """Emit ``node``: natively when its class takes part, else as an opaque call."""
        previous = self._node
        self._node = node
        try:
            if emit is None and (not is_native(node) or self._too_deep(node)):
                self.opaque(node)
            else:
                (emit or type(node).emit)(node, self)
        finally:
            self._node = previous

    def _too_deep(self, node: Any) -> bool:
        return self.scope_depth >= self.max_scope_depth and bool(
            getattr(node, "opens_scope", False)
        )

    def opaque(self, node: Any) -> None:
        """``node.render_annotated(context)``, after which nothing kept in locals is trusted."""
        self.output(f"{self.const(node)}.render_annotated(context)")
        self.forget()

    def forget(self) -> None:
        """The context may have changed: re-read the dict stack, drop kept values."""
        self.line("dicts = context.dicts")
        self.known = {}

    def output(self, expr: str) -> None:
        self.line(f"{self.out}({expr})")

    def output_value(self, local: str) -> None:
        """Output a resolved value as ``{{ }}`` does: localized, escaped when autoescaping."""
        if self.autoescape:
            self.output(f"_esc({local}) if {local}.__class__ is str else _rv_esc({local}, context)")
        else:
            self.output(f"{local} if {local}.__class__ is str else _rv_plain({local}, context)")

    def render_value_expr(self, local: str) -> str:
        """``render_value_in_context(local)`` as an expression."""
        if self.autoescape:
            return f"(_esc({local}) if {local}.__class__ is str else _rv_esc({local}, context))"
        return f"({local} if {local}.__class__ is str else _rv_plain({local}, context))"

    @contextmanager
    def capture(self) -> Iterator[str]:
        """Emit into a buffer; the name yielded holds the rendered text (safe) afterwards."""
        buffer = self.tmp("_o")
        writer = self.tmp("_w")
        result = self.tmp("_s")
        self.line(f"{buffer} = []")
        self.line(f"{writer} = {buffer}.append")
        previous = self.out
        self.out = writer
        try:
            yield result
        finally:
            self.out = previous
        self.line(f"{result} = _SafeString(''.join({buffer}))")

    @contextmanager
    def autoescaping(self, enabled: bool) -> Iterator[None]:
        previous = self.autoescape
        self.autoescape = enabled
        try:
            yield
        finally:
            self.autoescape = previous

    # -- what nodes do to the context ---------------------------------------

    def effects(self, node: Any, depth: int | None = None) -> Effects:
        """The effects of ``node`` and all that is compiled inline inside it."""
        depth = self.scope_depth if depth is None else depth
        key = (id(node), depth)
        found = self._effects.get(key)
        if found is not None:
            return found
        if not is_native(node) or (
            depth >= self.max_scope_depth and getattr(node, "opens_scope", False)
        ):
            result = OPAQUE
        else:
            result = node.compile_effects()
            inner = depth + 1 if getattr(node, "opens_scope", False) else depth
            for nodelist in node.inline_nodelists():
                for child in nodelist:
                    result = result | self.effects(child, inner)
        self._effects[key] = result
        return result

    def nodelist_effects(self, nodelist: Sequence[Any], depth: int | None = None) -> Effects:
        result = PURE
        for node in nodelist:
            result = result | self.effects(node, depth)
        return result

    @contextmanager
    def scope(self) -> Iterator[None]:
        self.scope_depth += 1
        try:
            yield
        finally:
            self.scope_depth -= 1

    # -- names -------------------------------------------------------------

    def raw(self, name: str) -> str:
        """The local holding ``name``'s raw context value (``MISSING`` when absent)."""
        local = self.known.get(name)
        if local is None:
            local = self.tmp("_r")
            self.line(f"{local} = _lookup(dicts, {name!r})")
            self.known[name] = local
            self.maybe_missing.add(local)
        return local

    def bind(self, name: str, local: str) -> None:
        self.known[name] = local

    def store(self, name: str, local: str) -> None:
        """``context[name] = local`` (the top dict), and remember it."""
        self.line(f"dicts[-1][{name!r}] = {local}")
        self.known[name] = local

    def snapshot(self) -> dict[str, str]:
        return dict(self.known)

    @staticmethod
    def common(states: Sequence[dict[str, str]]) -> dict[str, str]:
        """What every one of several code paths agrees is kept where."""
        first, *rest = states
        return {
            name: local
            for name, local in first.items()
            if all(state.get(name) == local for state in rest)
        }

    # -- expressions -------------------------------------------------------

    def variable(self, var: Variable, target: str, on_missing: Any = None) -> None:
        """``target = var.resolve(context)``: raises ``VariableDoesNotExist`` as it does.

        ``on_missing``, when given, emits the handling of ``VariableDoesNotExist``
        (as an ``except`` clause of the same ``try``).
        """
        if var.lookups is None:
            self.line(f"{target} = {self.const(var.resolve({}))}")
            return
        first, *rest = var.lookups
        raw = self.raw(first)
        self.line("try:")
        with self.indented():
            self.line(f"{target} = {raw}")
            if raw in self.maybe_missing:
                self.line(f"if {target} is MISSING:")
                with self.indented():
                    self.line(f"{target} = _missing({first!r}, context)")
            self.line(f"if callable({target}):")
            with self.indented():
                self.line(f"{target} = _call({target}, {first!r}, context)")
            for bit in rest:
                self._bit(target, bit)
            if var.translate:
                self.line(f"{target} = _translated({target}, {self.const(var.message_context)})")
        self.line("except _Silent as _failure:")
        with self.indented():
            self.line(f"{target} = _failure.value")
            if var.translate:
                self.line(f"{target} = _translated({target}, {self.const(var.message_context)})")
        if on_missing is not None:
            self.line("except _VDNE:")
            with self.indented():
                on_missing()

    def _bit(self, target: str, bit: str) -> None:
        """``target = target.<bit>``; an exact dict holding the key is read inline.

        PERF: page-dtl - the common case (a dict row) costs no call.
        """
        self.line(f"if {target}.__class__ is dict and {bit!r} in {target}:")
        with self.indented():
            self.line(f"{target} = {target}[{bit!r}]")
            self.line(f"if callable({target}):")
            self.line(f"    {target} = _call({target}, {bit!r}, context)")
        self.line("else:")
        self.line(f"    {target} = _bit({target}, {bit!r}, context)")

    def filter_expression(self, fe: FilterExpression, ignore_failures: bool = False) -> str:
        """Emit ``fe.resolve(context, ignore_failures)``; return the local holding it."""
        self.prefetch(fe)
        target = self.tmp("_v")
        skip = None
        if fe.is_var:
            if fe.filters and not ignore_failures:
                skip = self.tmp("_skip")
                self.line(f"{skip} = False")

            def on_missing() -> None:
                if ignore_failures:
                    self.line(f"{target} = None")
                    return
                self.line(f"{target} = _sii(context)")
                self.line(f"if {target}:")
                with self.indented():
                    # A set string_if_invalid is the result; filters are not applied.
                    if skip is not None:
                        self.line(f"{skip} = True")
                    self.line(f"if '%s' in {target}:")
                    self.line(f"    {target} = {target} % {str(fe.var)!r}")

            self.variable(fe.var, target, on_missing)
        else:
            self.line(f"{target} = {self.const(fe.var)}")
        if not fe.filters:
            return target
        if skip is not None:
            self.line(f"if not {skip}:")
            with self.indented():
                self._filters(fe, target)
        else:
            self._filters(fe, target)
        return target

    def _filters(self, fe: FilterExpression, target: str) -> None:
        for func, args in fe.filters:
            arg_exprs = []
            for is_variable, arg in args:
                if is_variable:
                    local = self.tmp("_a")
                    self.variable(arg, local)
                    arg_exprs.append(local)
                else:
                    arg_exprs.append(self.const(mark_safe(arg)))
            if getattr(func, "expects_localtime", False):
                self.line(f"{target} = _localtime({target}, context.use_tz)")
            call_args = ", ".join([target, *arg_exprs])
            if getattr(func, "needs_autoescape", False):
                call_args += f", autoescape={self.autoescape!r}"
            call = f"{self.const(func)}({call_args})"
            if getattr(func, "is_safe", False):
                result = self.tmp("_f")
                self.line(f"{result} = {call}")
                self.line(
                    f"{target} = _mark_safe({result}) if isinstance({target}, _SafeData) "
                    f"else {result}"
                )
            else:
                self.line(f"{target} = {call}")

    # -- the function --------------------------------------------------------

    def prefetch(self, fe: FilterExpression) -> None:
        """Look up, before any ``try``, the context names ``fe`` reads.

        A look-up is only a dict read; done first, the local it fills is
        assigned on every path the code can take afterwards.
        """
        if fe.is_var and fe.var.lookups is not None:
            self.raw(fe.var.lookups[0])
        for _func, args in fe.filters:
            for is_variable, arg in args:
                if is_variable and arg.lookups is not None:
                    self.raw(arg.lookups[0])

    def function_source(self, name: str) -> str:
        head = [
            f"def {name}(context):",
            "    dicts = context.dicts",
            "    _o = []",
            "    _w = _o.append",
            "    try:",
        ]
        body = self.lines or ["        pass"]
        tail = [
            "    except Exception as _e:",
            "        _annotate(_e, context, _line_nodes)",
            "        raise",
            "    return _SafeString(''.join(_o))",
        ]
        return "\n".join([*head, *body, *tail]) + "\n"


RenderFunction = Any
#: Lines of ``function_source`` before the body.
_HEADER_LINES = 5


def compile_nodes(
    nodes: Sequence[Any], autoescape: bool, label: str, first_emit: Any = None
) -> RenderFunction:
    """A function rendering ``nodes`` (``first_emit`` forces how the first is emitted).

    Python limits how deeply blocks (loops, ``try``) nest in one function; a
    template nested deeper is compiled again with fewer scopes per function,
    the deeper ones becoming functions of their own.
    """
    for max_depth in (MAX_SCOPE_DEPTH, 2, 0):
        gen = CodeGen(autoescape, label, max_depth)
        for index, node in enumerate(nodes):
            gen.node(node, emit=first_emit if index == 0 else None)
        source = gen.function_source("render")
        filename = f"<template {label} #{next(_sequence)}>"
        try:
            code = compile(source, filename, "exec")
        except SyntaxError as exc:
            if "nested blocks" not in str(exc) or max_depth == 0:
                raise
            continue
        break
    gen.namespace["_line_nodes"] = gen.line_nodes
    exec(code, gen.namespace)
    # Tracebacks (and the debug page) show the generated line.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    function = gen.namespace["render"]
    function.__source__ = source
    return function


def label_for(nodes: Sequence[Any]) -> str:
    """A short name for generated code: the template the nodes come from."""
    for node in nodes:
        origin = getattr(node, "origin", None)
        if origin is not None:
            return str(getattr(origin, "template_name", None) or getattr(origin, "name", "?"))
    return "?"


__all__ = [
    "MAX_SCOPE_DEPTH",
    "OPAQUE",
    "PURE",
    "CodeGen",
    "Effects",
    "compile_nodes",
    "is_native",
    "writes",
]

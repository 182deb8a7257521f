"""``Node`` and ``NodeList``: the parsed form of a Django-language template.

Parsing turns a template into a tree of nodes, as in Django; tags written for
Django build and inspect these trees unchanged. Rendering differs: a
``NodeList`` compiles itself, on its first render, into a Python function
(``scallion.template.compiler``) and calls that function from then on. A node
the compiler does not know (a tag written by hand in a project's tag library)
keeps working: the compiled code calls its ``render(context)``, as Django's
renderer would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scallion.template.runtime import annotate_exception, render_escaped, render_plain
from scallion.utils.safestring import SafeString

if TYPE_CHECKING:
    from scallion.template.compiler import CodeGen, Effects

#: Origin, Context and Token, named for the signatures (no import: nodes are low-level).
Origin = Any
Context = Any
Token = Any


class Node:
    """One piece of a parsed template.

    Subclasses set ``child_nodelists`` to the names of the attributes that hold
    nested ``NodeList``s (so ``get_nodes_by_type`` can find them) and implement
    ``render(context) -> str``. ``must_be_first`` marks a tag that only text
    may precede (``{% extends %}``). ``token`` and ``origin`` are set by the
    parser once the node is built.
    """

    must_be_first = False
    child_nodelists: tuple[str, ...] = ("nodelist",)
    token: Token = None
    origin: Origin = None

    def render(self, context: Context) -> Any:
        """The node's output for ``context`` (a ``str``, usually safe)."""
        return None

    def render_annotated(self, context: Context) -> Any:
        """``render``, recording where the failure happened when the engine is in debug.

        The exception gets ``template_debug`` (the source lines around the
        node's tag), which the technical 500 page shows.
        """
        try:
            return self.render(context)
        except Exception as exc:
            annotate_exception(exc, self, context)
            raise

    def get_nodes_by_type(self, nodetype: type[Any] | tuple[type[Any], ...]) -> list[Any]:
        """Every node of ``nodetype`` in this node and its nested node lists."""
        nodes = []
        if isinstance(self, nodetype):
            nodes.append(self)
        for attr in self.child_nodelists:
            nodelist = getattr(self, attr, None)
            if nodelist:
                nodes.extend(nodelist.get_nodes_by_type(nodetype))
        return nodes


def _compile(nodes: Sequence[Any], autoescape: bool, first_emit: Any = None) -> Any:
    # Imported here: the compiler knows every node class, this module none.
    from scallion.template.compiler import compile_nodes, label_for

    return compile_nodes(nodes, autoescape, label_for(nodes), first_emit)


class NodeList(list[Any]):
    """A list of nodes; renders as the concatenation of their output.

    The first render with autoescaping on (or off) compiles the list into a
    function, kept on the list for the next renders.
    """

    #: Set by the parser once a node other than text is added.
    contains_nontext = False
    _escaped: Any = None
    _plain: Any = None

    def render(self, context: Context) -> SafeString:
        if context.autoescape:
            function = self._escaped
            if function is None:
                function = self._escaped = _compile(self, True)
        else:
            function = self._plain
            if function is None:
                function = self._plain = _compile(self, False)
        return function(context)  # type: ignore[no-any-return]

    def get_nodes_by_type(self, nodetype: type[Any] | tuple[type[Any], ...]) -> list[Any]:
        """Every node of ``nodetype`` in the list, nested ones included."""
        nodes = []
        for node in self:
            nodes.extend(node.get_nodes_by_type(nodetype))
        return nodes

    def compiled_source(self, autoescape: bool = True) -> str:
        """The Python source this list compiles to (for reading, when debugging)."""
        self.render_function(autoescape)
        function = self._escaped if autoescape else self._plain
        return str(function.__source__)

    def render_function(self, autoescape: bool) -> Any:
        """The compiled function, compiling it now if needed."""
        if autoescape:
            if self._escaped is None:
                self._escaped = _compile(self, True)
            return self._escaped
        if self._plain is None:
            self._plain = _compile(self, False)
        return self._plain


class CompiledNode(Node):
    """A node the compiler emits code for (its class defines ``emit(gen)``).

    ``render(context)`` still works on its own (a hand-written tag may call
    it): the node is compiled alone, once, with the ``emit`` of the class that
    defines it, so a subclass that calls ``super().render`` gets the built-in
    behaviour.
    """

    #: Whether the node opens a scope of names (counts toward the nesting limit).
    opens_scope = False

    def compile_effects(self) -> Effects:
        """What the node itself (not the nodes inside it) does to the context."""
        from scallion.template.compiler import PURE

        return PURE

    def inline_nodelists(self) -> list[Any]:
        """The nested node lists compiled inline with this node."""
        return [getattr(self, name) for name in self.child_nodelists if getattr(self, name, None)]

    def render(self, context: Context) -> Any:
        key = "_render_escaped" if context.autoescape else "_render_plain"
        function = self.__dict__.get(key)
        if function is None:
            function = _compile([self], bool(context.autoescape), first_emit=self._own_emit())
            self.__dict__[key] = function
        return function(context)

    def _own_emit(self) -> Any:
        for cls in type(self).__mro__:
            emit = cls.__dict__.get("emit")
            if emit is not None:
                return emit
        raise TypeError(f"{type(self).__name__} has no emit method.")


class TextNode(CompiledNode):
    """Literal template text, output as is."""

    child_nodelists = ()

    def __init__(self, s: str) -> None:
        self.s = s

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.s[:25]!r}>"

    def render(self, context: Context) -> str:
        return self.s

    def render_annotated(self, context: Context) -> str:
        return self.s

    def emit(self, gen: CodeGen) -> None:
        gen.output(gen.const(self.s))


def render_value_in_context(value: Any, context: Context) -> str:
    """A value as template output: localized, text, escaped when autoescaping."""
    if context.autoescape:
        return render_escaped(value, context)
    return render_plain(value, context)


class VariableNode(CompiledNode):
    """``{{ expression }}``."""

    child_nodelists = ()

    def __init__(self, filter_expression: Any) -> None:
        self.filter_expression = filter_expression

    def __repr__(self) -> str:
        return f"<Variable Node: {self.filter_expression}>"

    def emit(self, gen: CodeGen) -> None:
        gen.prefetch(self.filter_expression)
        value = gen.tmp("_v")
        gen.line("try:")
        with gen.indented():
            resolved = gen.filter_expression(self.filter_expression)
            gen.line(f"{value} = {resolved}")
        # As in Django: a value whose text cannot be decoded renders as nothing.
        gen.line("except UnicodeDecodeError:")
        with gen.indented():
            gen.line(f"{value} = ''")
        gen.output_value(value)


__all__ = [
    "CompiledNode",
    "Node",
    "NodeList",
    "TextNode",
    "VariableNode",
    "annotate_exception",
    "render_value_in_context",
]

"""``Node`` and ``NodeList``: the parsed form of a Django-language template.

Parsing turns a template into a tree of nodes. Built-in nodes are then compiled
into Python code (``scallion.template.compiler``), so a render runs that code
rather than walking the tree; a node the compiler does not know (a tag written
by hand in a project's tag library) keeps working because the compiled code
calls its ``render(context)`` as Django would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scallion.utils.safestring import SafeString

if TYPE_CHECKING:
    Origin = Any
    Context = Any
    Token = Any


class Node:
    """One piece of a parsed template.

    Subclasses set ``child_nodelists`` to the names of the attributes that hold
    nested ``NodeList``s (so ``get_nodes_by_type`` and the compiler can find
    them) and implement ``render(context) -> str``. ``must_be_first`` marks a
    tag that only text may precede (``{% extends %}``). ``token`` and
    ``origin`` are set by the parser once the node is built.
    """

    must_be_first = False
    child_nodelists: tuple[str, ...] = ("nodelist",)
    token: Token | None = None
    origin: Origin | None = None

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

    def __iter__(self) -> Any:
        yield self


def annotate_exception(exc: BaseException, node: Node, context: Context) -> None:
    """Attach ``template_debug`` for ``node`` to ``exc`` when the engine debugs.

    The innermost node that saw the exception is kept as the culprit; the
    source lines are those of the template being rendered, and only when the
    culprit belongs to it (an included template annotates its own errors).
    """
    template = getattr(context, "template", None)
    if template is None or not template.engine.debug:
        return
    if not hasattr(exc, "_culprit_node"):
        exc._culprit_node = node  # type: ignore[attr-defined]
    rendering = context.render_context.template
    culprit: Node = exc._culprit_node  # type: ignore[attr-defined]
    if (
        not hasattr(exc, "template_debug")
        and rendering is not None
        and culprit.token is not None
        and rendering.origin == culprit.origin
    ):
        exc.template_debug = rendering.get_exception_info(exc, culprit.token)  # type: ignore[attr-defined]


class NodeList(list[Any]):
    """A list of nodes; renders as the concatenation of their output."""

    #: Set by the parser once a node other than text is added.
    contains_nontext = False

    def render(self, context: Context) -> SafeString:
        return SafeString("".join([node.render_annotated(context) for node in self]))

    def get_nodes_by_type(self, nodetype: type[Any] | tuple[type[Any], ...]) -> list[Any]:
        """Every node of ``nodetype`` in the list, nested ones included."""
        nodes = []
        for node in self:
            nodes.extend(node.get_nodes_by_type(nodetype))
        return nodes


class TextNode(Node):
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

"""``{% extends %}``, ``{% block %}`` and ``{% include %}``: templates made of templates.

These nodes hand the whole context to another template (or to a block of
one), so the compiler renders them through their ``render`` method, with the
context kept up to date around them; the templates they render are compiled
like any other.

An include can include itself (a tree rendered recursively) but not
endlessly: past ``MAX_INCLUDE_DEPTH`` nested includes the render stops with
an error naming the template, instead of exhausting the stack.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from typing import Any

from scallion.template.context import Context
from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.expressions import FilterExpression, Variable
from scallion.template.library import Library
from scallion.template.nodes import Node, NodeList, TextNode
from scallion.template.parser import Parser, token_kwargs
from scallion.utils.safestring import mark_safe

register = Library()

BLOCK_CONTEXT_KEY = "block_context"

#: Most ``{% include %}`` levels one render may nest.
MAX_INCLUDE_DEPTH = 64
_INCLUDE_DEPTH_KEY = "include_depth"


class BlockContext:
    """The blocks of an extends chain, most derived first, by name."""

    def __init__(self) -> None:
        self.blocks: defaultdict[str, list[BlockNode]] = defaultdict(list)

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}: blocks={self.blocks!r}>"

    def add_blocks(self, blocks: dict[str, BlockNode]) -> None:
        for name, block in blocks.items():
            self.blocks[name].insert(0, block)

    def pop(self, name: str) -> BlockNode | None:
        try:
            return self.blocks[name].pop()
        except IndexError:
            return None

    def push(self, name: str, block: BlockNode) -> None:
        self.blocks[name].append(block)

    def get_block(self, name: str) -> BlockNode | None:
        try:
            return self.blocks[name][-1]
        except IndexError:
            return None


class BlockNode(Node):
    """``{% block name %}``: a part a child template may replace."""

    def __init__(self, name: str, nodelist: NodeList, parent: Any = None) -> None:
        self.name = name
        self.nodelist = nodelist
        self.parent = parent

    def __repr__(self) -> str:
        return f"<Block Node: {self.name}. Contents: {self.nodelist!r}>"

    def render(self, context: Context) -> Any:
        block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
        with context.push():
            if block_context is None:
                context["block"] = self
                return self.nodelist.render(context)
            push = block = block_context.pop(self.name)
            if block is None:
                block = self
            # A fresh node per render holds the context (no state shared between threads).
            block = type(self)(block.name, block.nodelist)
            block.context = context  # type: ignore[attr-defined]
            context["block"] = block
            result = block.nodelist.render(context)
            if push is not None:
                block_context.push(self.name, push)
        return result

    def super(self) -> Any:
        """``{{ block.super }}``: the parent template's version of this block."""
        if not hasattr(self, "context"):
            raise TemplateSyntaxError(
                f"'{type(self).__name__}' object has no attribute 'context'. Did you use "
                "{{ block.super }} in a base template?"
            )
        render_context = self.context.render_context
        if (
            BLOCK_CONTEXT_KEY in render_context
            and render_context[BLOCK_CONTEXT_KEY].get_block(self.name) is not None
        ):
            return mark_safe(self.render(self.context))
        return ""


class ExtendsNode(Node):
    """``{% extends "base.html" %}``: render the parent with this template's blocks."""

    must_be_first = True
    context_key = "extends_context"

    def __init__(
        self, nodelist: NodeList, parent_name: FilterExpression, template_dirs: Any = None
    ) -> None:
        self.nodelist = nodelist
        self.parent_name = parent_name
        self.template_dirs = template_dirs
        self.blocks = {n.name: n for n in nodelist.get_nodes_by_type(BlockNode)}

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: extends {self.parent_name.token}>"

    def find_template(self, template_name: str, context: Context) -> Any:
        """The parent template, skipping those already in this chain (no extends loop)."""
        history = context.render_context.setdefault(self.context_key, [self.origin])
        template, origin = context.template.engine.find_template(template_name, skip=history)
        history.append(origin)
        return template

    def get_parent(self, context: Context) -> Any:
        from scallion.template.base import Template

        parent = self.parent_name.resolve(context)
        if not parent:
            error_msg = f"Invalid template name in 'extends' tag: {parent!r}."
            if self.parent_name.filters or isinstance(self.parent_name.var, Variable):
                error_msg += f" Got this from the '{self.parent_name.token}' variable."
            raise TemplateSyntaxError(error_msg)
        if isinstance(parent, Template):
            return parent
        if isinstance(getattr(parent, "template", None), Template):
            return parent.template
        return self.find_template(parent, context)

    def render(self, context: Context) -> Any:
        compiled_parent = self.get_parent(context)
        render_context = context.render_context
        if BLOCK_CONTEXT_KEY not in render_context:
            render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        # A parent that extends nothing is the root: its blocks are the last resort.
        parent_blocks = template_root_blocks(compiled_parent)
        if parent_blocks is not None:
            block_context.add_blocks(parent_blocks)
        # The parent renders in this render's state (not a fresh one).
        initial = render_context.template
        render_context.template = compiled_parent
        try:
            return compiled_parent._render(context)
        finally:
            render_context.template = initial


def root_blocks(nodelist: NodeList) -> dict[str, BlockNode] | None:
    """The blocks of a template that extends nothing; None when it extends another."""
    for node in nodelist:
        if not isinstance(node, TextNode):
            if isinstance(node, ExtendsNode):
                return None
            break
    return {n.name: n for n in nodelist.get_nodes_by_type(BlockNode)}


def template_root_blocks(template: Any) -> dict[str, BlockNode] | None:
    """``root_blocks`` of a template's nodes, kept on it after its first use as a parent."""
    try:
        return template._root_blocks  # type: ignore[no-any-return]
    except AttributeError:
        blocks = template._root_blocks = root_blocks(template.nodelist)
        return blocks


class IncludeNode(Node):
    """``{% include "name" [with a=b] [only] %}``."""

    context_key = "__include_context"

    def __init__(
        self,
        template: FilterExpression,
        *args: Any,
        extra_context: dict[str, FilterExpression] | None = None,
        isolated_context: bool = False,
        **kwargs: Any,
    ) -> None:
        self.template = template
        self.extra_context = extra_context or {}
        self.isolated_context = isolated_context
        super().__init__(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}: template={self.template!r}>"

    def render(self, context: Context) -> Any:
        template = self.template.resolve(context)
        if not callable(getattr(template, "render", None)):
            # A name (or names): looked up once per render of the including template.
            template_name = template or ()
            if isinstance(template_name, str):
                template_name = (construct_relative_path(self.origin.template_name, template_name),)
            else:
                template_name = tuple(template_name)
            cache = context.render_context.dicts[0].setdefault(self, {})
            template = cache.get(template_name)
            if template is None:
                template = context.template.engine.select_template(template_name)
                cache[template_name] = template
        elif hasattr(template, "template"):
            # The engine-level Template of a backend's Template.
            template = template.template
        values = {name: var.resolve(context) for name, var in self.extra_context.items()}
        depth_holder = context.render_context.dicts[0]
        depth = depth_holder.get(_INCLUDE_DEPTH_KEY, 0)
        if depth >= MAX_INCLUDE_DEPTH:
            raise TemplateSyntaxError(
                f"{{% include %}} nested more than {MAX_INCLUDE_DEPTH} levels deep, including "
                f"{getattr(template, 'origin', template)}. An include that includes itself "
                "needs a condition that stops it (an {% if %} around the include)."
            )
        depth_holder[_INCLUDE_DEPTH_KEY] = depth + 1
        try:
            if self.isolated_context:
                return template.render(context.new(values))
            with context.push(**values):
                return template.render(context)
        finally:
            depth_holder[_INCLUDE_DEPTH_KEY] = depth


@register.tag("block")
def do_block(parser: Parser, token: Any) -> Node:
    """Define a block a child template may override: ``{% block name %}...{% endblock %}``."""
    bits = token.contents.split()
    if len(bits) != 2:
        raise TemplateSyntaxError(f"'{bits[0]}' tag takes only one argument")
    block_name = bits[1]
    loaded = parser.__dict__.setdefault("_loaded_blocks", [])
    if block_name in loaded:
        raise TemplateSyntaxError(
            f"'{bits[0]}' tag with name '{block_name}' appears more than once"
        )
    loaded.append(block_name)
    nodelist = parser.parse(("endblock",))
    endblock = parser.next_token()
    acceptable_endblocks = ("endblock", f"endblock {block_name}")
    if endblock.contents not in acceptable_endblocks:
        parser.invalid_block_tag(endblock, "endblock", acceptable_endblocks)
    return BlockNode(block_name, nodelist)


def construct_relative_path(
    current_template_name: str | None, relative_name: str, allow_recursion: bool = False
) -> str:
    """A ``./`` or ``../`` template name made absolute, from the current template's name."""
    new_name = relative_name.strip("'\"")
    if not new_name.startswith(("./", "../")):
        return relative_name
    if current_template_name is None:
        raise TemplateSyntaxError(
            f"The relative path {relative_name} cannot be evaluated due to an unknown "
            "template origin."
        )
    new_name = posixpath.normpath(
        posixpath.join(posixpath.dirname(current_template_name.lstrip("/")), new_name)
    )
    if new_name.startswith("../"):
        raise TemplateSyntaxError(
            f"The relative path '{relative_name}' points outside the file hierarchy that "
            f"template '{current_template_name}' is in."
        )
    if not allow_recursion and current_template_name.lstrip("/") == new_name:
        raise TemplateSyntaxError(
            f"The relative path '{relative_name}' was translated to template name "
            f"'{new_name}', the same template in which the tag appears."
        )
    has_quotes = relative_name.startswith(('"', "'")) and relative_name[0] == relative_name[-1]
    return f'"{new_name}"' if has_quotes else new_name


@register.tag("extends")
def do_extends(parser: Parser, token: Any) -> Node:
    """Extend a parent template: ``{% extends "base.html" %}`` or ``{% extends var %}``."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise TemplateSyntaxError(f"'{bits[0]}' takes one argument")
    bits[1] = construct_relative_path(getattr(parser.origin, "template_name", None), bits[1])
    parent_name = parser.compile_filter(bits[1])
    nodelist = parser.parse()
    if nodelist.get_nodes_by_type(ExtendsNode):
        raise TemplateSyntaxError(f"'{bits[0]}' cannot appear more than once in the same template")
    return ExtendsNode(nodelist, parent_name)


@register.tag("include")
def do_include(parser: Parser, token: Any) -> Node:
    """Render another template here, with this context (``only``: without it)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError(
            f"{bits[0]!r} tag takes at least one argument: the name of the template to be included."
        )
    options: dict[str, Any] = {}
    remaining_bits = bits[2:]
    while remaining_bits:
        option = remaining_bits.pop(0)
        if option in options:
            raise TemplateSyntaxError(f"The {option!r} option was specified more than once.")
        if option == "with":
            value: Any = token_kwargs(remaining_bits, parser, support_legacy=False)
            if not value:
                raise TemplateSyntaxError(
                    f'"with" in {bits[0]!r} tag needs at least one keyword argument.'
                )
        elif option == "only":
            value = True
        else:
            raise TemplateSyntaxError(f"Unknown argument for {bits[0]!r} tag: {option!r}.")
        options[option] = value
    isolated_context = options.get("only", False)
    namemap = options.get("with", {})
    bits[1] = construct_relative_path(
        getattr(parser.origin, "template_name", None), bits[1], allow_recursion=True
    )
    return IncludeNode(
        parser.compile_filter(bits[1]), extra_context=namemap, isolated_context=isolated_context
    )


__all__ = [
    "BLOCK_CONTEXT_KEY",
    "MAX_INCLUDE_DEPTH",
    "BlockContext",
    "BlockNode",
    "ExtendsNode",
    "IncludeNode",
    "construct_relative_path",
    "register",
    "root_blocks",
    "template_root_blocks",
]

"""A tag library written the way Django projects write theirs."""

from __future__ import annotations

from typing import Any

from scallion.template import Library, Node
from scallion.utils.html import format_html
from scallion.utils.safestring import mark_safe

register = Library()


@register.filter
def shout(value: Any) -> str:
    return f"{value}!"


@register.filter(is_safe=True)
def wrap(value: Any) -> str:
    return f"[{value}]"


@register.filter(needs_autoescape=True)
def bold(value: Any, autoescape: bool = True) -> str:
    from scallion.utils.html import conditional_escape

    text = conditional_escape(value) if autoescape else value
    return mark_safe(f"<b>{text}</b>")


@register.simple_tag
def greet(name: Any, punctuation: str = "!") -> str:
    return f"Hello {name}{punctuation}"


@register.simple_tag(takes_context=True)
def from_context(context: Any, key: str) -> Any:
    return context.get(key, "none")


@register.simple_tag
def html_tag() -> str:
    return format_html("<i>{}</i>", "<x>")


@register.simple_block_tag
def box(content: str, kind: str = "plain") -> str:
    return format_html('<div class="{}">{}</div>', kind, content)


@register.inclusion_tag("dtl_app/item.html")
def show_item(item: Any) -> dict[str, Any]:
    return {"item": item}


@register.inclusion_tag("dtl_app/item.html", takes_context=True)
def show_context_item(context: Any) -> dict[str, Any]:
    return {"item": context["current"]}


class SetVarNode(Node):
    """``{% setvar name value %}``: writes into the context, as hand-written tags do."""

    child_nodelists = ()

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        self.value = value

    def render(self, context: Any) -> str:
        context[self.name] = self.value.resolve(context)
        return ""


@register.tag
def setvar(parser: Any, token: Any) -> Node:
    _, name, value = token.split_contents()
    return SetVarNode(name, parser.compile_filter(value))


class UpperNode(Node):
    """``{% upper %}...{% endupper %}``: renders its body itself."""

    def __init__(self, nodelist: Any) -> None:
        self.nodelist = nodelist

    def render(self, context: Any) -> str:
        return str(self.nodelist.render(context)).upper()


@register.tag
def upper(parser: Any, token: Any) -> Node:
    nodelist = parser.parse(("endupper",))
    parser.delete_first_token()
    return UpperNode(nodelist)


class ContextKeysNode(Node):
    """``{% keys %}``: the names the context holds, as a hand-written tag sees them."""

    child_nodelists = ()

    def render(self, context: Any) -> str:
        return ",".join(sorted(k for d in context.dicts[1:] for k in d if isinstance(k, str)))


@register.tag
def keys(parser: Any, token: Any) -> Node:
    return ContextKeysNode()

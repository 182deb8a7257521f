"""``{% load l10n %}``: the ``localize``/``unlocalize`` filters and ``{% localize on|off %}``."""

from __future__ import annotations

from typing import Any

from scallion.template.compiler import CodeGen
from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.library import Library
from scallion.template.nodes import CompiledNode, Node, NodeList
from scallion.utils import formats

register = Library()


@register.filter(is_safe=False)
def localize(value: Any) -> str:
    """The value formatted for the current locale, whatever ``{% localize %}`` says."""
    return str(formats.localize(value, use_l10n=True))


@register.filter(is_safe=False)
def unlocalize(value: Any) -> str:
    """The value without locale formatting (``1234.5``, not ``1,234.5``)."""
    return str(formats.localize(value, use_l10n=False))


class LocalizeNode(CompiledNode):
    """``{% localize on|off %}``: values in the block are (not) localized."""

    def __init__(self, nodelist: NodeList, use_l10n: bool) -> None:
        self.nodelist = nodelist
        self.use_l10n = use_l10n

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def emit(self, gen: CodeGen) -> None:
        previous = gen.tmp("_l10n")
        gen.line(f"{previous} = context.use_l10n")
        gen.line(f"context.use_l10n = {self.use_l10n!r}")
        gen.nodelist(self.nodelist)
        gen.line(f"context.use_l10n = {previous}")


@register.tag("localize")
def localize_tag(parser: Any, token: Any) -> Node:
    """Force (``on``, the default) or prevent (``off``) localization in the block."""
    bits = list(token.split_contents())
    if len(bits) == 1:
        use_l10n = True
    elif len(bits) > 2 or bits[1] not in ("on", "off"):
        raise TemplateSyntaxError(f"{bits[0]!r} argument should be 'on' or 'off'")
    else:
        use_l10n = bits[1] == "on"
    nodelist = parser.parse(("endlocalize",))
    parser.delete_first_token()
    return LocalizeNode(nodelist, use_l10n)

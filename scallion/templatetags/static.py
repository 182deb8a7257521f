"""``{% load static %}``: ``{% static %}``, ``{% get_static_prefix %}``, ``{% get_media_prefix %}``.

With ``scallion.contrib.staticfiles`` in ``INSTALLED_APPS`` a path goes
through its storage (the hashed name once ``collect`` has written a
manifest); otherwise it is quoted and joined to ``STATIC_URL``, as Django does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urljoin

from scallion.conf import settings
from scallion.template.compiler import PURE, CodeGen, Effects, writes
from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.expressions import FilterExpression
from scallion.template.library import Library
from scallion.template.nodes import CompiledNode, Node
from scallion.utils.encoding import iri_to_uri
from scallion.utils.html import conditional_escape

register = Library()

STATICFILES_APPS = ("scallion.contrib.staticfiles", "django.contrib.staticfiles")


class PrefixNode(CompiledNode):
    """The value of a URL setting (``STATIC_URL``, ``MEDIA_URL``), output or stored."""

    child_nodelists = ()

    def __repr__(self) -> str:
        return f"<PrefixNode for {self.name!r}>"

    def __init__(self, varname: str | None = None, name: str | None = None) -> None:
        if name is None:
            raise TemplateSyntaxError("Prefix nodes must be given a name to return.")
        self.varname = varname
        self.name = name

    @classmethod
    def handle_token(cls, parser: Any, token: Any, name: str) -> PrefixNode:
        tokens = token.contents.split()
        if len(tokens) > 1 and tokens[1] != "as":
            raise TemplateSyntaxError(f"First argument in '{tokens[0]}' must be 'as'")
        varname = tokens[2] if len(tokens) > 1 else None
        return cls(varname, name)

    @classmethod
    def handle_simple(cls, name: str) -> str:
        return str(iri_to_uri(getattr(settings, name, "")))

    def compile_effects(self) -> Effects:
        return writes(self.varname) if self.varname else PURE

    def emit(self, gen: CodeGen) -> None:
        prefix = gen.tmp("_prefix")
        gen.line(f"{prefix} = {gen.const(type(self).handle_simple)}({self.name!r})")
        if self.varname is None:
            gen.output(prefix)
        else:
            gen.store(self.varname, prefix)


@register.tag
def get_static_prefix(parser: Any, token: Any) -> Node:
    """``STATIC_URL``: ``{% get_static_prefix [as varname] %}``."""
    return PrefixNode.handle_token(parser, token, "STATIC_URL")


@register.tag
def get_media_prefix(parser: Any, token: Any) -> Node:
    """``MEDIA_URL``: ``{% get_media_prefix [as varname] %}``."""
    return PrefixNode.handle_token(parser, token, "MEDIA_URL")


class StaticNode(CompiledNode):
    """``{% static path [as varname] %}``."""

    child_nodelists = ()

    def __init__(self, varname: str | None = None, path: FilterExpression | None = None) -> None:
        if path is None:
            raise TemplateSyntaxError("Static template nodes must be given a path to return.")
        self.path = path
        self.varname = varname

    def __repr__(self) -> str:
        return f"{type(self).__name__}(varname={self.varname!r}, path={self.path!r})"

    def url(self, context: Any) -> str:
        path = self.path.resolve(context)
        return self.handle_simple(path)

    @classmethod
    def handle_simple(cls, path: str) -> str:
        if any(app in settings.INSTALLED_APPS for app in STATICFILES_APPS):
            from scallion.contrib.staticfiles.storage import static as storage_static

            return storage_static(path)
        return urljoin(PrefixNode.handle_simple("STATIC_URL"), quote(path))

    @classmethod
    def handle_token(cls, parser: Any, token: Any) -> StaticNode:
        bits = token.split_contents()
        if len(bits) < 2:
            raise TemplateSyntaxError(f"'{bits[0]}' takes at least one argument (path to file)")
        path = parser.compile_filter(bits[1])
        varname = bits[3] if len(bits) >= 2 and bits[-2] == "as" else None
        return cls(varname, path)

    def compile_effects(self) -> Effects:
        return writes(self.varname) if self.varname else PURE

    def emit(self, gen: CodeGen) -> None:
        path = gen.filter_expression(self.path)
        url = gen.tmp("_static")
        gen.line(f"{url} = {gen.const(type(self).handle_simple)}({path})")
        if gen.autoescape:
            escape = gen.const(conditional_escape)
            gen.line(f"{url} = _esc({url}) if {url}.__class__ is str else {escape}({url})")
        if self.varname is None:
            gen.output(url)
        else:
            gen.store(self.varname, url)


@register.tag("static")
def do_static(parser: Any, token: Any) -> Node:
    """The URL of a static file: ``{% static "css/site.css" [as varname] %}``."""
    return StaticNode.handle_token(parser, token)


def static(path: str) -> str:
    """The URL of the static file ``path`` (what ``{% static %}`` outputs)."""
    return StaticNode.handle_simple(path)

"""``{% load cache %}``: ``{% cache timeout name [vary_on ...] [using="alias"] %}``.

Django's fragment cache tag: the block between ``{% cache %}`` and
``{% endcache %}`` is rendered once and kept for ``timeout`` seconds (a variable
or a number; ``None`` keeps it until evicted) under
``make_template_fragment_key(name, vary_on)``, in the ``using`` alias, else
``template_fragments`` if that alias exists, else ``default``. The fragment
name is a literal, never a variable. A cache that cannot be reached renders the
block instead of failing the page (see ``scallion.core.cache.outages``); the
Jinja2 twin is ``scallion.core.cache.jinja2.FragmentCacheExtension``.
"""

from __future__ import annotations

from typing import Any

from scallion.core.cache import InvalidCacheBackendError, caches, outages
from scallion.core.cache.backends.base import BaseCache
from scallion.core.cache.utils import make_template_fragment_key
from scallion.template.exceptions import TemplateSyntaxError, VariableDoesNotExist
from scallion.template.expressions import FilterExpression
from scallion.template.library import Library
from scallion.template.nodes import Node, NodeList
from scallion.utils.safestring import mark_safe

register = Library()


def _resolve(expression: FilterExpression, context: Any) -> Any:
    try:
        return expression.resolve(context)
    except VariableDoesNotExist:
        raise TemplateSyntaxError(
            f'"cache" tag got an unknown variable: {expression.var!r}'
        ) from None


class CacheNode(Node):
    def __init__(
        self,
        nodelist: NodeList,
        expire_time_var: FilterExpression,
        fragment_name: str,
        vary_on: list[FilterExpression],
        cache_name: FilterExpression | None,
    ) -> None:
        self.nodelist = nodelist
        self.expire_time_var = expire_time_var
        self.fragment_name = fragment_name
        self.vary_on = vary_on
        self.cache_name = cache_name

    def _fragment_cache(self, context: Any) -> tuple[str, BaseCache]:
        if self.cache_name is not None:
            alias = _resolve(self.cache_name, context)
            try:
                return str(alias), caches[alias]
            except InvalidCacheBackendError:
                raise TemplateSyntaxError(
                    f"Invalid cache name specified for cache tag: {alias!r}"
                ) from None
        try:
            return "template_fragments", caches["template_fragments"]
        except InvalidCacheBackendError:
            return "default", caches["default"]

    def render(self, context: Any) -> Any:
        expire_time = _resolve(self.expire_time_var, context)
        if expire_time is not None:
            try:
                expire_time = int(expire_time)
            except (ValueError, TypeError):
                raise TemplateSyntaxError(
                    f'"cache" tag got a non-integer timeout value: {expire_time!r}'
                ) from None
        alias, fragment_cache = self._fragment_cache(context)
        vary_on = [var.resolve(context) for var in self.vary_on]
        key = make_template_fragment_key(self.fragment_name, vary_on)
        if outages.is_unavailable(alias):
            return self.nodelist.render(context)
        try:
            value = fragment_cache.get(key)
        except Exception as exc:
            if not outages.swallow(alias, fragment_cache, exc, what="template fragments"):
                raise
            return self.nodelist.render(context)
        if value is None:
            value = self.nodelist.render(context)
            try:
                fragment_cache.set(key, value, expire_time)
            except Exception as exc:
                if not outages.swallow(alias, fragment_cache, exc, what="template fragments"):
                    raise
        # Rendered template output, as it was when stored: already escaped.
        return mark_safe(value)


@register.tag("cache")
def do_cache(parser: Any, token: Any) -> CacheNode:
    """``{% cache timeout name [vary_on ...] [using="alias"] %} ... {% endcache %}``."""
    nodelist = parser.parse(("endcache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise TemplateSyntaxError(f"'{tokens[0]!r}' tag requires at least 2 arguments.")
    cache_name = None
    if len(tokens) > 3 and tokens[-1].startswith("using="):
        cache_name = parser.compile_filter(tokens[-1].removeprefix("using="))
        tokens = tokens[:-1]
    return CacheNode(
        nodelist,
        parser.compile_filter(tokens[1]),
        tokens[2],  # the fragment name is a literal
        [parser.compile_filter(t) for t in tokens[3:]],
        cache_name,
    )

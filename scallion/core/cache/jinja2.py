"""``{% cache %}`` for Jinja2 templates: Django's fragment cache tag, same keys.

Enable it in the Jinja2 engine's options::

    TEMPLATES = [{
        "BACKEND": "scallion.template.backends.jinja2.Jinja2",
        "OPTIONS": {"extensions": ["scallion.core.cache.jinja2.FragmentCacheExtension"]},
    }]

then, in a template::

    {% cache 500 sidebar user.id request.LANGUAGE_CODE using="fragments" %}
        ... expensive part ...
    {% endcache %}

The arguments are Django's: the timeout in seconds (an expression; ``None``
keeps the fragment until it is evicted), the fragment's name (a bare name or a
string, never a variable), any values the fragment varies on, and optionally
``using=`` a cache alias (by default ``"template_fragments"`` if that alias
exists, else ``"default"``). The key is ``make_template_fragment_key(name,
vary_on)``, so ``cache.delete(make_template_fragment_key("sidebar", [user.id,
"en"]))`` removes what the tag stored, as with Django's tag.

A cache that cannot be reached does not fail the page: the fragment is rendered
and the outage logged, as for the page cache (``CACHE_MIDDLEWARE_IGNORE_ERRORS``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateRuntimeError
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from scallion.core.cache import InvalidCacheBackendError, caches, outages
from scallion.core.cache.backends.base import BaseCache
from scallion.core.cache.utils import make_template_fragment_key


def _fragment_cache(using: Any) -> tuple[str, BaseCache]:
    if using is not None:
        try:
            return str(using), caches[using]
        except InvalidCacheBackendError:
            raise TemplateRuntimeError(
                f"Invalid cache name specified for cache tag: {using!r}"
            ) from None
    try:
        return "template_fragments", caches["template_fragments"]
    except InvalidCacheBackendError:
        return "default", caches["default"]


class FragmentCacheExtension(Extension):
    """The ``{% cache timeout name [vary_on ...] [using="alias"] %}`` block."""

    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        timeout = parser.parse_expression()
        token = parser.stream.current
        if token.type not in ("name", "string"):
            parser.fail(
                "'cache' tag requires at least 2 arguments: a timeout and a fragment name.",
                token.lineno,
            )
        next(parser.stream)
        name = nodes.Const(token.value)
        vary_on: list[nodes.Expr] = []
        using: nodes.Expr = nodes.Const(None)
        while parser.stream.current.type != "block_end":
            if parser.stream.current.test("name:using") and parser.stream.look().test("assign"):
                next(parser.stream)
                next(parser.stream)
                using = parser.parse_expression()
                break
            vary_on.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method(
            "_cached_fragment", [timeout, name, nodes.List(vary_on), using], lineno=lineno
        )
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _cached_fragment(
        self, timeout: Any, name: str, vary_on: list[Any], using: Any, caller: Callable[[], str]
    ) -> Markup:
        if timeout is not None:
            try:
                timeout = int(timeout)
            except (ValueError, TypeError):
                raise TemplateRuntimeError(
                    f'"cache" tag got a non-integer timeout value: {timeout!r}'
                ) from None
        alias, cache = _fragment_cache(using)
        key = make_template_fragment_key(name, vary_on)
        if outages.is_unavailable(alias):
            return Markup(caller())
        try:
            value = cache.get(key)
        except Exception as exc:
            if not outages.swallow(alias, cache, exc, what="template fragments"):
                raise
            return Markup(caller())
        if value is None:
            value = caller()
            try:
                cache.set(key, value, timeout)
            except Exception as exc:
                if not outages.swallow(alias, cache, exc, what="template fragments"):
                    raise
        # Rendered template output: safe as it stands, autoescaped or not.
        return Markup(value)


__all__ = ["FragmentCacheExtension"]

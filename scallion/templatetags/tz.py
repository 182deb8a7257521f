"""``{% load tz %}``: time-zone filters and tags.

Filters ``localtime``, ``utc`` and ``timezone:"Europe/Paris"`` convert a
datetime; ``{% localtime on|off %}`` turns the automatic conversion of
datetimes to the current time zone on or off for a block; ``{% timezone tz %}``
activates a time zone for a block; ``{% get_current_timezone as name %}``
stores the current zone's name.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, tzinfo
from typing import Any

from scallion.template.compiler import CodeGen, Effects, writes
from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.expressions import FilterExpression
from scallion.template.library import Library
from scallion.template.nodes import CompiledNode, Node, NodeList
from scallion.utils import timezone

register = Library()


class datetimeobject(datetime):
    """A datetime that can carry ``convert_to_local_time = False``."""

    convert_to_local_time: bool


@register.filter
def localtime(value: Any) -> Any:
    """The datetime in the current time zone (useful inside ``{% localtime off %}``)."""
    return do_timezone(value, timezone.get_current_timezone())


@register.filter
def utc(value: Any) -> Any:
    """The datetime in UTC."""
    return do_timezone(value, UTC)


@register.filter("timezone")
def do_timezone(value: Any, arg: Any) -> Any:
    """The datetime in the time zone ``arg`` (a ``tzinfo`` or a zone name); ``""`` otherwise.

    A naive datetime is taken to be in the default time zone. The result is not
    converted again when rendered.
    """
    if not isinstance(value, datetime):
        return ""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
    except Exception:
        # A filter never raises.
        return ""
    if isinstance(arg, tzinfo):
        tz = arg
    elif isinstance(arg, str):
        try:
            tz = zoneinfo.ZoneInfo(arg)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return ""
    else:
        return ""
    result = timezone.localtime(value, tz)
    converted = datetimeobject(
        result.year,
        result.month,
        result.day,
        result.hour,
        result.minute,
        result.second,
        result.microsecond,
        result.tzinfo,
    )
    converted.convert_to_local_time = False
    return converted


class LocalTimeNode(CompiledNode):
    """``{% localtime on|off %}``."""

    def __init__(self, nodelist: NodeList, use_tz: bool) -> None:
        self.nodelist = nodelist
        self.use_tz = use_tz

    def emit(self, gen: CodeGen) -> None:
        previous = gen.tmp("_tz")
        gen.line(f"{previous} = context.use_tz")
        gen.line(f"context.use_tz = {self.use_tz!r}")
        gen.nodelist(self.nodelist)
        gen.line(f"context.use_tz = {previous}")


class TimezoneNode(Node):
    """``{% timezone tz %}``: the block renders with ``tz`` active."""

    def __init__(self, nodelist: NodeList, tz: FilterExpression) -> None:
        self.nodelist = nodelist
        self.tz = tz

    def render(self, context: Any) -> Any:
        with timezone.override(self.tz.resolve(context)):
            return self.nodelist.render(context)


class GetCurrentTimezoneNode(CompiledNode):
    child_nodelists = ()

    def __init__(self, variable: str) -> None:
        self.variable = variable

    def compile_effects(self) -> Effects:
        return writes(self.variable)

    def emit(self, gen: CodeGen) -> None:
        name = gen.tmp("_zone")
        gen.line(f"{name} = {gen.const(timezone.get_current_timezone_name)}()")
        gen.store(self.variable, name)


@register.tag("localtime")
def localtime_tag(parser: Any, token: Any) -> Node:
    """Convert datetimes to the current time zone (``on``, the default) or not (``off``)."""
    bits = token.split_contents()
    if len(bits) == 1:
        use_tz = True
    elif len(bits) > 2 or bits[1] not in ("on", "off"):
        raise TemplateSyntaxError(f"{bits[0]!r} argument should be 'on' or 'off'")
    else:
        use_tz = bits[1] == "on"
    nodelist = parser.parse(("endlocaltime",))
    parser.delete_first_token()
    return LocalTimeNode(nodelist, use_tz)


@register.tag("timezone")
def timezone_tag(parser: Any, token: Any) -> Node:
    """Activate a time zone (a ``tzinfo``, a name, or None for the default) for the block."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise TemplateSyntaxError(f"'{bits[0]}' takes one argument (timezone)")
    tz = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endtimezone",))
    parser.delete_first_token()
    return TimezoneNode(nodelist, tz)


@register.tag("get_current_timezone")
def get_current_timezone_tag(parser: Any, token: Any) -> Node:
    """``{% get_current_timezone as name %}``: the current time zone's name."""
    args = token.contents.split()
    if len(args) != 3 or args[1] != "as":
        raise TemplateSyntaxError(f"'get_current_timezone' requires 'as variable' (got {args!r})")
    return GetCurrentTimezoneNode(args[2])


__all__ = ["do_timezone", "localtime", "register", "utc"]

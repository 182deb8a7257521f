"""``Parser``: turns the lexer's tokens into a ``NodeList``, calling each tag's compile function.

Also home of ``token_kwargs``, the helper tags use to read ``name=value``
arguments (and the older ``value as name`` form).
"""

from __future__ import annotations

import re
from typing import Any

FilterExpression = Any

#: ``name=value`` (group 1 the name, group 2 the value) or a bare value.
kwarg_re = re.compile(r"(?:(\w+)=)?(.+)")


def token_kwargs(
    bits: list[str], parser: Any, support_legacy: bool = False
) -> dict[str, FilterExpression]:
    """Read keyword arguments from the front of ``bits``, removing them from it.

    ``a=1 b=x`` gives ``{"a": <1>, "b": <x>}``. With ``support_legacy``,
    ``1 as a and x as b`` is read too. Reading stops at the first bit of another
    shape, so a tag can take keyword arguments followed by anything else.
    """
    if not bits:
        return {}
    match = kwarg_re.match(bits[0])
    kwarg_format = bool(match and match[1])
    if not kwarg_format and (not support_legacy or len(bits) < 3 or bits[1] != "as"):
        return {}

    kwargs: dict[str, FilterExpression] = {}
    while bits:
        if kwarg_format:
            match = kwarg_re.match(bits[0])
            if not match or not match[1]:
                return kwargs
            key, value = match[1], match[2]
            del bits[:1]
        else:
            if len(bits) < 3 or bits[1] != "as":
                return kwargs
            key, value = bits[2], bits[0]
            del bits[:3]
        kwargs[key] = parser.compile_filter(value)
        if bits and not kwarg_format:
            if bits[0] != "and":
                return kwargs
            del bits[:1]
    return kwargs

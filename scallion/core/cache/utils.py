"""``make_template_fragment_key``: the key a template's ``{% cache %}`` block is stored under.

Django's scheme, so that code deleting a fragment (``cache.delete(
make_template_fragment_key("sidebar", [user.pk]))``) finds what the tag stored:
``template.cache.<name>.<md5 of the vary-on values>``. Each value goes into the
hash as a netstring (``<length>:<bytes>,``), so ``["a:b", "c"]`` and
``["a", "b:c"]`` cannot collide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

TEMPLATE_FRAGMENT_KEY_TEMPLATE = "template.cache.%s.%s"


def make_template_fragment_key(fragment_name: str, vary_on: Iterable[Any] | None = None) -> str:
    hasher = hashlib.md5(usedforsecurity=False)
    if vary_on is not None:
        for value in vary_on:
            data = str(value).encode()
            hasher.update(b"%d:%s," % (len(data), data))
    return TEMPLATE_FRAGMENT_KEY_TEMPLATE % (fragment_name, hasher.hexdigest())


__all__ = ["TEMPLATE_FRAGMENT_KEY_TEMPLATE", "make_template_fragment_key"]

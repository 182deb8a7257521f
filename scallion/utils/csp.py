"""Content Security Policy: the ``CSP`` keywords, the per-request nonce, policy text.

A policy is a mapping of directive names to their sources, as in the
``SECURE_CSP`` and ``SECURE_CSP_REPORT_ONLY`` settings::

    SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "upgrade-insecure-requests": True,
    }

``CSP.NONCE`` stands for the request's nonce. The nonce is made only when
something reads it (a template printing ``csp_nonce``, a view calling
``get_nonce(request)``); a response whose nonce was never read gets a header
without it, so pages that use no inline scripts stay cacheable.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from scallion.utils.functional import SimpleLazyObject, empty
from scallion.utils.html import format_html
from scallion.utils.safestring import SafeString

#: The template context name of the request's nonce (the ``csp`` context processor).
CONTEXT_KEY = "csp_nonce"


class CSP(StrEnum):
    """The header names, the quoted keywords of CSP sources, and the nonce placeholder.

    The keywords carry their single quotes, which are easy to forget or mistype
    in a plain string (``"self"`` names a host called *self*; ``"'self'"`` is
    the keyword).
    """

    HEADER_ENFORCE = "Content-Security-Policy"
    HEADER_REPORT_ONLY = "Content-Security-Policy-Report-Only"

    NONE = "'none'"
    REPORT_SAMPLE = "'report-sample'"
    SELF = "'self'"
    STRICT_DYNAMIC = "'strict-dynamic'"
    UNSAFE_EVAL = "'unsafe-eval'"
    UNSAFE_HASHES = "'unsafe-hashes'"
    UNSAFE_INLINE = "'unsafe-inline'"
    WASM_UNSAFE_EVAL = "'wasm-unsafe-eval'"

    #: Replaced by ``'nonce-<value>'`` when the response's nonce was used, else dropped.
    #: Not a valid source itself, so a policy built without the middleware cannot
    #: leak it into a header.
    NONCE = "<CSP_NONCE_SENTINEL>"


def generate_nonce() -> str:
    """128 random bits, URL-safe base64: a fresh nonce."""
    return secrets.token_urlsafe(16)


class LazyNonce(SimpleLazyObject):
    """A request's nonce, generated the first time it is turned into text.

    It is false until then, so a policy (or a library) can ask whether the
    page used it without making one.
    """

    def __init__(self) -> None:
        super().__init__(generate_nonce)

    def __bool__(self) -> bool:
        return self.__dict__["_wrapped"] is not empty

    # Once made, the nonce passes for the string it is (Django's lazy objects do):
    # ``isinstance(nonce, str)``, ``len(nonce)``. Asking makes it.
    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._setup())

    def __len__(self) -> int:
        return len(self._setup())

    def __repr__(self) -> str:
        wrapped = self.__dict__["_wrapped"]
        shown = self.__dict__["_setupfunc"] if wrapped is empty else wrapped
        return f"<LazyNonce: {shown!r}>"


def nonce_attr(context: Mapping[str, Any], media: Any = None) -> SafeString | str:
    """``nonce="..."`` for a tag, or a form ``media``'s tags rendered with it.

    Empty when the context has no nonce (the ``csp`` context processor is not
    installed, or the CSP middleware is not).
    """
    nonce = context.get(CONTEXT_KEY)
    if media:
        return media.render(attrs={"nonce": nonce} if nonce is not None else None)  # type: ignore[no-any-return]
    if nonce is None:
        return ""
    return format_html('nonce="{}"', nonce)


def build_policy(config: Mapping[str, Any], nonce: Any = None) -> str:
    """The header value of ``config``; ``CSP.NONCE`` becomes ``nonce`` if it is true.

    A directive whose value is ``None`` or ``False`` is left out, ``True``
    writes the directive alone (``upgrade-insecure-requests``), a set is
    sorted (the same policy always gives the same text), a single string is
    one source. A directive left with no sources once the unused nonce is
    dropped is left out too.
    """
    parts: list[str] = []
    for directive, value in config.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(directive)
            continue
        sources = _sources(value)
        if CSP.NONCE in sources:
            if nonce:
                sources = [f"'nonce-{nonce}'" if s == CSP.NONCE else s for s in sources]
            else:
                sources = [s for s in sources if s != CSP.NONCE]
        if not sources:
            continue
        parts.append(f"{directive} {' '.join(sources)}".rstrip())
    return "; ".join(parts)


def uses_nonce(config: Mapping[str, Any] | None) -> bool:
    """True if a directive of ``config`` lists ``CSP.NONCE``."""
    if not config:
        return False
    for value in config.values():
        if value is None or isinstance(value, bool):
            continue
        if CSP.NONCE in _sources(value):
            return True
    return False


def _sources(value: Any) -> list[Any]:
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


__all__ = [
    "CONTEXT_KEY",
    "CSP",
    "LazyNonce",
    "build_policy",
    "generate_nonce",
    "nonce_attr",
    "uses_nonce",
]

"""Walk the URLconf tree into flat rows, for ``scallion routes`` and the URL checks.

The walk relies only on Django's documented resolver attributes: a resolver has
``url_patterns``, ``pattern`` and ``namespace``; a pattern has ``pattern``,
``callback`` and ``name``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Route:
    """One endpoint: its full pattern text and where it came from."""

    pattern: str
    name: str | None
    namespace: str | None
    callback: Any
    #: The pattern object as written, for checks that look at its own text.
    leaf: Any

    @property
    def qualified_name(self) -> str | None:
        if self.name is None:
            return None
        return f"{self.namespace}:{self.name}" if self.namespace else self.name


def walk(
    resolver: Any,
    prefix: str = "",
    namespaces: tuple[str, ...] = (),
    _open: tuple[Any, ...] = (),
) -> Iterator[Route]:
    """Depth-first, in URLconf order (the order resolution tries them).

    An include of a URLconf already being walked (one that includes itself) is
    not walked again: its routes are listed once.
    """
    open_now = (*_open, resolver)
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if hasattr(entry, "url_patterns"):
            if any(entry is ancestor for ancestor in open_now):
                continue
            namespace = getattr(entry, "namespace", None)
            inner = (*namespaces, namespace) if namespace else namespaces
            yield from walk(entry, text, inner, open_now)
        else:
            yield Route(
                pattern=text,
                name=getattr(entry, "name", None),
                namespace=":".join(namespaces) or None,
                callback=getattr(entry, "callback", None),
                leaf=entry,
            )


def dotted_name(callback: Any) -> str:
    """``module.function`` or ``module.ClassName`` (for ``as_view()`` views)."""
    view_class = getattr(callback, "view_class", None)
    target = view_class or getattr(callback, "func", None) or callback
    module = getattr(target, "__module__", None) or "?"
    name = getattr(target, "__qualname__", None) or type(target).__qualname__
    return f"{module}.{name}"


def allowed_methods(callback: Any) -> list[str] | None:
    """The HTTP methods a view answers, when it says so; None when unknown.

    Class-based views answer the ``http_method_names`` they have a handler for
    (plus OPTIONS, and HEAD when GET is handled); ``require_http_methods``
    records its list on the wrapper.
    """
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        names = [
            name
            for name in getattr(view_class, "http_method_names", ())
            if hasattr(view_class, name)
        ]
        if "get" in names and "head" not in names:
            names.append("head")
        return sorted(name.upper() for name in names)
    func = callback
    while func is not None:
        methods = getattr(func, "allowed_methods", None) or _require_http_methods_list(func)
        if methods:
            return sorted({str(m).upper() for m in methods})
        func = getattr(func, "__wrapped__", None)
    return None


def _require_http_methods_list(func: Any) -> list[str] | None:
    """The list a ``require_http_methods`` wrapper closes over (it sets no attribute)."""
    code = getattr(func, "__code__", None)
    if code is None or "require_http_methods" not in getattr(code, "co_qualname", ""):
        return None
    for name, cell in zip(code.co_freevars, func.__closure__ or (), strict=False):
        if name == "allowed":
            value = cell.cell_contents
            return list(value) if isinstance(value, list | tuple) else None
    return None

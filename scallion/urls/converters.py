"""Path converters: the ``<int:pk>`` part of a route, and how to add your own.

A converter has a ``regex`` (matching one value in the URL), ``to_python``
(turning the matched text into the view's argument; a ``ValueError`` means "this
pattern does not match, try the next one") and ``to_url`` (the reverse, used by
``reverse()``).

The built-in converters are pure functions of their input, which lets the
compiled matcher decide at start-up which route wins for a static path. A
registered converter is not assumed to be pure (it may look things up), so its
``to_python`` is always called at request time.
"""

from __future__ import annotations

import uuid
from typing import Any

__all__ = [
    "DEFAULT_CONVERTERS",
    "IntConverter",
    "PathConverter",
    "SlugConverter",
    "StringConverter",
    "UUIDConverter",
    "get_converter",
    "get_converters",
    "register_converter",
]


class IntConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(value)


class StringConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: Any) -> str:
        return str(value) if not isinstance(value, str) else value


class UUIDConverter:
    regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_url(self, value: Any) -> str:
        return str(value)


class SlugConverter(StringConverter):
    regex = "[-a-zA-Z0-9_]+"


class PathConverter(StringConverter):
    regex = ".+"


DEFAULT_CONVERTERS: dict[str, Any] = {
    "int": IntConverter(),
    "path": PathConverter(),
    "slug": SlugConverter(),
    "str": StringConverter(),
    "uuid": UUIDConverter(),
}

#: Converters whose ``to_python`` may be called at start-up (see module docstring).
PURE_CONVERTERS: frozenset[int] = frozenset(id(c) for c in DEFAULT_CONVERTERS.values())

REGISTERED_CONVERTERS: dict[str, Any] = {}


def register_converter(converter: type, type_name: str) -> None:
    """Make ``<type_name:param>`` usable in routes defined after this call.

    Re-registering a name is refused (Django 6 does the same): routes already
    built would keep the old converter while new ones got the new, a mix nobody
    wants to debug.
    """
    if type_name in REGISTERED_CONVERTERS or type_name in DEFAULT_CONVERTERS:
        raise ValueError(
            f"Converter {type_name!r} is already registered. Pick another name for "
            f"{converter.__qualname__}."
        )
    instance = converter()
    for attr in ("regex", "to_python", "to_url"):
        if not hasattr(instance, attr):
            raise TypeError(
                f"Converter {converter.__qualname__} registered as {type_name!r} has no "
                f"{attr!r}; a converter needs regex, to_python() and to_url()."
            )
    REGISTERED_CONVERTERS[type_name] = instance


def get_converters() -> dict[str, Any]:
    return {**DEFAULT_CONVERTERS, **REGISTERED_CONVERTERS}


def get_converter(type_name: str) -> Any:
    """The converter instance for ``type_name``; KeyError when unknown."""
    try:
        return REGISTERED_CONVERTERS[type_name]
    except KeyError:
        return DEFAULT_CONVERTERS[type_name]

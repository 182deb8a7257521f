"""Strings already escaped for HTML, and the marker other template engines read.

A value is *safe* when whoever produced it has already turned every character
HTML would interpret (``<``, ``&``, quotes) into an entity, so autoescaping must
leave it alone. ``SafeString`` carries that promise on a ``str``; ``SafeData``
is the marker class for any safe object.

Both speak the ``__html__`` protocol that markupsafe and Jinja2 use: a
``SafeString`` passed to a Jinja2 template is not escaped again, and a
``markupsafe.Markup`` (or anything with ``__html__``) passed to a Django
template is treated as safe by ``conditional_escape`` and ``mark_safe``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, overload

from scallion.utils.functional import Promise, lazy

F = TypeVar("F", bound=Callable[..., Any])


class SafeData:
    """Marker for objects whose text is safe to put in HTML as is."""

    __slots__ = ()

    def __html__(self) -> Any:
        """The object itself: it is already HTML (what markupsafe asks for)."""
        return self


class SafeString(str, SafeData):
    """A ``str`` already escaped for HTML.

    Joining two safe strings keeps the result safe; joining a safe string and
    a plain one does not (the plain part may hold markup).
    """

    __slots__ = ()

    def __add__(self, rhs: str) -> str:
        if isinstance(rhs, str):
            joined = str.__add__(self, rhs)
            if isinstance(rhs, SafeData):
                return SafeString(joined)
            return joined
        # Let the right-hand side handle it (its __radd__), as for any str.
        return NotImplemented

    def __str__(self) -> str:
        return self


#: The name older code imports; the same class.
SafeText = SafeString


def _mark_result_safe(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return mark_safe(func(*args, **kwargs))

    return wrapper  # type: ignore[return-value]


def _mark_safe_now(s: Any) -> Any:
    return mark_safe(str(s))  # str() evaluates the lazy value


_lazy_mark_safe = lazy(_mark_safe_now, SafeString)


@overload
def mark_safe(s: str) -> SafeString: ...
@overload
def mark_safe(s: Any) -> Any: ...
def mark_safe(s: Any) -> Any:
    """Declare ``s`` safe for HTML output: autoescaping will not touch it.

    An object that already has ``__html__`` (a ``SafeString``, a
    ``markupsafe.Markup``) is returned unchanged; a callable is wrapped so its
    *result* is marked safe (``mark_safe`` works as a decorator); a lazy string
    stays lazy; anything else becomes a ``SafeString`` of its text. Only mark
    text you built yourself from escaped parts: marking user input safe opens
    the page to script injection.
    """
    if isinstance(s, Promise):
        # Before the __html__ probe: asking a lazy string for it would evaluate it.
        return _lazy_mark_safe(s)
    if hasattr(s, "__html__"):
        return s
    if callable(s):
        return _mark_result_safe(s)
    return SafeString(s)


__all__ = ["SafeData", "SafeString", "SafeText", "mark_safe"]

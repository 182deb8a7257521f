"""CSRF values for templates, computed only if a template actually prints them.

``scallion.middleware.csrf.get_token`` is imported on first use, once; if that
module does not exist, the values are empty strings (a project without CSRF
protection still renders templates that mention ``csrf_input``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import Markup, escape

from scallion.http import HttpRequest

_get_token: Callable[[HttpRequest], str] | None = None
_get_token_loaded = False


def get_csrf_token(request: HttpRequest) -> str:
    """The request's CSRF token, or ``""`` when scallion has no CSRF module."""
    global _get_token, _get_token_loaded
    if not _get_token_loaded:
        try:
            from scallion.middleware.csrf import get_token
        except ModuleNotFoundError as err:
            if err.name not in ("scallion.middleware", "scallion.middleware.csrf"):
                raise
            _get_token = None
        else:
            _get_token = get_token
        _get_token_loaded = True
    if _get_token is None:
        return ""
    return str(_get_token(request))


class CsrfToken:
    """``{{ csrf_token }}``: the token, fetched (and its cookie scheduled) when printed."""

    __slots__ = ("_request", "_value")

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = get_csrf_token(self._request)
        return self._value

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __bool__(self) -> bool:
        return bool(str(self))

    # Text operations, so that code handed the context value can use it as the
    # string it stands for (Django's is a lazy string).
    def __len__(self) -> int:
        return len(str(self))

    def __iter__(self) -> Iterator[str]:
        return iter(str(self))

    def __getitem__(self, index: int | slice) -> str:
        return str(self)[index]

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and text in str(self)

    def __eq__(self, other: object) -> bool:
        return str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class CsrfInput(CsrfToken):
    """``{{ csrf_input }}``: the hidden form field carrying the token."""

    __slots__ = ()

    def __html__(self) -> str:
        token = super().__str__()
        if not token:
            return ""
        return str(
            Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(token)
        )

    def __str__(self) -> str:
        return self.__html__()


def csrf_values(request: HttpRequest) -> dict[str, Any]:
    return {"csrf_input": CsrfInput(request), "csrf_token": CsrfToken(request)}

"""Helpers that combine several layers: render a template to a response, redirect."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scallion.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from scallion.template.loader import from_string, render_to_string
from scallion.utils.functional import Promise
from scallion.utils.http import MAX_URL_REDIRECT_LENGTH


def render(
    request: HttpRequest,
    template_name: str | Sequence[str],
    context: Mapping[str, Any] | None = None,
    content_type: str | None = None,
    status: int | None = None,
    using: str | None = None,
) -> HttpResponse:
    """An ``HttpResponse`` with the template rendered at once (context processors run)."""
    content = render_to_string(template_name, context, request, using=using)
    return HttpResponse(content, content_type, status)


def render_string(
    request: HttpRequest,
    template_code: str,
    context: Mapping[str, Any] | None = None,
    content_type: str | None = None,
    status: int | None = None,
    using: str | None = None,
) -> HttpResponse:
    """:func:`render` with the template's source in place of its name.

    For a page too small for a file of its own, in one line::

        return render_string(request, "<h1>Hello, {{ name }}!</h1>", {"name": name})

    The source is compiled on every call; a page served often belongs in a
    template file, which is compiled once.
    """
    content = from_string(template_code, using=using).render(context, request)
    return HttpResponse(content, content_type, status)


def redirect(
    to: Any, *args: Any, permanent: bool = False, preserve_request: bool = False, **kwargs: Any
) -> HttpResponseRedirect | HttpResponsePermanentRedirect:
    """Redirect to a URL, a URL pattern name (reversed with args) or a model-like object.

    ``preserve_request`` answers 307/308 so the client repeats the method and body.
    """
    # ``max_length`` (Django's keyword) bounds the Location; None: no bound.
    max_length = kwargs.pop("max_length", MAX_URL_REDIRECT_LENGTH)
    response_class = HttpResponsePermanentRedirect if permanent else HttpResponseRedirect
    return response_class(
        resolve_url(to, *args, **kwargs), preserve_request=preserve_request, max_length=max_length
    )


def resolve_url(to: Any, *args: Any, **kwargs: Any) -> str:
    """A URL from an object with ``get_absolute_url``, a pattern name or a URL."""
    if hasattr(to, "get_absolute_url"):
        return str(to.get_absolute_url())
    if isinstance(to, Promise):
        to = str(to)
    if isinstance(to, str) and to.startswith(("./", "../")):
        return to
    from scallion.urls import NoReverseMatch, reverse

    try:
        return str(reverse(to, args=args, kwargs=kwargs))
    except NoReverseMatch:
        if callable(to):
            raise
        if not isinstance(to, str) or ("/" not in to and "." not in to):
            raise
    return to

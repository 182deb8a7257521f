"""The default error views, used when the root URLconf sets no ``handler404`` etc.

Each renders the template Django would look for (``404.html`` ...) when a
template engine is configured and has it, and otherwise a short built-in page:
an error page must not itself fail because templates are not set up.
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from scallion.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)

__all__ = [
    "ERROR_400_TEMPLATE_NAME",
    "ERROR_403_TEMPLATE_NAME",
    "ERROR_404_TEMPLATE_NAME",
    "ERROR_500_TEMPLATE_NAME",
    "bad_request",
    "page_not_found",
    "permission_denied",
    "server_error",
]

ERROR_400_TEMPLATE_NAME = "400.html"
ERROR_403_TEMPLATE_NAME = "403.html"
ERROR_404_TEMPLATE_NAME = "404.html"
ERROR_500_TEMPLATE_NAME = "500.html"

_PAGE = (
    '<!doctype html>\n<html lang="en">\n<head><title>{title}</title></head>\n'
    "<body>\n  <h1>{title}</h1><p>{detail}</p>\n</body>\n</html>\n"
)


def _render(
    template_name: str, default_name: str, context: dict[str, Any], request: HttpRequest | None
) -> str | None:
    """The named template rendered, or None when the default one is missing.

    A template named by the caller (``template_name=`` other than the default)
    must exist: its absence raises, as in Django, rather than hiding a typo.
    """
    from scallion.template import loader
    from scallion.template.exceptions import TemplateDoesNotExist

    try:
        template = loader.get_template(template_name)
    except (TemplateDoesNotExist, ImproperlyConfigured):  # no such template, or no engine
        if template_name != default_name:
            raise
        return None
    return str(template.render(context, request))


@functools.cache
def _builtin_page(title: str, detail: str) -> Any:
    """The built-in page as a compiled template (of the Django template language).

    Rendering it, rather than formatting a string, lets the test client see
    its context (``response.context["exception"]``), as with Django's.
    """
    from scallion.template.engine import Engine

    return Engine().from_string(_PAGE.format(title=title, detail=detail))


def _render_builtin(title: str, detail: str, context: dict[str, Any]) -> str:
    from scallion.template.context import Context

    return str(_builtin_page(title, detail).render(Context(context)))


def page_not_found(
    request: HttpRequest, exception: Exception | None, template_name: str = ERROR_404_TEMPLATE_NAME
) -> HttpResponse:
    """404: the template gets the path (escaped) and a plain-string message; the
    built-in page shows neither."""
    path = escape(request.path)
    context = {"request_path": path, "exception": _exception_message(exception)}
    body = _render(template_name, ERROR_404_TEMPLATE_NAME, context, request)
    if body is None:
        # The path is not repeated: a crafted URL must not put its words on the page.
        body = _render_builtin(
            "Not Found", "The requested resource was not found on this server.", context
        )
    return HttpResponseNotFound(body)


def server_error(
    request: HttpRequest, template_name: str = ERROR_500_TEMPLATE_NAME
) -> HttpResponse:
    """500: no context and no request (so no context processors), as in Django.

    Whatever failed may fail again: a context processor that raised must not
    take the error page down with it.
    """
    body = _render(template_name, ERROR_500_TEMPLATE_NAME, {}, None)
    if body is None:
        body = _PAGE.format(title="Server Error (500)", detail="")
    return HttpResponseServerError(body)


def bad_request(
    request: HttpRequest, exception: Exception | None, template_name: str = ERROR_400_TEMPLATE_NAME
) -> HttpResponse:
    body = _render(template_name, ERROR_400_TEMPLATE_NAME, {}, request)
    if isinstance(exception, RequestDataTooBig):
        # scallion answers a body over the limits with 413, not Django's 400; the
        # default page says so (a project's 400.html is used as it is).
        if body is None:
            body = _PAGE.format(title="Request Entity Too Large (413)", detail="")
        return HttpResponse(body, status=413, reason="Request Entity Too Large")
    if body is None:
        body = _PAGE.format(title="Bad Request (400)", detail="")
    return HttpResponseBadRequest(body)


def permission_denied(
    request: HttpRequest, exception: Exception | None, template_name: str = ERROR_403_TEMPLATE_NAME
) -> HttpResponse:
    body = _render(
        template_name, ERROR_403_TEMPLATE_NAME, {"exception": str(exception or "")}, request
    )
    if body is None:
        body = _PAGE.format(title="403 Forbidden", detail="")
    return HttpResponseForbidden(body)


def _exception_message(exception: Exception | None) -> str:
    """Django's rule: show the message only if it is a plain string, not Resolver404's dict."""
    if exception is None:
        return ""
    message = exception.args[0] if exception.args else None
    if isinstance(message, str):
        return message
    return exception.__class__.__name__

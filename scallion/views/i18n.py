"""Django's language views: ``set_language`` and the JavaScript/JSON catalogs.

scallion ships no translation catalogs (see :mod:`scallion.utils.translation`), so
the catalogs these views serve are empty: the JavaScript one still defines
``django.gettext`` and friends (returning the text as written) and the locale
formats, so that pages using them work unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from scallion.apps import apps
from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from scallion.utils.formats import get_format
from scallion.utils.http import url_has_allowed_host_and_scheme
from scallion.utils.translation import check_for_language
from scallion.views.generic.base import View

__all__ = [
    "LANGUAGE_QUERY_PARAMETER",
    "JSONCatalog",
    "JavaScriptCatalog",
    "get_formats",
    "set_language",
]

LANGUAGE_QUERY_PARAMETER = "language"

#: The format settings the catalogs publish.
FORMAT_SETTINGS = (
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "FIRST_DAY_OF_WEEK",
    "DECIMAL_SEPARATOR",
    "THOUSAND_SEPARATOR",
    "NUMBER_GROUPING",
    "DATE_INPUT_FORMATS",
    "TIME_INPUT_FORMATS",
    "DATETIME_INPUT_FORMATS",
)


def _safe_next(request: HttpRequest, url: str | None) -> bool:
    return url_has_allowed_host_and_scheme(
        url=url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Store the chosen language in the language cookie and redirect back.

    The target is ``next`` (POST, else GET), else the Referer, else ``/``; a
    target on another host is never followed. A request that accepts no HTML
    and names no ``next`` gets a 204. Only a POST changes the cookie.
    """
    next_url = request.POST.get("next", request.GET.get("next"))
    if (next_url or request.accepts("text/html")) and not _safe_next(request, next_url):
        next_url = request.META.get("HTTP_REFERER")
        if not _safe_next(request, next_url):
            next_url = "/"
    response: HttpResponse = (
        HttpResponseRedirect(next_url) if next_url else HttpResponse(status=204)
    )
    if request.method == "POST":
        lang_code = request.POST.get(LANGUAGE_QUERY_PARAMETER)
        if lang_code and check_for_language(lang_code):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                lang_code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
    return response


def get_formats() -> dict[str, Any]:
    """The locale formats the catalogs publish, by setting name."""
    return {name: get_format(name) for name in FORMAT_SETTINGS}


_CATALOG_JS = """'use strict';
{
  const globals = this;
  const django = globals.django || (globals.django = {});
  django.pluralidx = function(count) { return (count == 1) ? 0 : 1; };
  django.catalog = django.catalog || {};
  django.gettext = function(msgid) { return msgid; };
  django.ngettext = function(singular, plural, count) {
    return (count == 1) ? singular : plural;
  };
  django.gettext_noop = function(msgid) { return msgid; };
  django.pgettext = function(context, msgid) { return msgid; };
  django.npgettext = function(context, singular, plural, count) {
    return (count == 1) ? singular : plural;
  };
  django.interpolate = function(fmt, obj, named) {
    if (named) {
      return fmt.replace(/%\\(\\w+\\)s/g, function(match) {
        return String(obj[match.slice(2, -2)]);
      });
    }
    return fmt.replace(/%s/g, function() { return String(obj.shift()); });
  };
  django.formats = %(formats)s;
  django.get_format = function(format_type) {
    const value = django.formats[format_type];
    return (typeof value === 'undefined') ? format_type : value;
  };
  globals.pluralidx = django.pluralidx;
  globals.gettext = django.gettext;
  globals.ngettext = django.ngettext;
  globals.gettext_noop = django.gettext_noop;
  globals.pgettext = django.pgettext;
  globals.npgettext = django.npgettext;
  globals.interpolate = django.interpolate;
  globals.get_format = django.get_format;
}
"""


class JavaScriptCatalog(View):
    """The translation catalog as a JavaScript library (empty: scallion ships none).

    ``packages`` (a view argument, or ``+``-separated in the URL's ``packages``
    keyword) must name installed apps, as in Django.
    """

    domain = "djangojs"
    packages: list[str] | None = None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        named = kwargs.get("packages", "")
        packages = named.split("+") if named else self.packages
        if packages:
            self.get_paths(packages)
        return self.render_to_response(self.get_context_data(**kwargs))

    def get_paths(self, packages: list[str]) -> list[str]:
        """The apps' ``locale`` folders; ValueError names packages that are not apps."""
        installed = {config.name: config for config in apps.get_app_configs()}
        missing = [name for name in packages if name not in installed]
        if missing:
            raise ValueError(
                f"Invalid package(s) provided to JavaScriptCatalog: {','.join(missing)}"
            )
        return [f"{installed[name].path}/locale" for name in packages]

    def get_catalog(self) -> dict[str, Any]:
        return {}

    def get_plural(self) -> str | None:
        """The catalog's plural rule (none without a catalog: the English rule applies)."""
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            "catalog": self.get_catalog(),
            "formats": get_formats(),
            "plural": self.get_plural(),
        }

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        formats = json.dumps(context["formats"], sort_keys=True, indent=2)
        return HttpResponse(
            _CATALOG_JS.replace("%(formats)s", formats),
            content_type='text/javascript; charset="utf-8"',
        )


class JSONCatalog(JavaScriptCatalog):
    """The catalog as JSON: ``{"catalog": {}, "formats": {...}, "plural": null}``."""

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        return JsonResponse(context)

"""scallion (WSGI): the same project as ``django_app``, written against scallion's API.

It reads like the Django app on purpose: the point of scallion is that it does.
Every module a scenario needs is imported in ``build`` so that a part of
scallion not written yet shows up as "n/a (ModuleNotFoundError ...)".
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

from benchkit.scenarios import (
    FORM_ECHO_FIELD,
    HELLO_BODY,
    HOST,
    MIDDLEWARE_COUNT,
    PAGE_PATH,
    PAGE_STATIC_URL,
    PAGE_TEMPLATE_DTL,
    PAGE_TEMPLATE_JINJA2,
    ROUTE_COUNTS,
    SCENARIOS,
    page_context,
    param_body,
    template_context,
)

from apps.common import TEMPLATE_DIR, TEMPLATE_NAME

KIND = "wsgi"
SCENARIOS = tuple(SCENARIOS)
URLCONF = "bench_scallion_urls"
CONTEXT_PROCESSOR = "benchkit.scenarios.site_context"
JINJA2_BACKEND = "scallion.template.backends.jinja2.Jinja2"
DTL_BACKEND = "scallion.template.backends.django.DjangoTemplates"
#: The scenarios rendered with scallion's Django-language backend.
DTL_ROWS = ("template-dtl", "page-dtl")

STARTPROJECT_MIDDLEWARE = [
    "scallion.middleware.security.SecurityMiddleware",
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.middleware.common.CommonMiddleware",
    "scallion.middleware.csrf.CsrfViewMiddleware",
    "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
    "scallion.contrib.messages.middleware.MessageMiddleware",
]
PASS_THROUGH = [f"apps.scallion_app.PassThrough{i}" for i in range(MIDDLEWARE_COUNT)]


def version() -> str:
    from importlib.metadata import version as dist_version

    return "scallion " + dist_version("scallion")


class PassThrough:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)


PassThrough0, PassThrough1, PassThrough2, PassThrough3, PassThrough4 = (
    type(f"PassThrough{i}", (PassThrough,), {}) for i in range(MIDDLEWARE_COUNT)
)


def make_views(scenario: str) -> dict[str, Callable[..., Any]]:
    from scallion.http import HttpResponse, JsonResponse

    render = _template_renderer(scenario)

    def hello(request: Any) -> Any:
        return HttpResponse(HELLO_BODY, content_type="text/plain")

    def json_view(request: Any) -> Any:
        return JsonResponse({"message": "Hello", "name": request.GET["name"]})

    def template_view(request: Any) -> Any:
        return render(request, TEMPLATE_NAME, template_context())

    def form(request: Any) -> Any:
        return HttpResponse(request.POST[FORM_ECHO_FIELD], content_type="text/plain")

    def upload(request: Any) -> Any:
        return HttpResponse(str(request.FILES["file"].size), content_type="text/plain")

    def page_view(request: Any) -> Any:
        name = PAGE_TEMPLATE_DTL if scenario == "page-dtl" else PAGE_TEMPLATE_JINJA2
        return render(request, name, page_context())

    return {
        "hello": hello,
        "json": json_view,
        "template": template_view,
        "form": form,
        "upload": upload,
        "page": page_view,
    }


def page_environment(**options: Any) -> Any:
    """The Jinja2 environment of the page-jinja2 row: Django's filters for the same page."""
    from scallion.template import defaultfilters
    from scallion.template.backends.jinja2 import Environment

    env = Environment(**options)
    for name in ("date", "floatformat", "default", "truncatewords"):
        env.filters[name] = getattr(defaultfilters, name)
    return env


def _page_patterns(views: dict[str, Callable[..., Any]]) -> list[Any]:
    from scallion.http import HttpResponse
    from scallion.urls import path

    def order(request: Any, id: int) -> Any:
        return HttpResponse(str(id), content_type="text/plain")

    return [
        path("", views["hello"], name="home"),
        path(PAGE_PATH, views["page"], name="orders"),
        path(f"{PAGE_PATH}/<int:id>/", order, name="order"),
    ]


def _template_renderer(scenario: str) -> Callable[..., Any]:
    """``render``, or a stand-in while ``scallion.shortcuts`` is not written yet."""
    try:
        from scallion.shortcuts import render
    except ImportError:
        if scenario in ("template", "cached"):
            raise

        def render(*args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError("scallion.shortcuts.render")

    return render


def make_item(index: int) -> Callable[..., Any]:
    from scallion.http import HttpResponse

    def item(request: Any, id: int) -> Any:
        return HttpResponse(param_body(index, id), content_type="text/plain")

    return item


def _import_eagerly(dotted_paths: list[str]) -> None:
    for dotted in dotted_paths:
        module, _, name = dotted.rpartition(".")
        getattr(importlib.import_module(module), name)


def configure(
    scenario: str,
    views: dict[str, Callable[..., Any]] | None = None,
    pass_through: list[str] = PASS_THROUGH,
) -> None:
    from scallion.conf import settings
    from scallion.urls import path

    if scenario in ROUTE_COUNTS:
        patterns = [
            path(f"r{i}/<int:id>/item", make_item(i)) for i in range(ROUTE_COUNTS[scenario])
        ]
    else:
        views = views if views is not None else make_views(scenario)
        if scenario in ("page-dtl", "page-jinja2"):
            patterns = _page_patterns(views)
        else:
            patterns = [path(name, view) for name, view in views.items() if name != "page"]
    urls = types.ModuleType(URLCONF)
    urls.urlpatterns = patterns  # type: ignore[attr-defined]
    sys.modules[URLCONF] = urls
    middleware: list[str] = []
    if scenario == "middleware":
        middleware = pass_through
    elif scenario == "stack":
        middleware = STARTPROJECT_MIDDLEWARE
    _import_eagerly(middleware)
    backend = DTL_BACKEND if scenario in DTL_ROWS else JINJA2_BACKEND
    options: dict[str, Any] = {"context_processors": [CONTEXT_PROCESSOR]}
    if scenario == "page-jinja2":
        options["environment"] = "apps.scallion_app.page_environment"
    templates = [{"BACKEND": backend, "DIRS": [TEMPLATE_DIR], "OPTIONS": options}]
    if scenario in ("template", "cached", "page-jinja2") or scenario in DTL_ROWS:
        _import_eagerly([backend])
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=[HOST, "127.0.0.1"],
        ROOT_URLCONF=URLCONF,
        MIDDLEWARE=middleware,
        TEMPLATES=templates,
        STATIC_URL=PAGE_STATIC_URL,
        SESSION_ENGINE="scallion.contrib.sessions.backends.signed_cookies",
        MESSAGE_STORAGE="scallion.contrib.messages.storage.cookie.CookieStorage",
    )
    if scenario == "cached" and views is not None:
        # The template page behind cache_page, which reads settings when applied.
        from scallion.views.decorators.cache import cache_page

        urls.urlpatterns.append(path("cached", cache_page(600)(views["template"])))  # type: ignore[attr-defined]


def build(scenario: str) -> Any:
    configure(scenario)
    from scallion.core.wsgi import get_wsgi_application

    return get_wsgi_application()

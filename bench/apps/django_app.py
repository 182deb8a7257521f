"""Django (WSGI): function views, plain middleware classes, its own template engine.

``django_jinja2_app`` reuses this module with Django's Jinja2 backend, and
``django_asgi_app`` with async views behind Django's ASGI handler.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

import django
from benchkit.scenarios import (
    DTL_SCENARIOS,
    FORM_ECHO_FIELD,
    HELLO_BODY,
    HOST,
    MIDDLEWARE_COUNT,
    PAGE_PATH,
    PAGE_STATIC_URL,
    PAGE_TEMPLATE_DTL,
    ROUTE_COUNTS,
    SCENARIOS,
    page_context,
    param_body,
    template_context,
)
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import cache_page

from apps.common import TEMPLATE_DIR, TEMPLATE_NAME

KIND = "wsgi"
SCENARIOS = tuple(s for s in SCENARIOS if s != "page-jinja2")
URLCONF = "bench_django_urls"
CONTEXT_PROCESSOR = "benchkit.scenarios.site_context"

STARTPROJECT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
PASS_THROUGH = [f"apps.django_app.PassThrough{i}" for i in range(MIDDLEWARE_COUNT)]


def version() -> str:
    return "django " + django.__version__


class PassThrough:
    """Django's native middleware shape: a callable wrapping the next layer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


# Five distinct classes, so the chain is five real layers with five dotted paths.
PassThrough0, PassThrough1, PassThrough2, PassThrough3, PassThrough4 = (
    type(f"PassThrough{i}", (PassThrough,), {}) for i in range(MIDDLEWARE_COUNT)
)


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(HELLO_BODY, content_type="text/plain")


def json_view(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"message": "Hello", "name": request.GET["name"]})


def template_view(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE_NAME, template_context())


def page_view(request: HttpRequest) -> HttpResponse:
    return render(request, PAGE_TEMPLATE_DTL, page_context())


def order_view(request: HttpRequest, id: int) -> HttpResponse:
    return HttpResponse(str(id), content_type="text/plain")


def form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.POST[FORM_ECHO_FIELD], content_type="text/plain")


def upload(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.FILES["file"].size), content_type="text/plain")


def make_item(index: int) -> Callable[..., HttpResponse]:
    def item(request: HttpRequest, id: int) -> HttpResponse:
        return HttpResponse(param_body(index, id), content_type="text/plain")

    return item


VIEWS: dict[str, Callable[..., Any]] = {
    "hello": hello,
    "json": json_view,
    "template": template_view,
    "form": form,
    "upload": upload,
}


def urlpatterns_for(scenario: str, views: dict[str, Callable[..., Any]], make: Any) -> list[Any]:
    if scenario in ROUTE_COUNTS:
        return [path(f"r{i}/<int:id>/item", make(i)) for i in range(ROUTE_COUNTS[scenario])]
    if scenario == "page-dtl":
        return [
            path("", views["hello"], name="home"),
            path(PAGE_PATH, page_view, name="orders"),
            path(f"{PAGE_PATH}/<int:id>/", order_view, name="order"),
        ]
    return [path(name, view) for name, view in views.items()]


def templates_setting(engine: str) -> list[dict[str, Any]]:
    if engine == "jinja2":
        backend = "django.template.backends.jinja2.Jinja2"
    else:
        backend = "django.template.backends.django.DjangoTemplates"
    return [
        {
            "BACKEND": backend,
            "DIRS": [TEMPLATE_DIR],
            "OPTIONS": {"context_processors": [CONTEXT_PROCESSOR]},
        }
    ]


def configure(
    scenario: str,
    engine: str = "django",
    views: dict[str, Callable[..., Any]] = VIEWS,
    make: Any = make_item,
    pass_through: list[str] = PASS_THROUGH,
) -> None:
    """Settings as a minimal project would have them: no database, DEBUG off."""
    urls = types.ModuleType(URLCONF)
    urls.urlpatterns = urlpatterns_for(scenario, views, make)  # type: ignore[attr-defined]
    sys.modules[URLCONF] = urls
    middleware: list[str] = []
    if scenario == "middleware":
        middleware = pass_through
    elif scenario == "stack":
        middleware = STARTPROJECT_MIDDLEWARE
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=[HOST, "127.0.0.1"],
        ROOT_URLCONF=URLCONF,
        MIDDLEWARE=middleware,
        INSTALLED_APPS=[],
        DATABASES={},
        TEMPLATES=templates_setting(engine),
        STATIC_URL=PAGE_STATIC_URL,
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        MESSAGE_STORAGE="django.contrib.messages.storage.cookie.CookieStorage",
        USE_TZ=True,
    )
    django.setup()
    if scenario == "cached":
        # Django's page cache on its default cache (local memory); cache_page
        # reads settings when applied.
        urls.urlpatterns.append(path("cached", cache_page(600)(views["template"])))  # type: ignore[attr-defined]
    if scenario in ("template", "cached") or scenario in DTL_SCENARIOS:
        # Import the backend now: a missing dependency is a build error, not a 500.
        from django.template import engines

        engines.all()


def build(scenario: str, engine: str = "django") -> Any:
    configure(scenario, engine)
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()

"""Django's ASGI handler with async views and async-only pass-through middleware."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import markcoroutinefunction
from benchkit.scenarios import ASGI_SCENARIOS, HELLO_BODY, MIDDLEWARE_COUNT, template_context
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from apps import django_app

KIND = "asgi"
SCENARIOS = ASGI_SCENARIOS
version = django_app.version


class AsyncPassThrough:
    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        return await self.get_response(request)


AsyncPassThrough0, AsyncPassThrough1, AsyncPassThrough2, AsyncPassThrough3, AsyncPassThrough4 = (
    type(f"AsyncPassThrough{i}", (AsyncPassThrough,), {}) for i in range(MIDDLEWARE_COUNT)
)


async def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(HELLO_BODY, content_type="text/plain")


async def json_view(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"message": "Hello", "name": request.GET["name"]})


async def template_view(request: HttpRequest) -> HttpResponse:
    return render(request, "page.html", template_context())


def build(scenario: str) -> Any:
    django_app.configure(
        scenario,
        views={"hello": hello, "json": json_view, "template": template_view},
        pass_through=[f"apps.django_asgi_app.AsyncPassThrough{i}" for i in range(MIDDLEWARE_COUNT)],
    )
    from django.core.asgi import get_asgi_application

    return get_asgi_application()

"""scallion's ASGI application: async views, async pass-through middleware."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import markcoroutinefunction
from benchkit.scenarios import ASGI_SCENARIOS, HELLO_BODY, MIDDLEWARE_COUNT, template_context

from apps import scallion_app
from apps.common import TEMPLATE_NAME

KIND = "asgi"
SCENARIOS = ASGI_SCENARIOS
version = scallion_app.version


class AsyncPassThrough:
    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[[Any], Awaitable[Any]]) -> None:
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: Any) -> Any:
        return await self.get_response(request)


AsyncPassThrough0, AsyncPassThrough1, AsyncPassThrough2, AsyncPassThrough3, AsyncPassThrough4 = (
    type(f"AsyncPassThrough{i}", (AsyncPassThrough,), {}) for i in range(MIDDLEWARE_COUNT)
)


def make_views(scenario: str) -> dict[str, Callable[..., Any]]:
    from scallion.http import HttpResponse, JsonResponse

    render = scallion_app._template_renderer(scenario)

    async def hello(request: Any) -> Any:
        return HttpResponse(HELLO_BODY, content_type="text/plain")

    async def json_view(request: Any) -> Any:
        return JsonResponse({"message": "Hello", "name": request.GET["name"]})

    async def template_view(request: Any) -> Any:
        return render(request, TEMPLATE_NAME, template_context())

    return {"hello": hello, "json": json_view, "template": template_view}


def build(scenario: str) -> Any:
    # Imported first: without the ASGI shell there is nothing to measure.
    from scallion.core.asgi import get_asgi_application

    scallion_app.configure(
        scenario,
        views=make_views(scenario),
        pass_through=[
            f"apps.scallion_asgi_app.AsyncPassThrough{i}" for i in range(MIDDLEWARE_COUNT)
        ],
    )
    return get_asgi_application()

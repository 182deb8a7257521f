"""method_decorator, decorator_from_middleware(_with_args), middleware capability markers."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scallion.http import HttpRequest, HttpResponse
from scallion.template.response import TemplateResponse
from scallion.test import RequestFactory, override_settings
from scallion.utils.decorators import (
    async_only_middleware,
    decorator_from_middleware,
    decorator_from_middleware_with_args,
    method_decorator,
    sync_and_async_middleware,
    sync_only_middleware,
)
from scallion.views.decorators.cache import never_cache
from scallion.views.decorators.http import require_POST
from scallion.views.generic import View

rf = RequestFactory()


def tag(label: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view decorator that appends ``label`` to the response body and marks the function."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            assert isinstance(request, HttpRequest)
            response = func(request, *args, **kwargs)
            response.content += label.encode()
            return response

        inner.tagged = True  # type: ignore[attr-defined]
        return inner

    return decorator


def test_method_decorator_on_a_method() -> None:
    class Thing:
        suffix = "!"

        @method_decorator(tag("-a"))
        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse("body" + self.suffix)

    assert Thing().get(rf.get("/")).content == b"body!-a"
    assert Thing.get.__name__ == "get"
    assert Thing.get.tagged is True  # type: ignore[attr-defined]


def test_method_decorator_list_applies_in_order() -> None:
    class Thing:
        @method_decorator([tag("-outer"), tag("-inner")])
        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse("b")

    assert Thing().get(rf.get("/")).content == b"b-inner-outer"


def test_method_decorator_on_a_class_dispatch() -> None:
    @method_decorator(require_POST, name="dispatch")
    class OnlyPost(View):
        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse()

        def post(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse("posted")

    view = OnlyPost.as_view()
    assert view(rf.get("/")).status_code == 405
    assert view(rf.post("/")).content == b"posted"


def test_method_decorator_on_class_needs_a_valid_name() -> None:
    with pytest.raises(ValueError, match="name of the method"):
        method_decorator(never_cache)(View)
    with pytest.raises(ValueError, match="'nope'") as info:
        method_decorator(never_cache, name="nope")(View)
    # The class as Python shows it, module included (Django's message).
    assert f"decorated class: {View}. Got 'nope' instead" in str(info.value)
    with pytest.raises(TypeError, match="isn't a callable"):
        method_decorator(never_cache, name="http_method_names")(View)


def test_method_decorator_on_async_method() -> None:
    class AsyncThing:
        @method_decorator(never_cache)
        async def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse("a")

    response = asyncio.run(AsyncThing().get(rf.get("/")))
    assert "no-store" in response["Cache-Control"]


class RecordingMiddleware:
    """A hook-style middleware recording the hooks that ran."""

    def __init__(self, get_response: Any, label: str = "mw") -> None:
        self.get_response = get_response
        self.label = label
        self.calls: list[str] = []

    def process_request(self, request: HttpRequest) -> None:
        request.calls = [f"{self.label}:request"]  # type: ignore[attr-defined]

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        request.calls.append("view")  # type: ignore[attr-defined]

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, KeyError):
            return HttpResponse("handled", status=500)
        return None

    def process_template_response(self, request: HttpRequest, response: Any) -> Any:
        response.context_data["hook"] = "template"
        return response

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response["X-Calls"] = ",".join(request.calls)  # type: ignore[attr-defined]
        return response


def test_decorator_from_middleware_runs_hooks_in_order() -> None:
    @decorator_from_middleware(RecordingMiddleware)
    def view(request: HttpRequest) -> HttpResponse:
        request.calls.append("view-body")  # type: ignore[attr-defined]
        return HttpResponse()

    assert view(rf.get("/"))["X-Calls"] == "mw:request,view,view-body"


def test_decorator_from_middleware_with_args() -> None:
    labelled = decorator_from_middleware_with_args(RecordingMiddleware)

    @labelled(label="custom")
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    assert view(rf.get("/"))["X-Calls"] == "custom:request,view"


def test_decorator_from_middleware_exception_hook() -> None:
    @decorator_from_middleware(RecordingMiddleware)
    def handled(request: HttpRequest) -> HttpResponse:
        raise KeyError("x")

    @decorator_from_middleware(RecordingMiddleware)
    def unhandled(request: HttpRequest) -> HttpResponse:
        raise ValueError("x")

    assert handled(rf.get("/")).content == b"handled"
    with pytest.raises(ValueError):
        unhandled(rf.get("/"))


def test_decorator_from_middleware_defers_process_response_for_template_responses() -> None:
    templates = [{"DIRS": [Path(__file__).parent / "templates"]}]

    @decorator_from_middleware(RecordingMiddleware)
    def view(request: HttpRequest) -> TemplateResponse:
        return TemplateResponse(request, "about.html", {"topic": "t"})

    with override_settings(TEMPLATES=templates):
        response = view(rf.get("/"))
        assert response.context_data["hook"] == "template"
        assert not response.has_header("X-Calls")  # waits for rendering
        response.render()
    assert response["X-Calls"] == "mw:request,view"


def test_decorator_from_middleware_async_view() -> None:
    @decorator_from_middleware(RecordingMiddleware)
    async def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    assert asyncio.run(view(rf.get("/")))["X-Calls"] == "mw:request,view"


def test_middleware_capability_markers() -> None:
    def factory(get_response: Any) -> Any:
        return get_response

    assert (sync_only_middleware(factory).sync_capable, factory.async_capable) == (True, False)  # type: ignore[attr-defined]
    assert (async_only_middleware(factory).sync_capable, factory.async_capable) == (False, True)  # type: ignore[attr-defined]
    marked = sync_and_async_middleware(factory)
    assert (marked.sync_capable, marked.async_capable) == (True, True)  # type: ignore[attr-defined]


def test_decorator_from_middleware_short_circuits_as_django() -> None:
    class Gate:
        def __init__(self, get_response: Any) -> None:
            self.get_response = get_response

        def process_request(self, request: HttpRequest) -> HttpResponse | None:
            return HttpResponse("gate", status=403) if "deny" in request.GET else None

        def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> Any:
            return HttpResponse("by process_view") if "stop" in request.GET else None

        def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
            response["X-Seen"] = "1"
            return response

    calls: list[str] = []

    @decorator_from_middleware(Gate)
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("view")
        return HttpResponse("view")

    denied = view(rf.get("/", {"deny": "1"}))
    assert (denied.status_code, denied.content) == (403, b"gate")
    assert not denied.has_header("X-Seen")  # Django skips process_response here too
    assert view(rf.get("/", {"stop": "1"})).content == b"by process_view"
    assert calls == []
    assert view(rf.get("/"))["X-Seen"] == "1"
    assert calls == ["view"]


@pytest.mark.parametrize("collection", [{never_cache}, frozenset({never_cache})])
def test_method_decorator_refuses_an_unordered_collection(collection: Any) -> None:
    # The order of decorators matters: only a list or a tuple gives one.
    with pytest.raises(TypeError, match=r"not subscriptable.*list or tuple"):
        method_decorator(collection, name="dispatch")

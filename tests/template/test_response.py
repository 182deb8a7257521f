"""SimpleTemplateResponse / TemplateResponse: deferred rendering and its hooks."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from scallion.http import HttpResponse
from scallion.template.loader import get_template
from scallion.template.response import (
    ContentNotRenderedError,
    SimpleTemplateResponse,
    TemplateResponse,
)
from scallion.test import Client, RequestFactory, override_settings
from tests.template import processors


def test_content_is_not_available_before_render() -> None:
    response = SimpleTemplateResponse("context.html", {"value": "v"})
    assert not response.is_rendered
    with pytest.raises(ContentNotRenderedError):
        response.content  # noqa: B018
    with pytest.raises(ContentNotRenderedError):
        iter(response)
    assert response.render() is response
    assert response.is_rendered
    assert response.content == b"v||"


def test_render_is_done_once() -> None:
    response = SimpleTemplateResponse("context.html", {"value": "v"})
    response.render()
    response.context_data = {"value": "changed"}
    response.render()
    assert response.content == b"v||"
    assert response.rendered_content == "changed||"  # always fresh


def test_setting_content_counts_as_rendered() -> None:
    response = SimpleTemplateResponse("context.html")
    response.content = b"manual"
    assert response.is_rendered
    assert response.render().content == b"manual"


def test_template_can_be_a_list_or_a_template_object() -> None:
    assert SimpleTemplateResponse(["nope.html", "plain.txt"], {"value": 1}).render().content == (
        b"raw: 1"
    )
    template = get_template("plain.txt")
    assert SimpleTemplateResponse(template, {"value": 2}).render().content == b"raw: 2"


def test_response_arguments() -> None:
    response = SimpleTemplateResponse(
        "plain.txt",
        {"value": 1},
        content_type="text/plain; charset=utf-8",
        status=201,
        headers={"X-A": "b"},
    )
    assert response.status_code == 201
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-A"] == "b"


def test_post_render_callbacks_run_in_order_and_may_replace() -> None:
    calls: list[str] = []
    response = SimpleTemplateResponse("context.html", {"value": "v"})
    response.add_post_render_callback(lambda r: calls.append("first"))
    replacement = HttpResponse("replaced")

    def second(r: SimpleTemplateResponse) -> HttpResponse:
        calls.append("second")
        assert r.content == b"v||"
        return replacement

    response.add_post_render_callback(second)
    assert response.render() is replacement
    assert calls == ["first", "second"]
    # Once rendered, a new callback runs at once.
    response.add_post_render_callback(lambda r: calls.append("late"))
    assert calls[-1] == "late"


def test_template_response_renders_with_the_request() -> None:
    request = RequestFactory().get("/r")
    response = TemplateResponse(request, "context.html", {"value": "v"})
    assert response.render().content == b"v|Scallion Site|GET"


def test_simple_template_response_does_not_run_processors() -> None:
    SimpleTemplateResponse("context.html", {}).render()
    assert processors.CALLS["site"] == 0


def test_unrendered_response_cannot_be_pickled() -> None:
    response = TemplateResponse(RequestFactory().get("/r"), "context.html", {"value": "v"})
    with pytest.raises(ContentNotRenderedError):
        pickle.dumps(response)
    response.render()
    unpickled = pickle.loads(pickle.dumps(response))
    assert unpickled.content == b"v|Scallion Site|GET"
    assert not hasattr(unpickled, "template_name")


def test_handler_renders_template_response() -> None:
    response = Client().get("/deferred/")
    assert response.content == b"from-view|Scallion Site|GET"
    assert [t.name for t in response.templates] == ["context.html"]


@override_settings(MIDDLEWARE=["tests.template.middleware.RewriteTemplateResponse"])
def test_process_template_response_changes_context_before_rendering() -> None:
    response = Client().get("/deferred/")
    assert response.content == b"changed-by-middleware|Scallion Site|GET"
    assert response["X-Template"] == "context.html"


@override_settings(MIDDLEWARE=["tests.template.middleware.RewriteTemplateResponse"])
def test_asgi_handler_renders_template_response_after_hooks() -> None:
    import asyncio

    from scallion.test import AsyncClient

    async def fetch() -> Any:
        return await AsyncClient().get("/deferred/")

    response = asyncio.run(fetch())
    assert response.content == b"changed-by-middleware|Scallion Site|GET"
    assert processors.CALLS["site"] == 1


@override_settings(MIDDLEWARE=["scallion.middleware.staticfiles.StaticFilesMiddleware"])
def test_page_renders_with_static_middleware_in_the_chain() -> None:
    # STATIC_ROOT is unset: the middleware drops out and the page still renders.
    response = Client().get("/home/")
    assert response.status_code == 200

"""View, TemplateView and RedirectView, with Django's semantics."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest, HttpResponse
from scallion.template.response import TemplateResponse
from scallion.template.utils import InvalidTemplateEngineError
from scallion.test import Client, RequestFactory, override_settings
from scallion.test.asserts import assertContains, assertRedirects, assertTemplateUsed
from scallion.views.generic import ContextMixin, RedirectView, TemplateView, View
from tests.views.urls import AsyncGreeting, Greeting

TEMPLATES = [{"DIRS": [Path(__file__).parent / "templates"]}]


@pytest.fixture(autouse=True)
def view_settings() -> Iterator[None]:
    with override_settings(ROOT_URLCONF="tests.views.urls", TEMPLATES=TEMPLATES):
        yield


def test_dispatch_by_method() -> None:
    client = Client()
    assert client.get("/greet/").content == b"hi"
    assert client.post("/greet/").content == b"posted"


def test_head_falls_back_to_get() -> None:
    response = Greeting.as_view()(RequestFactory().head("/greet/"))
    assert response.content == b"hi"


def test_unknown_method_is_405_with_allow() -> None:
    response = Client().put("/greet/")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST", "HEAD", "OPTIONS"}


def test_method_outside_http_method_names_is_405() -> None:
    request = RequestFactory().generic("BREW", "/greet/")
    assert Greeting.as_view()(request).status_code == 405


def test_options_lists_allowed_methods() -> None:
    response = Client().options("/greet/")
    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "POST", "HEAD", "OPTIONS"}
    assert response["Content-Length"] == "0"
    assert response.content == b""


def test_as_view_rejects_method_names_and_unknown_keywords() -> None:
    with pytest.raises(TypeError, match="The method name get is not accepted"):
        Greeting.as_view(get=None)
    with pytest.raises(TypeError, match="invalid keyword 'colour'"):
        Greeting.as_view(colour="red")


def test_as_view_not_on_instances() -> None:
    with pytest.raises(AttributeError, match="only available on the view class"):
        Greeting().as_view()


def test_initkwargs_become_attributes_per_request() -> None:
    class Named(View):
        name = "default"

        def get(self, request: HttpRequest) -> HttpResponse:
            self.name += "!"
            return HttpResponse(self.name)

    view = Named.as_view(name="given")
    assert view(RequestFactory().get("/")).content == b"given!"
    assert view(RequestFactory().get("/")).content == b"given!"  # fresh instance
    assert view.view_class is Named  # type: ignore[attr-defined]
    assert view.view_initkwargs == {"name": "given"}  # type: ignore[attr-defined]


def test_setup_sets_request_args_kwargs() -> None:
    seen: dict[str, Any] = {}

    class Probe(View):
        def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            seen.update(request=self.request, args=self.args, kwargs=self.kwargs)
            return HttpResponse()

    request = RequestFactory().get("/")
    Probe.as_view()(request, 1, a=2)
    assert seen == {"request": request, "args": (1,), "kwargs": {"a": 2}}


def test_setup_override_without_super_is_reported() -> None:
    class Forgetful(View):
        def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
            pass

        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse()

    with pytest.raises(AttributeError, match="forget to call super"):
        Forgetful.as_view()(RequestFactory().get("/"))


def test_dispatch_attributes_show_on_the_view() -> None:
    class Exempt(View):
        def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            return super().dispatch(request, *args, **kwargs)

    Exempt.dispatch.csrf_exempt = True  # type: ignore[attr-defined]
    assert Exempt.as_view().csrf_exempt is True  # type: ignore[attr-defined]


def test_async_view() -> None:
    assert AsyncGreeting.view_is_async is True
    assert Greeting.view_is_async is False
    view = AsyncGreeting.as_view()
    assert iscoroutinefunction(view)
    assert Client().get("/agreet/").content == b"async hi"


def test_async_view_405_and_options_are_awaitable() -> None:
    view = AsyncGreeting.as_view()
    response = asyncio.run(view(RequestFactory().post("/agreet/")))
    assert response.status_code == 405
    response = asyncio.run(view(RequestFactory().options("/agreet/")))
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_mixed_sync_and_async_handlers_are_refused() -> None:
    class Mixed(View):
        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse()

        async def post(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse()

    with pytest.raises(ImproperlyConfigured, match="Mixed HTTP handlers must either be all"):
        Mixed.as_view()


def test_template_view_renders_with_url_kwargs_and_extra_context() -> None:
    response = Client().get("/about/rivers/")
    assertContains(response, "about rivers TemplateView x")
    assertTemplateUsed(response, "about.html")
    assert response.context["topic"] == "rivers"


def test_template_view_returns_an_unrendered_template_response() -> None:
    view = TemplateView.as_view(template_name="about.html")
    response = view(RequestFactory().get("/"), topic="t")
    assert isinstance(response, TemplateResponse)
    assert not response.is_rendered
    assert response.template_name == ["about.html"]


def test_template_view_without_template_name() -> None:
    with pytest.raises(ImproperlyConfigured, match="template_name"):
        TemplateView.as_view()(RequestFactory().get("/"))


def test_template_view_content_type_and_engine() -> None:
    view = TemplateView.as_view(template_name="about.html", content_type="text/plain")
    response = view(RequestFactory().get("/"), topic="t")
    assert response["Content-Type"] == "text/plain"


def test_redirect_view_to_pattern_name() -> None:
    assertRedirects(Client().get("/go/7/"), "/target/7/")


def test_redirect_view_url_formatting_and_permanent() -> None:
    response = Client().get("/old/3/")
    assertRedirects(response, "/new/3/", status_code=301, fetch_redirect_response=False)


def test_redirect_view_query_string() -> None:
    response = Client().get("/qs/?a=1&b=2")
    assertRedirects(response, "/dest/?b=2&a=1", fetch_redirect_response=False)


def test_redirect_view_without_url_is_gone() -> None:
    assert Client().get("/gone/").status_code == 410


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "head"])
def test_redirect_view_answers_every_method(method: str) -> None:
    response = getattr(Client(), method)("/go/1/")
    assert response.status_code == 302


def test_http_method_names_restricts_dispatch_allow_and_options() -> None:
    class ReadOnly(Greeting):
        http_method_names = ["get", "head", "options"]

    view = ReadOnly.as_view()
    refused = view(RequestFactory().post("/"))  # post() exists but is not listed
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD, OPTIONS"
    assert view(RequestFactory().options("/"))["Allow"] == "GET, HEAD, OPTIONS"
    assert view(RequestFactory().get("/")).content == b"hi"
    # A listed name is refused as an initkwarg; an unlisted handler name is an attribute.
    with pytest.raises(TypeError, match="The method name head is not accepted"):
        ReadOnly.as_view(head=None)
    assert ReadOnly.as_view(post=None).view_initkwargs == {"post": None}  # type: ignore[attr-defined]


def test_redirect_view_drops_the_query_string_by_default() -> None:
    view = RedirectView.as_view(pattern_name="target", permanent=True)
    response = view(RequestFactory().get("/go/?a=1"), pk=5)
    assert response.status_code == 301
    assert response["Location"] == "/target/5/"
    keep = RedirectView.as_view(url="/n/%(pk)s/", query_string=True)
    assert keep(RequestFactory().get("/?x=%2F"), pk=2)["Location"] == "/n/2/?x=%2F"


def test_redirect_view_get_redirect_url_can_be_overridden() -> None:
    class ToReferer(RedirectView):
        def get_redirect_url(self, *args: Any, **kwargs: Any) -> str | None:
            return self.request.headers.get("Referer")

    view = ToReferer.as_view()
    assert view(RequestFactory().get("/", HTTP_REFERER="/back/"))["Location"] == "/back/"
    assert view(RequestFactory().get("/")).status_code == 410


def test_context_mixin() -> None:
    class Page(ContextMixin):
        extra_context = {"a": 1, "b": 2}

    page = Page()
    context = page.get_context_data(b=0, c=3)
    assert context == {"view": page, "a": 1, "b": 2, "c": 3}  # extra_context wins (Django)
    assert ContextMixin().get_context_data(view="given") == {"view": "given"}


def test_template_response_mixin_response_class_engine_and_names() -> None:
    class Custom(TemplateResponse):
        pass

    class Page(TemplateView):
        response_class = Custom
        template_engine = "second"

        def get_template_names(self) -> list[str]:
            return ["missing.html", "about.html"]

    second = {**TEMPLATES[0], "NAME": "second"}
    with override_settings(TEMPLATES=[*TEMPLATES, second]):
        response = Page.as_view()(RequestFactory().get("/"), topic="t")
        assert type(response) is Custom
        assert response.using == "second"
        assert response.render().content.decode().strip() == "about t Page"
        with override_settings(TEMPLATES=TEMPLATES):
            with pytest.raises(InvalidTemplateEngineError, match="second"):
                Page.as_view()(RequestFactory().get("/"), topic="t").render()

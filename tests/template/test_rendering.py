"""Pages rendered through the client: processors, url(), static(), escaping, CSRF."""

from __future__ import annotations

import re
from typing import Any

import pytest

from scallion.template import engines
from scallion.template.loader import render_to_string
from scallion.test import Client, RequestFactory, override_settings
from scallion.test.signals import template_rendered
from tests.template import processors
from tests.template.conftest import engine_settings

HOSTILE = "<script>alert('x')</script>&\""
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#34;"


def test_page_uses_processor_value_url_and_static() -> None:
    response = Client().get("/home/", {"name": "Ada"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="greeting">Hello Ada</p>' in html
    assert '<p class="site">Scallion Site</p>' in html  # from the context processor
    assert 'href="/hello/"' in html  # url('hello')
    assert 'href="/articles/2024/first-post/"' in html  # url() with kwargs
    assert 'href="/articles/1999/old/"' in html  # url() with positional args
    assert 'href="/static/css/site.css"' in html  # static()
    assert "<footer>Scallion Site / /home/</footer>" in html  # include sees the context


def test_hostile_values_are_escaped_in_html() -> None:
    response = Client().get("/home/", {"name": HOSTILE})
    html = response.content.decode()
    assert HOSTILE not in html
    assert f'<p class="greeting">Hello {ESCAPED}</p>' in html


@pytest.mark.parametrize("name", ["page.htm", "feed.xml"])
def test_htm_and_xml_are_escaped(name: str) -> None:
    out = render_to_string(name, {"value": HOSTILE})
    assert ESCAPED in out and HOSTILE not in out


@pytest.mark.parametrize(
    "name", ["page.jinja", "page.j2", "page.html.j2", "icon.svg", "page.xhtml", "plain.txt"]
)
def test_every_template_is_escaped_by_default(name: str) -> None:
    # As Django's Jinja2 backend: no extension turns escaping off by itself.
    out = render_to_string(name, {"value": HOSTILE})
    assert ESCAPED in out and HOSTILE not in out


def test_from_string_is_escaped() -> None:
    assert engines["jinja2"].from_string("{{ v }}").render({"v": "<b>"}) == "&lt;b&gt;"


def test_autoescape_is_configurable() -> None:
    with override_settings(TEMPLATES=[engine_settings(autoescape=False)]):
        assert HOSTILE in render_to_string("page.htm", {"value": HOSTILE})
    with override_settings(TEMPLATES=[engine_settings(unescaped_extensions=["txt"])]):
        assert render_to_string("plain.txt", {"value": HOSTILE}).strip() == f"raw: {HOSTILE}"
        assert HOSTILE in render_to_string("page.html.txt", {"value": HOSTILE})
        for name in ("page.htm", "page.jinja", "icon.svg"):
            assert ESCAPED in render_to_string(name, {"value": HOSTILE})
        assert engines["jinja2"].from_string("{{ v }}").render({"v": "<b>"}) == "&lt;b&gt;"


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"autoescape": ["html", "htm", "xml"]}, "unescaped_extensions"),
        ({"unescaped_extensions": "txt"}, "list of extensions"),
        ({"autoescape": False, "unescaped_extensions": ["txt"]}, "one or the other"),
    ],
)
def test_an_autoescape_option_that_could_fail_open_is_refused(
    options: dict[str, Any], match: str
) -> None:
    from scallion.core.exceptions import ImproperlyConfigured

    with override_settings(TEMPLATES=[engine_settings(**options)]):
        with pytest.raises(ImproperlyConfigured, match=match):
            render_to_string("page.htm", {"value": HOSTILE})


def test_view_context_wins_over_processors() -> None:
    request = RequestFactory().get("/x")
    out = render_to_string("context.html", {"value": "from-view"}, request)
    assert out.strip() == "from-view|Scallion Site|GET"


def test_processors_merge_in_list_order() -> None:
    with override_settings(
        TEMPLATES=[
            engine_settings(
                context_processors=[
                    "tests.template.processors.site",
                    "tests.template.processors_late.override_site",
                ]
            )
        ]
    ):
        request = RequestFactory().get("/x")
        assert render_to_string("context.html", {}, request).split("|")[1] == "Late Site"


def test_processors_do_not_run_without_a_request() -> None:
    out = render_to_string("context.html", {"value": "v"})
    assert out.strip() == "v||"
    assert processors.CALLS["site"] == 0


def test_processor_runs_once_per_request() -> None:
    request = RequestFactory().get("/x")
    for _ in range(3):
        render_to_string("context.html", {}, request)
    render_to_string("pages/home.html", {"name": "n"}, request)
    assert processors.CALLS["site"] == 1
    render_to_string("context.html", {}, RequestFactory().get("/y"))
    assert processors.CALLS["site"] == 2


def test_processor_runs_once_across_render_to_string_and_template_response() -> None:
    response = Client().get("/twice/")
    assert response.content.decode() == "early|Scallion Site|GET|Scallion Site|GET"
    assert processors.CALLS["site"] == 1


def test_processor_shared_by_two_engines_runs_once() -> None:
    second = {**engine_settings(), "NAME": "second"}
    with override_settings(TEMPLATES=[engine_settings(), second]):
        request = RequestFactory().get("/x")
        render_to_string("context.html", {}, request)
        render_to_string("context.html", {}, request, using="second")
    assert processors.CALLS["site"] == 1


def test_processor_returning_non_dict_is_named() -> None:
    with override_settings(
        TEMPLATES=[engine_settings(context_processors=["tests.template.processors.broken"])]
    ):
        with pytest.raises(TypeError, match=r"tests\.template\.processors\.broken.*list"):
            render_to_string("context.html", {}, RequestFactory().get("/x"))


def test_builtin_processors() -> None:
    with override_settings(
        DEBUG=True,
        INTERNAL_IPS=["127.0.0.1"],
        MEDIA_URL="/m/",
        TIME_ZONE="Europe/Paris",
        TEMPLATES=[
            engine_settings(
                context_processors=[
                    f"scallion.template.context_processors.{name}"
                    for name in ("debug", "request", "csrf", "static", "media", "tz")
                ]
            )
        ],
    ):
        template = engines["jinja2"].from_string(
            "{{ debug|default('no') }}|{{ request.path }}|{{ STATIC_URL }}|"
            "{{ MEDIA_URL }}|{{ TIME_ZONE }}"
        )
        request = RequestFactory().get("/p", REMOTE_ADDR="127.0.0.1")
        assert template.render({}, request) == "True|/p|/static/|/m/|Europe/Paris"
        outsider = RequestFactory().get("/p", REMOTE_ADDR="10.0.0.9")
        assert template.render({}, outsider).startswith("no|/p|")


def test_csrf_input_and_token() -> None:
    request = RequestFactory().get("/form")
    out = render_to_string("csrf.html", {}, request)
    match = re.fullmatch(
        r'\[(\w{32,})\]<input type="hidden" name="csrfmiddlewaretoken" value="(\w{32,})">', out
    )
    assert match is not None, out
    assert "CSRF_COOKIE" in request.META  # the middleware will send the cookie


def test_csrf_values_are_lazy() -> None:
    request = RequestFactory().get("/form")
    render_to_string("context.html", {}, request)
    assert "CSRF_COOKIE" not in request.META  # get_token never called


def test_csrf_degrades_to_empty_without_csrf_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from scallion.template.backends import utils

    monkeypatch.setattr(utils, "_get_token_loaded", False)
    monkeypatch.setattr(utils, "_get_token", None)  # restored too, or later renders lose CSRF
    monkeypatch.setitem(sys.modules, "scallion.middleware.csrf", None)
    out = render_to_string("csrf.html", {}, RequestFactory().get("/form"))
    assert out.strip() == "[]"


def test_client_records_templates_and_context() -> None:
    response = Client().get("/home/")
    names = [t.name for t in response.templates]
    assert names == ["pages/home.html"]
    assert response.context["title"] == "Home"
    assert response.context["site_name"] == "Scallion Site"


def test_template_rendered_is_only_sent_when_listened_to() -> None:
    assert not template_rendered._receivers
    seen: list[object] = []

    def receiver(sender: object, **kwargs: object) -> None:
        seen.append(kwargs["context"])

    template_rendered.connect(receiver)
    try:
        render_to_string("context.html", {"value": 1})
    finally:
        template_rendered.disconnect(receiver)
    assert seen == [{"value": 1}]


@override_settings(MIDDLEWARE=["tests.template.middleware.HostileVisitor"])
def test_done_when_page() -> None:
    """The issue's page: real files, a processor value, url(), static(), a hostile value
    escaped, all in a TemplateResponse that middleware changed before it rendered."""
    response = Client().get("/home-deferred/", {"visitor": HOSTILE})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Changed by middleware</title>" in html  # process_template_response ran first
    assert f'<p class="greeting">Hello {ESCAPED}</p>' in html  # ...and its value is escaped
    assert HOSTILE not in html
    assert '<p class="site">Scallion Site</p>' in html  # context processor
    assert 'href="/hello/"' in html and 'href="/articles/2024/first-post/"' in html  # url()
    assert 'href="/static/css/site.css"' in html  # static()
    assert "<footer>Scallion Site / /home-deferred/</footer>" in html  # the include
    assert [t.name for t in response.templates] == ["pages/home.html"]
    assert response.context["name"] == HOSTILE
    assert processors.CALLS["site"] == 1


def test_builtin_debug_csrf_and_tz_details() -> None:
    import zoneinfo

    names = ("debug", "csrf", "tz")
    with override_settings(
        DEBUG=False,
        INTERNAL_IPS=["127.0.0.1"],
        TIME_ZONE="UTC",
        TEMPLATES=[
            engine_settings(
                context_processors=[f"scallion.template.context_processors.{n}" for n in names]
            )
        ],
    ):
        template = engines["jinja2"].from_string(
            "{{ debug|default('no') }}|{{ TIME_ZONE }}|{{ csrf_token }}"
        )
        request = RequestFactory().get("/p", REMOTE_ADDR="127.0.0.1")
        debug, zone, token = template.render({}, request).split("|")
        assert debug == "no"  # an internal IP, but DEBUG is off
        assert zone == "UTC"
        assert len(token) >= 32 and "CSRF_COOKIE" in request.META  # printed, so fetched
        tokyo = RequestFactory().get("/p")
        tokyo.timezone = zoneinfo.ZoneInfo("Asia/Tokyo")  # type: ignore[attr-defined]
        assert template.render({}, tokyo).split("|")[1] == "Asia/Tokyo"


def test_autoescape_true_or_a_callable() -> None:
    with override_settings(TEMPLATES=[engine_settings(autoescape=True)]):
        assert ESCAPED in render_to_string("plain.txt", {"value": HOSTILE})
    with override_settings(
        TEMPLATES=[engine_settings(autoescape=lambda name: name == "plain.txt")]
    ):
        assert ESCAPED in render_to_string("plain.txt", {"value": HOSTILE})
        assert HOSTILE in render_to_string("page.htm", {"value": HOSTILE})


def test_client_records_every_render_of_a_request() -> None:
    response = Client().get("/twice/")
    assert [t.name for t in response.templates] == ["context.html", "context.html"]
    assert len(response.context) == 2
    assert [c["value"] for c in response.context] == ["early", "early|Scallion Site|GET"]
    assert response.context["site_name"] == "Scallion Site"  # looked up across the renders


def test_client_context_is_none_when_no_template_was_rendered() -> None:
    response = Client().get("/hello/")
    assert response.content == b"hello"
    assert response.templates == []
    assert response.context is None


def test_client_context_lists_every_template_rendered() -> None:
    response = Client().get("/twice/")
    assert [t.name for t in response.templates] == ["context.html", "context.html"]
    assert [c["value"] for c in response.context] == ["early", response.context[1]["value"]]
    assert response.context["value"] == "early"  # a key: the first context holding it


def test_head_through_the_client_has_empty_content() -> None:
    client = Client()
    got = client.get("/home/")
    head = client.head("/home/")
    assert got.status_code == head.status_code == 200
    assert got.content  # the page has a body...
    assert head.content == b""  # ...which HEAD does not send
    assert head["Content-Type"] == got["Content-Type"]


def test_head_through_the_async_client_has_empty_content() -> None:
    import asyncio

    from scallion.test import AsyncClient

    async def go() -> tuple[Any, Any]:
        client = AsyncClient()
        return await client.get("/hello/"), await client.head("/hello/")

    got, head = asyncio.run(go())
    assert got.content == b"hello"
    assert head.status_code == 200
    assert head.content == b""
    assert head.context is None

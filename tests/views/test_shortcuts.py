"""render, redirect and resolve_url, written as a Django project's tests are."""

from __future__ import annotations

from pathlib import Path

from scallion.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from scallion.shortcuts import redirect, render, render_string, resolve_url
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.test import RequestFactory, SimpleTestCase, override_settings
from scallion.urls import NoReverseMatch
from scallion.utils.functional import lazystr

TEMPLATES = [{"DIRS": [Path(__file__).parent / "templates"]}]


class Article:
    def get_absolute_url(self) -> str:
        return "/articles/9/"


@override_settings(ROOT_URLCONF="tests.views.urls", TEMPLATES=TEMPLATES)
class RenderTests(SimpleTestCase):
    def test_render_returns_a_rendered_response(self) -> None:
        response = render(RequestFactory().get("/"), "about.html", {"topic": "t"}, status=201)
        self.assertIs(type(response), HttpResponse)
        self.assertContains(response, "about t", status_code=201)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def test_render_content_type_and_template_list(self) -> None:
        response = render(
            RequestFactory().get("/"), ["missing.html", "about.html"], content_type="text/plain"
        )
        self.assertEqual(response["Content-Type"], "text/plain")

    def test_the_rendered_template_is_recorded(self) -> None:
        with self.assertTemplateUsed("about.html"):
            render(RequestFactory().get("/"), "about.html", {"topic": "t"})


@override_settings(ROOT_URLCONF="tests.views.urls")
class ResolveUrlTests(SimpleTestCase):
    def test_resolve_url_forms(self) -> None:
        self.assertEqual(resolve_url(Article()), "/articles/9/")
        self.assertEqual(resolve_url("target", pk=3), "/target/3/")
        self.assertEqual(resolve_url("target", 4), "/target/4/")
        self.assertEqual(resolve_url("/plain/path/"), "/plain/path/")
        self.assertEqual(resolve_url("https://example.com/"), "https://example.com/")
        self.assertEqual(resolve_url("./relative"), "./relative")
        self.assertEqual(resolve_url(lazystr("/lazy/")), "/lazy/")

    def test_resolve_url_unknown_name_raises(self) -> None:
        with self.assertRaisesMessage(NoReverseMatch, "no-such-name"):
            resolve_url("no-such-name")

    def test_redirect_variants(self) -> None:
        response = redirect("target", pk=1)
        self.assertIsInstance(response, HttpResponseRedirect)
        self.assertRedirects(response, "/target/1/", fetch_redirect_response=False)
        permanent = redirect("/x/", permanent=True)
        self.assertIsInstance(permanent, HttpResponsePermanentRedirect)
        self.assertEqual(permanent.status_code, 301)
        self.assertEqual(redirect(Article())["Location"], "/articles/9/")
        self.assertEqual(redirect("/x/", preserve_request=True).status_code, 307)
        self.assertEqual(redirect("/x/", permanent=True, preserve_request=True).status_code, 308)


@override_settings(ROOT_URLCONF="tests.views.urls", TEMPLATES=TEMPLATES)
class RenderStringTests(SimpleTestCase):
    def test_render_string_renders_a_template_from_its_source(self) -> None:
        request = RequestFactory().get("/page/")
        response = render_string(
            request, "<h1>Hello, {{ name }}!</h1><p>{{ request.path }}</p>", {"name": "<Ada>"}
        )
        self.assertIs(type(response), HttpResponse)
        self.assertEqual(response.content, b"<h1>Hello, &lt;Ada&gt;!</h1><p>/page/</p>")  # escaped
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        gone = render_string(
            request, "{{ url('target', pk=1) }}", status=410, content_type="text/plain"
        )
        self.assertEqual(gone.status_code, 410)
        self.assertEqual(gone["Content-Type"], "text/plain")
        self.assertEqual(gone.content, b"/target/1/")

    def test_render_string_without_engines_says_how_to_configure_one(self) -> None:
        with (
            override_settings(TEMPLATES=[]),
            self.assertRaisesMessage(TemplateDoesNotExist, "no template engine is configured"),
        ):
            render_string(RequestFactory().get("/"), "x")

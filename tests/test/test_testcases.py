"""SimpleTestCase and friends: clients, settings for a class, async tests, assertions.

Most of these are themselves SimpleTestCase classes, run by pytest as a Django user's
would be; what must fail (a wrong assertion, a refused class) runs an inner class
with unittest and looks at the result.
"""

from __future__ import annotations

import unittest
import urllib.request
import warnings
from typing import Any, ClassVar

import pytest

from scallion.conf import settings
from scallion.test import (
    AsyncClient,
    Client,
    LiveServerTestCase,
    SimpleTestCase,
    TestCase,
    TransactionTestCase,
    modify_settings,
    override_settings,
    skipIfDBFeature,
    skipUnlessDBFeature,
)
from tests.test.conftest import TEST_SETTINGS


def run_case(case: type[unittest.TestCase], *names: str) -> unittest.TestResult:
    """Run the named tests of ``case`` (all when none is named) and return the result."""
    loader = unittest.TestLoader()
    if names:
        suite = unittest.TestSuite(case(name) for name in names)
    else:
        suite = loader.loadTestsFromTestCase(case)
    result = unittest.TestResult()
    suite.run(result)
    return result


def failure_text(result: unittest.TestResult) -> str:
    problems = result.failures + result.errors
    assert len(problems) == 1, problems
    return problems[0][1]


# Settings for a class ------------------------------------------------------------------
@modify_settings(ALLOWED_HOSTS={"append": "class.example"})
@override_settings(APPEND_SLASH=False, PREPEND_WWW=True)
class ClassSettingsTests(SimpleTestCase):
    seen_in_set_up_class: ClassVar[bool]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.seen_in_set_up_class = settings.PREPEND_WWW

    def setUp(self) -> None:
        self.seen_in_set_up = settings.APPEND_SLASH

    def test_the_class_settings_cover_set_up_and_the_test(self) -> None:
        assert self.seen_in_set_up_class is True
        assert self.seen_in_set_up is False
        assert settings.PREPEND_WWW is True
        assert "class.example" in settings.ALLOWED_HOSTS  # modify_settings applied

    @override_settings(PREPEND_WWW=False)
    def test_a_method_override_wins_over_the_class(self) -> None:
        assert settings.PREPEND_WWW is False
        assert settings.APPEND_SLASH is False

    @modify_settings(ALLOWED_HOSTS={"append": "method.example", "remove": "class.example"})
    def test_a_method_modify_applies_to_the_class_value(self) -> None:
        assert "method.example" in settings.ALLOWED_HOSTS
        assert "class.example" not in settings.ALLOWED_HOSTS

    def test_settings_and_modify_settings_methods(self) -> None:
        with self.settings(PREPEND_WWW=False):
            assert settings.PREPEND_WWW is False
        with self.modify_settings(ALLOWED_HOSTS={"prepend": "first.example"}):
            assert settings.ALLOWED_HOSTS[0] == "first.example"
        assert settings.PREPEND_WWW is True


@override_settings(X_FRAME_OPTIONS="SAMEORIGIN")
class SubclassSettingsTests(ClassSettingsTests):
    """Runs the parent's tests too: they see the parent's settings and this class's."""

    def test_a_subclass_adds_its_settings_and_keeps_its_parents(self) -> None:
        assert settings.X_FRAME_OPTIONS == "SAMEORIGIN"
        assert settings.PREPEND_WWW is True
        assert settings.APPEND_SLASH is False


def test_class_settings_end_with_the_class() -> None:
    @override_settings(PREPEND_WWW=True)
    class Inner(SimpleTestCase):
        def test_inside(self) -> None:
            assert settings.PREPEND_WWW is True

    result = run_case(Inner)
    assert result.wasSuccessful() and result.testsRun == 1
    assert settings.PREPEND_WWW is False
    assert Inner._overridden_settings == {"PREPEND_WWW": True}
    assert SimpleTestCase._overridden_settings is None  # the parent is untouched


def test_a_plain_unittest_class_cannot_take_class_settings() -> None:
    class Plain(unittest.TestCase):
        pass

    with pytest.raises(ValueError, match="Only subclasses of Django SimpleTestCase"):
        override_settings(DEBUG=True)(Plain)
    with pytest.raises(ValueError, match="decorated with modify_settings"):
        modify_settings(ALLOWED_HOSTS={"append": "x"})(Plain)


class _Base:
    def test_inherited(self) -> None:
        assert settings.PREPEND_WWW is True


@override_settings(PREPEND_WWW=True)
class TestPytestClassSettings(_Base):
    """A plain pytest class: each test method, inherited ones too, gets the settings."""

    def test_own(self) -> None:
        assert settings.PREPEND_WWW is True


# Running -------------------------------------------------------------------------------
@TEST_SETTINGS
class ClientTests(SimpleTestCase):
    def test_each_test_has_fresh_clients(self) -> None:
        assert isinstance(self.client, Client)
        assert isinstance(self.async_client, AsyncClient)
        assert self.client.get("/page/").status_code == 200

    async def test_an_async_test_runs_on_a_loop(self) -> None:
        response = await self.async_client.get("/page/")
        assert response.status_code == 200


@TEST_SETTINGS
class ExcInfoTests(SimpleTestCase):
    def test_the_response_keeps_the_views_exception(self) -> None:
        response = Client(raise_request_exception=False).get("/broken/")
        self.assertEqual(response.status_code, 500)
        exc_type, exc_value, exc_traceback = response.exc_info
        self.assertIs(exc_type, KeyError)
        self.assertEqual(str(exc_value), "'Oops'")
        self.assertIsNotNone(exc_traceback)
        self.assertIsNone(self.client.get("/page/").exc_info)


def test_the_clients_are_new_for_every_test() -> None:
    clients: list[Any] = []

    class Inner(SimpleTestCase):
        def test_one(self) -> None:
            clients.append(self.client)

        def test_two(self) -> None:
            clients.append(self.client)

    assert run_case(Inner).wasSuccessful()
    assert len(clients) == 2 and clients[0] is not clients[1]


def test_client_class_can_be_replaced() -> None:
    class MyClient(Client):
        pass

    class Inner(SimpleTestCase):
        client_class = MyClient

        def test_it(self) -> None:
            assert type(self.client) is MyClient

    assert run_case(Inner).wasSuccessful()


def test_a_test_case_that_wants_a_database_is_told_why_not() -> None:
    class WithDatabase(TestCase):
        databases = {"default"}

        def test_it(self) -> None:
            pass

    text = failure_text(run_case(WithDatabase))
    assert "WithDatabase.databases = {'default'}, but scallion has no ORM" in text
    assert "ImproperlyConfigured" in text

    class WithFixtures(TestCase):
        fixtures: ClassVar[list[str]] = ["users.json"]

        def test_it(self) -> None:
            pass

    assert "fixtures load rows into a database" in failure_text(run_case(WithFixtures))


class SetUpTestDataTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.items = ["made once"]
        cls.calls = getattr(cls, "calls", 0) + 1

    def test_a(self) -> None:
        self.items.append("changed by a")
        assert self.items == ["made once", "changed by a"]

    def test_b(self) -> None:
        assert self.items == ["made once"]  # a's change was to its own copy
        assert type(self).calls == 1


class TransactionTestCaseTests(TransactionTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.client_at_class_set_up = cls.client  # made eagerly, as Django does

    def test_the_eager_client_serves_the_first_test(self) -> None:
        assert self.client is self.client_at_class_set_up


def test_database_feature_skips() -> None:
    class Inner(SimpleTestCase):
        @skipUnlessDBFeature("supports_transactions")
        def test_needs_a_feature(self) -> None:
            raise AssertionError("ran")

        @skipIfDBFeature("supports_transactions")
        def test_runs_without_it(self) -> None:
            pass

    result = run_case(Inner)
    assert result.wasSuccessful() and len(result.skipped) == 1


# Assertions ----------------------------------------------------------------------------
@TEST_SETTINGS
class ResponseAssertionTests(SimpleTestCase):
    def test_assert_contains(self) -> None:
        response = self.client.get("/page/")
        self.assertContains(response, "two", count=2)
        self.assertContains(response, b"<li>two</li>")
        self.assertContains(response, '<li class="a b">one</li>', html=True)
        self.assertNotContains(response, "three")
        self.assertContains(self.client.get("/missing/"), "gone", status_code=404)
        streamed = self.client.get("/stream/")
        self.assertContains(streamed, "chunk", count=2)
        self.assertContains(streamed, "chunk-chunk")  # the content can be checked again

    def test_assert_contains_messages(self) -> None:
        response = self.client.get("/page/")
        with self.assertRaisesMessage(
            AssertionError, "Couldn't find 'three' in the following response"
        ):
            self.assertContains(response, "three")
        with self.assertRaisesMessage(
            AssertionError, "1 != 2 : Found 1 instances of '<p>two</p>' (expected 2)"
        ):
            self.assertContains(response, "<p>two</p>", count=2, html=True)
        with self.assertRaisesMessage(
            AssertionError, "here: Couldn't retrieve content: Response code was 404 (expected 200)"
        ):
            self.assertContains(self.client.get("/missing/"), "gone", msg_prefix="here")
        with self.assertRaisesMessage(AssertionError, "'two' unexpectedly found"):
            self.assertNotContains(response, "two")
        with self.assertRaisesMessage(AssertionError, "Second argument is not valid HTML:"):
            self.assertContains(response, "</p>", html=True)

    def test_assert_redirects(self) -> None:
        self.assertRedirects(self.client.get("/redirect/"), "/page/?a=1&b=2")
        self.assertRedirects(self.client.get("/redirect/", follow=True), "/page/?b=2&a=1")
        self.assertRedirects(self.client.get("/sub/redirect-relative/"), "/page/")
        self.assertRedirects(
            self.client.get("/redirect-missing/"), "/missing/", target_status_code=404
        )
        self.assertRedirects(
            self.client.get("/redirect-away/"),
            "https://elsewhere.example/",
            fetch_redirect_response=False,
        )

    def test_assert_redirects_messages(self) -> None:
        with self.assertRaisesMessage(
            AssertionError,
            "Response didn't redirect as expected: Response code was 200 (expected 302)",
        ):
            self.assertRedirects(self.client.get("/page/"), "/page/")
        with self.assertRaisesMessage(
            AssertionError,
            "Couldn't retrieve redirection page '/missing/': response code was 404 (expected 200)",
        ):
            self.assertRedirects(self.client.get("/redirect-missing/"), "/missing/")
        with self.assertRaisesMessage(
            AssertionError, "Response redirected to '/page/?b=2&a=1', expected '/other/'"
        ):
            self.assertRedirects(self.client.get("/redirect/"), "/other/")
        with self.assertRaisesMessage(ValueError, "unable to fetch remote URLs"):
            self.assertRedirects(self.client.get("/redirect-away/"), "https://elsewhere.example/")

    def test_assert_url_equal(self) -> None:
        self.assertURLEqual("/a/?x=1&y=2", "/a/?y=2&x=1")
        self.assertURLEqual("/a/?x=1&x=2", "/a/?x=2&x=1")  # pairs are sorted, as in Django
        with self.assertRaisesMessage(AssertionError, "Expected '/a/?x=1' to equal '/b/?x=1'."):
            self.assertURLEqual("/a/?x=1", "/b/?x=1")

    def test_assert_template_used(self) -> None:
        response = self.client.get("/templated/")
        self.assertTemplateUsed(response, "outer.html")
        self.assertTemplateUsed(response, "outer.html", count=1)
        self.assertTemplateNotUsed(response, "other.html")
        with self.assertTemplateUsed("outer.html"):
            self.client.get("/templated/")
        with self.assertTemplateNotUsed("outer.html"):
            self.client.get("/page/")
        with self.assertRaisesMessage(
            AssertionError,
            "Template 'other.html' was not a template used to render the response. Actual "
            "template(s) used: outer.html",
        ):
            self.assertTemplateUsed(response, "other.html")
        with self.assertRaisesMessage(AssertionError, "No templates used to render the response"):
            with self.assertTemplateUsed("outer.html"):
                self.client.get("/page/")
        with self.assertRaisesMessage(AssertionError, "was used unexpectedly"):
            self.assertTemplateNotUsed(response, "outer.html")
        with self.assertRaisesMessage(TypeError, "response and/or template_name"):
            self.assertTemplateUsed()


class MessageAssertionTests(SimpleTestCase):
    def test_assert_raises_message(self) -> None:
        def fail() -> None:
            raise ValueError("the sky is falling")

        self.assertRaisesMessage(ValueError, "sky is", fail)
        with self.assertRaisesMessage(ValueError, "is falling"):
            fail()
        with self.assertRaises(AssertionError):
            self.assertRaisesMessage(ValueError, "sky is green", fail)

    def test_assert_warns_message(self) -> None:
        with self.assertWarnsMessage(UserWarning, "careful"):
            warnings.warn("be careful", UserWarning, stacklevel=1)
        with self.assertRaises(AssertionError):
            with self.assertWarnsMessage(UserWarning, "other"):
                warnings.warn("be careful", UserWarning, stacklevel=1)

    def test_json_assertions(self) -> None:
        self.assertJSONEqual('{"a": [1, 2]}', {"a": [1, 2]})
        self.assertJSONEqual('{"a": 1, "b": 2}', '{"b": 2, "a": 1}')
        self.assertJSONNotEqual('{"a": 1}', {"a": 2})
        with self.assertRaisesMessage(AssertionError, "First argument is not valid JSON: '{'"):
            self.assertJSONEqual("{", {})
        with self.assertRaisesMessage(AssertionError, "Second argument is not valid JSON"):
            self.assertJSONNotEqual("{}", "}")

    def test_html_assertions(self) -> None:
        self.assertHTMLEqual(
            "<p class='b a' id=x>Hi  there</p>", '<p id="x" class="a b">Hi there</p>'
        )
        self.assertHTMLEqual(
            "<input type=checkbox checked>", '<input checked="checked" type="checkbox">'
        )
        self.assertHTMLNotEqual("<p>a</p>", "<p>b</p>")
        self.assertInHTML("<li>x</li>", "<ul><li>x</li><li>x</li></ul>", count=2)
        self.assertNotInHTML("<li>y</li>", "<ul><li>x</li></ul>")
        with self.assertRaisesMessage(AssertionError, "<p>\na\n</p> != <p>\nb\n</p>"):
            self.assertHTMLEqual("<p>a</p>", "<p>b</p>")
        with self.assertRaisesMessage(AssertionError, "First argument is not valid HTML:"):
            self.assertHTMLEqual("</p>", "<p></p>")
        with self.assertRaisesMessage(
            AssertionError, "Found 1 instances of '<li>x</li>' (expected 2)"
        ):
            self.assertInHTML("<li>x</li>", "<ul><li>x</li></ul>", count=2)
        with self.assertRaisesMessage(AssertionError, "'<li>x</li>' unexpectedly found"):
            self.assertNotInHTML("<li>x</li>", "<ul><li>x</li></ul>")

    def test_xml_assertions(self) -> None:
        self.assertXMLEqual('<a x="1" y="2"><b/></a>', '<a y="2" x="1"><b></b></a>')
        self.assertXMLEqual("<a>one  two</a>", "<a>one \n two</a>")
        self.assertXMLEqual("<?xml version='1.0'?><a/>", "<?xml version='1.0'?><!-- c --><a/>")
        self.assertXMLNotEqual("<a><b/></a>", "<a><c/></a>")
        with self.assertRaisesMessage(AssertionError, "First or second argument is not valid XML"):
            self.assertXMLEqual("<a>", "<a/>")
        with self.assertRaises(AssertionError):
            self.assertXMLNotEqual("<a/>", "<a></a>")


# The live server ----------------------------------------------------------------------
@TEST_SETTINGS
class LiveServerTests(LiveServerTestCase):
    def test_the_project_answers_over_http(self) -> None:
        assert self.live_server_url.startswith("http://localhost:")
        with urllib.request.urlopen(f"{self.live_server_url}/host/", timeout=10) as reply:
            assert reply.read().decode() == self.live_server_url.removeprefix("http://")
        assert "localhost" in settings.ALLOWED_HOSTS


def test_the_live_server_stops_with_its_class() -> None:
    urls: list[str] = []

    @override_settings(ALLOWED_HOSTS=["testserver"])
    @TEST_SETTINGS
    class Inner(LiveServerTestCase):
        def test_it(self) -> None:
            assert settings.ALLOWED_HOSTS == ["testserver", "localhost"]
            urls.append(self.live_server_url)
            with urllib.request.urlopen(f"{self.live_server_url}/page/", timeout=10) as reply:
                assert reply.status == 200

    hosts_before = list(settings.ALLOWED_HOSTS)
    assert run_case(Inner).wasSuccessful()
    assert not Inner.server_thread.is_alive()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{urls[0]}/page/", timeout=5)
    assert settings.ALLOWED_HOSTS == hosts_before


def test_a_live_server_that_cannot_start_fails_its_class() -> None:
    def broken_handler(application: Any) -> Any:
        raise OSError("the static files handler cannot start")

    class Inner(LiveServerTestCase):
        static_handler = broken_handler

        def test_it(self) -> None:
            raise AssertionError("ran")

    hosts_before = list(settings.ALLOWED_HOSTS)
    text = failure_text(run_case(Inner))
    assert "OSError: the static files handler cannot start" in text
    assert settings.ALLOWED_HOSTS == hosts_before


def test_the_static_live_server_serves_files_from_the_finders(tmp_path: Any) -> None:
    from scallion.contrib.staticfiles.testing import StaticLiveServerTestCase

    (tmp_path / "site.css").write_text("body { color: green }")
    bodies: list[bytes] = []

    @override_settings(STATIC_URL="/static/", STATICFILES_DIRS=[str(tmp_path)])
    @TEST_SETTINGS
    class Inner(StaticLiveServerTestCase):
        def test_it(self) -> None:
            url = f"{self.live_server_url}/static/site.css"
            with urllib.request.urlopen(url, timeout=10) as reply:
                bodies.append(reply.read())

    assert run_case(Inner).wasSuccessful()
    assert bodies == [b"body { color: green }"]


@TEST_SETTINGS
class CopiedResponseTests(SimpleTestCase):
    """``copy.copy`` of a client's response keeps what the client attached (Django's rule)."""

    def test_copy_keeps_client_request_and_match(self) -> None:
        import copy

        response = self.client.get("/page/")
        duplicate = copy.copy(response)
        self.assertIsNot(duplicate, response)
        self.assertIs(duplicate.client, response.client)
        self.assertIs(duplicate.wsgi_request, response.wsgi_request)
        self.assertIs(duplicate.resolver_match, response.resolver_match)
        self.assertEqual(duplicate.content, response.content)

    async def test_copy_of_an_async_response(self) -> None:
        import copy

        response = await self.async_client.get("/page/")
        duplicate = copy.copy(response)
        self.assertIs(duplicate.asgi_request, response.asgi_request)
        self.assertIs(duplicate.client, response.client)

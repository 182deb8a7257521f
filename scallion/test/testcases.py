"""Django's test case classes: ``SimpleTestCase`` and its database-free relatives.

``SimpleTestCase`` is a ``unittest.TestCase`` that gives each test ``self.client``
and ``self.async_client``, applies the class's ``@override_settings`` and
``@modify_settings`` from ``setUpClass`` to ``tearDownClass``, runs ``async def``
tests on an event loop, and adds Django's assertions about responses, templates,
HTML, JSON and XML. The same assertions, as plain functions for pytest, are in
:mod:`scallion.test.asserts`.

scallion has no ORM: ``TestCase`` and ``TransactionTestCase`` exist so that a
Django project's tests keep their base classes; they add ``setUpTestData`` (data
made once per class, deep-copied for each test) and nothing that needs a
database. A class that asks for one (``databases = {...}``, ``fixtures = [...]``)
is told so when it starts. ``LiveServerTestCase`` serves the project on a real
server thread at ``live_server_url``.
"""

from __future__ import annotations

import copy
import difflib
import inspect
import json
import sys
import threading
import unittest
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar
from unittest.util import safe_repr
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from asgiref.sync import async_to_sync

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import QueryDict
from scallion.http.request import split_domain_port, validate_host
from scallion.test.async_client import AsyncClient
from scallion.test.client import Client
from scallion.test.html import Element, HTMLParseError, parse_html
from scallion.test.signals import template_rendered
from scallion.test.utils import ContextList, modify_settings, override_settings
from scallion.test.xml_compare import compare_xml
from scallion.utils.functional import classproperty

# unittest leaves the frames of a module with this flag out of failure tracebacks.
__unittest = True


class _AssertTemplateUsedContext:
    """``with self.assertTemplateUsed("name"):``: records the templates rendered inside."""

    def __init__(
        self, test_case: SimpleTestCase, template_name: str, msg_prefix: str, count: int | None
    ) -> None:
        self.test_case = test_case
        self.template_name = template_name
        self.msg_prefix = msg_prefix
        self.count = count
        self.rendered_templates: list[Any] = []
        self.context = ContextList()

    def on_template_render(
        self, sender: Any, signal: Any, template: Any, context: Any, **kw: Any
    ) -> None:
        self.rendered_templates.append(template)
        self.context.append(copy.copy(context))

    @property
    def rendered_template_names(self) -> list[str]:
        return [t.name for t in self.rendered_templates if t.name is not None]

    def test(self) -> None:
        self.test_case._assert_template_used(
            self.template_name, self.rendered_template_names, self.msg_prefix, self.count
        )

    def __enter__(self) -> _AssertTemplateUsedContext:
        template_rendered.connect(self.on_template_render)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        template_rendered.disconnect(self.on_template_render)
        if exc_type is None:
            self.test()


class _AssertTemplateNotUsedContext(_AssertTemplateUsedContext):
    def test(self) -> None:
        self.test_case.assertFalse(
            self.template_name in self.rendered_template_names,
            f"{self.msg_prefix}Template '{self.template_name}' was used unexpectedly in "
            "rendering the response",
        )


def _class_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class SimpleTestCase(unittest.TestCase):
    """A unittest test case with a test client, settings overrides and Django's assertions."""

    #: The classes of ``self.client`` and ``self.async_client`` (made anew for each test).
    client_class: ClassVar[type[Any]] = Client
    async_client_class: ClassVar[type[Any]] = AsyncClient
    #: scallion has no ORM: a test class that names databases is refused.
    databases: ClassVar[Any] = frozenset()

    _overridden_settings: ClassVar[dict[str, Any] | None] = None
    _modified_settings: ClassVar[list[tuple[str, dict[str, Any]]] | None] = None
    _pre_setup_ran_eagerly: ClassVar[bool] = False

    client: Any
    async_client: Any

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls._refuse_databases()
        if cls._overridden_settings:
            cls.enterClassContext(override_settings(**cls._overridden_settings))
        if cls._modified_settings:
            cls.enterClassContext(modify_settings(cls._modified_settings))

    @classmethod
    def _refuse_databases(cls) -> None:
        if cls.databases:
            raise ImproperlyConfigured(
                f"{_class_name(cls)}.databases = {cls.databases!r}, but scallion has no ORM: a "
                "test cannot use a database. Remove the attribute (scallion's TestCase needs "
                "none), or keep the tests that need a database on Django."
            )
        fixtures = getattr(cls, "fixtures", None)
        if fixtures:
            raise ImproperlyConfigured(
                f"{_class_name(cls)}.fixtures = {fixtures!r}, but fixtures load rows into a "
                "database and scallion has no ORM. Build the data in setUpTestData instead."
            )

    # Running ---------------------------------------------------------------------------
    def __call__(self, result: unittest.TestResult | None = None) -> None:
        """Run ``_pre_setup`` before ``setUp`` and ``_post_teardown`` after ``tearDown``,
        so that subclasses need not call ``super().setUp()`` for the client."""
        self._setup_and_call(result)

    def debug(self) -> None:
        """Run without collecting the errors (as ``unittest.TestCase.debug`` does)."""
        self._setup_and_call(None, debug=True)

    def _setup_and_call(self, result: unittest.TestResult | None, debug: bool = False) -> None:
        method = getattr(self, self._testMethodName)
        skipped = getattr(type(self), "__unittest_skip__", False) or getattr(
            method, "__unittest_skip__", False
        )
        if inspect.iscoroutinefunction(method):
            setattr(self, self._testMethodName, async_to_sync(method))
        if not skipped and not self._run_step(self._eager_or_pre_setup, result, debug):
            return
        if debug:
            super().debug()
        else:
            super().__call__(result)
        if not skipped:
            self._run_step(self._post_teardown, result, debug)

    def _run_step(
        self, step: Callable[[], None], result: unittest.TestResult | None, debug: bool
    ) -> bool:
        try:
            step()
        except Exception:
            if debug or result is None:
                raise
            result.addError(self, sys.exc_info())
            return False
        return True

    def _eager_or_pre_setup(self) -> None:
        cls = type(self)
        if cls._pre_setup_ran_eagerly:
            cls._pre_setup_ran_eagerly = False
        else:
            self._pre_setup()

    @classmethod
    def _pre_setup(cls) -> None:
        """Before each test: fresh clients (no cookies carried over from the last test)."""
        cls.client = cls.client_class()
        cls.async_client = cls.async_client_class()

    def _post_teardown(self) -> None:
        """After each test (a hook for subclasses)."""

    def settings(self, **kwargs: Any) -> override_settings:
        """``with self.settings(DEBUG=True):``: override settings for a block."""
        return override_settings(**kwargs)

    def modify_settings(self, **kwargs: Any) -> modify_settings:
        """``with self.modify_settings(MIDDLEWARE={"append": ...}):``."""
        return modify_settings(**kwargs)

    # Responses -------------------------------------------------------------------------
    def assertRedirects(
        self,
        response: Any,
        expected_url: str,
        status_code: int = 302,
        target_status_code: int = 200,
        msg_prefix: str = "",
        fetch_redirect_response: bool = True,
    ) -> None:
        """The response redirected (``status_code``) to ``expected_url``, which answers
        ``target_status_code`` (fetched with the same client unless told not to)."""
        if msg_prefix:
            msg_prefix += ": "
        if hasattr(response, "redirect_chain"):
            # The client followed the redirects (follow=True).
            self.assertTrue(
                response.redirect_chain,
                f"{msg_prefix}Response didn't redirect as expected: Response code was "
                f"{response.status_code} (expected {status_code})",
            )
            first_status = response.redirect_chain[0][1]
            self.assertEqual(
                first_status,
                status_code,
                f"{msg_prefix}Initial response didn't redirect as expected: Response code "
                f"was {first_status} (expected {status_code})",
            )
            url, _ = response.redirect_chain[-1]
            self.assertEqual(
                response.status_code,
                target_status_code,
                f"{msg_prefix}Response didn't redirect as expected: Final Response code was "
                f"{response.status_code} (expected {target_status_code})",
            )
        else:
            self.assertEqual(
                response.status_code,
                status_code,
                f"{msg_prefix}Response didn't redirect as expected: Response code was "
                f"{response.status_code} (expected {status_code})",
            )
            url = response.url
            scheme, netloc, path, query, _ = urlsplit(url)
            if not path.startswith("/"):
                # A relative redirect: resolve it against the request's path.
                url = urljoin(response.request["PATH_INFO"], url)
                path = urljoin(response.request["PATH_INFO"], path)
            if fetch_redirect_response:
                self._fetch_redirect(
                    response, url, scheme, netloc, path, query, target_status_code, msg_prefix
                )
        self.assertURLEqual(
            url,
            expected_url,
            f"{msg_prefix}Response redirected to '{url}', expected '{expected_url}'",
        )

    def _fetch_redirect(
        self,
        response: Any,
        url: str,
        scheme: str,
        netloc: str,
        path: str,
        query: str,
        target_status_code: int,
        msg_prefix: str,
    ) -> None:
        # An empty netloc, or one of ALLOWED_HOSTS (testserver), is this project.
        domain, _ = split_domain_port(netloc)
        if domain and not validate_host(domain, settings.ALLOWED_HOSTS):
            raise ValueError(
                f"The test client is unable to fetch remote URLs (got {url}). If the host is "
                f"served by scallion, add '{domain}' to ALLOWED_HOSTS. Otherwise, use "
                "assertRedirects(..., fetch_redirect_response=False)."
            )
        client = response.client
        redirect_response = client.get(
            path,
            QueryDict(query),
            secure=(scheme == "https"),
            headers=getattr(client, "headers", None) or {},
            **(getattr(client, "extra", None) or {}),
        )
        self.assertEqual(
            redirect_response.status_code,
            target_status_code,
            f"{msg_prefix}Couldn't retrieve redirection page '{path}': response code was "
            f"{redirect_response.status_code} (expected {target_status_code})",
        )

    def assertURLEqual(self, url1: Any, url2: Any, msg_prefix: str = "") -> None:
        """The same URL, ignoring the order of query parameters of different names."""

        def normalize(url: Any) -> str:
            scheme, netloc, path, query, fragment = urlsplit(str(url))
            return urlunsplit((scheme, netloc, path, urlencode(sorted(parse_qsl(query))), fragment))

        if msg_prefix:
            msg_prefix += ": "
        self.assertEqual(
            normalize(url1), normalize(url2), f"{msg_prefix}Expected '{url1}' to equal '{url2}'."
        )

    def _text_repr(self, content: Any, force_string: bool) -> str:
        if isinstance(content, bytes) and not force_string:
            return safe_repr(content)
        return f"'{content}'"

    def _assert_contains(
        self, response: Any, text: Any, status_code: int, msg_prefix: str, html: bool
    ) -> tuple[int, str, bytes]:
        # A response whose rendering is deferred is rendered now.
        render = getattr(response, "render", None)
        if callable(render) and not response.is_rendered:
            render()
        if msg_prefix:
            msg_prefix += ": "
        self.assertEqual(
            response.status_code,
            status_code,
            f"{msg_prefix}Couldn't retrieve content: Response code was "
            f"{response.status_code} (expected {status_code})",
        )
        if response.streaming:
            raw = b"".join(response.streaming_content)
            response.streaming_content = [raw]  # so that it can be checked again
        else:
            raw = response.content
        haystack: Any = raw
        if not isinstance(text, bytes) or html:
            text = str(text)
            haystack = raw.decode(response.charset)
        if html:
            haystack = self._parse_html(haystack, None, "Response's content is not valid HTML:")
            text = self._parse_html(text, None, "Second argument is not valid HTML:")
        return haystack.count(text), msg_prefix, raw

    def assertContains(
        self,
        response: Any,
        text: Any,
        count: int | None = None,
        status_code: int = 200,
        msg_prefix: str = "",
        html: bool = False,
    ) -> None:
        """The response has ``status_code`` and ``text`` in its content (``count`` times)."""
        real_count, msg_prefix, content = self._assert_contains(
            response, text, status_code, msg_prefix, html
        )
        if (count is None and real_count > 0) or (count is not None and real_count == count):
            return
        text_repr = self._text_repr(text, force_string=html)
        if count is not None:
            self.fail(
                f"{real_count} != {count} : {msg_prefix}Found {real_count} instances of "
                f"{text_repr} (expected {count}) in the following response\n{content!r}"
            )
        self.fail(
            f"False is not true : {msg_prefix}Couldn't find {text_repr} in the following "
            f"response\n{content!r}"
        )

    def assertNotContains(
        self,
        response: Any,
        text: Any,
        status_code: int = 200,
        msg_prefix: str = "",
        html: bool = False,
    ) -> None:
        """The response has ``status_code`` and no ``text`` in its content."""
        real_count, msg_prefix, content = self._assert_contains(
            response, text, status_code, msg_prefix, html
        )
        if real_count != 0:
            text_repr = self._text_repr(text, force_string=html)
            self.fail(
                f"{real_count} != 0 :{msg_prefix}{text_repr} unexpectedly found in the "
                f"following response\n{content!r}"
            )

    # Templates -------------------------------------------------------------------------
    def _get_template_used(
        self, response: Any, template_name: str | None, msg_prefix: str, method_name: str
    ) -> tuple[str | None, list[str] | None, str]:
        if response is None and template_name is None:
            raise TypeError("response and/or template_name argument must be provided")
        if msg_prefix:
            msg_prefix += ": "
        if (
            template_name is not None
            and response is not None
            and not hasattr(response, "templates")
        ):
            raise ValueError(
                f"{method_name}() is only usable on responses fetched using the test Client."
            )
        if not hasattr(response, "templates") or (response is None and template_name):
            # The context-manager form: the first argument is the template's name.
            if response:
                template_name, response = response, None
            return template_name, None, msg_prefix
        names = [t.name for t in response.templates if t.name is not None]
        return None, names, msg_prefix

    def _assert_template_used(
        self, template_name: str, template_names: list[str], msg_prefix: str, count: int | None
    ) -> None:
        if not template_names:
            self.fail(f"{msg_prefix}No templates used to render the response")
        self.assertTrue(
            template_name in template_names,
            f"{msg_prefix}Template '{template_name}' was not a template used to render the "
            f"response. Actual template(s) used: {', '.join(template_names)}",
        )
        if count is not None:
            used = template_names.count(template_name)
            self.assertEqual(
                used,
                count,
                f"{msg_prefix}Template '{template_name}' was expected to be rendered {count} "
                f"time(s) but was actually rendered {used} time(s).",
            )

    def assertTemplateUsed(
        self,
        response: Any = None,
        template_name: str | None = None,
        msg_prefix: str = "",
        count: int | None = None,
    ) -> _AssertTemplateUsedContext | None:
        """``template_name`` was rendered for ``response``; or, with only a name, a
        context manager checking that it is rendered inside the block."""
        cm_name, names, msg_prefix = self._get_template_used(
            response, template_name, msg_prefix, "assertTemplateUsed"
        )
        if cm_name:
            return _AssertTemplateUsedContext(self, cm_name, msg_prefix, count)
        assert template_name is not None and names is not None
        self._assert_template_used(template_name, names, msg_prefix, count)
        return None

    def assertTemplateNotUsed(
        self, response: Any = None, template_name: str | None = None, msg_prefix: str = ""
    ) -> _AssertTemplateNotUsedContext | None:
        """The opposite of :meth:`assertTemplateUsed` (also a context manager)."""
        cm_name, names, msg_prefix = self._get_template_used(
            response, template_name, msg_prefix, "assertTemplateNotUsed"
        )
        if cm_name:
            return _AssertTemplateNotUsedContext(self, cm_name, msg_prefix, None)
        self.assertFalse(
            template_name in (names or []),
            f"{msg_prefix}Template '{template_name}' was used unexpectedly in rendering the "
            "response",
        )
        return None

    # Exceptions and warnings -------------------------------------------------------------
    @contextmanager
    def _raises_or_warns(
        self, enter: Callable[[Any], Any], attribute: str, expected: Any, message: str
    ) -> Iterator[Any]:
        with enter(expected) as cm:
            yield cm
        self.assertIn(message, str(getattr(cm, attribute)))

    def _message_assertion(
        self,
        enter: Callable[[Any], Any],
        attribute: str,
        expected: Any,
        message: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> AbstractContextManager[Any] | None:
        cm = self._raises_or_warns(enter, attribute, expected, message)
        if not args:
            return cm
        callable_obj, *rest = args
        with cm:
            callable_obj(*rest, **kwargs)
        return None

    def assertRaisesMessage(
        self, expected_exception: Any, expected_message: str, *args: Any, **kwargs: Any
    ) -> Any:
        """``assertRaises`` whose exception's text contains ``expected_message``."""
        return self._message_assertion(
            self.assertRaises, "exception", expected_exception, expected_message, args, kwargs
        )

    def assertWarnsMessage(
        self, expected_warning: Any, expected_message: str, *args: Any, **kwargs: Any
    ) -> Any:
        """``assertWarns`` whose warning's text contains ``expected_message``."""
        return self._message_assertion(
            self.assertWarns, "warning", expected_warning, expected_message, args, kwargs
        )

    # HTML, JSON, XML -------------------------------------------------------------------
    def _truncated(self, standard: str, diff: str) -> str:
        """unittest's own shortening of a long diff (``maxDiff``)."""
        truncate: Callable[[str, str], str] = getattr(self, "_truncateMessage")  # noqa: B009
        return truncate(standard, diff)

    def _parse_html(self, markup: str, user_msg: str | None, problem: str) -> Element:
        try:
            return parse_html(markup)
        except HTMLParseError as exc:
            self.fail(self._formatMessage(user_msg, f"{problem}\n{exc}"))

    def assertHTMLEqual(self, html1: str, html2: str, msg: str | None = None) -> None:
        """The same HTML, by meaning: attribute order, whitespace runs and quoting aside."""
        dom1 = self._parse_html(html1, msg, "First argument is not valid HTML:")
        dom2 = self._parse_html(html2, msg, "Second argument is not valid HTML:")
        if dom1 != dom2:
            standard = f"{safe_repr(dom1, True)} != {safe_repr(dom2, True)}"
            diff = "\n" + "\n".join(difflib.ndiff(str(dom1).splitlines(), str(dom2).splitlines()))
            self.fail(
                self._formatMessage(
                    msg,
                    self._truncated(standard, diff),
                )
            )

    def assertHTMLNotEqual(self, html1: str, html2: str, msg: str | None = None) -> None:
        """Not the same HTML by meaning."""
        dom1 = self._parse_html(html1, msg, "First argument is not valid HTML:")
        dom2 = self._parse_html(html2, msg, "Second argument is not valid HTML:")
        if dom1 == dom2:
            self.fail(
                self._formatMessage(msg, f"{safe_repr(dom1, True)} == {safe_repr(dom2, True)}")
            )

    def assertInHTML(
        self, needle: str, haystack: str, count: int | None = None, msg_prefix: str = ""
    ) -> None:
        """The ``needle`` element (or snippet, or text) occurs in ``haystack`` (``count`` times)."""
        parsed_needle = self._parse_html(needle, None, "First argument is not valid HTML:")
        parsed_haystack = self._parse_html(haystack, None, "Second argument is not valid HTML:")
        real_count = parsed_haystack.count(parsed_needle)
        if (count is None and real_count > 0) or count == real_count:
            return
        if msg_prefix:
            msg_prefix += ": "
        haystack_repr = safe_repr(haystack)
        if count is None:
            self.fail(
                f"False is not true : {msg_prefix}Couldn't find {needle!r} in the following "
                f"response\n{haystack_repr}"
            )
        if count == 0:
            detail = f"{needle!r} unexpectedly found in the following response\n{haystack_repr}"
        else:
            detail = (
                f"Found {real_count} instances of {needle!r} (expected {count}) in the "
                f"following response\n{haystack_repr}"
            )
        self.fail(f"{real_count} != {count} : {msg_prefix}{detail}")

    def assertNotInHTML(self, needle: str, haystack: str, msg_prefix: str = "") -> None:
        """The ``needle`` does not occur in ``haystack``."""
        self.assertInHTML(needle, haystack, count=0, msg_prefix=msg_prefix)

    def _load_json(self, raw: Any, expected: Any) -> tuple[Any, Any]:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            self.fail(f"First argument is not valid JSON: {raw!r}")
        if isinstance(expected, str):
            try:
                expected = json.loads(expected)
            except json.JSONDecodeError:
                self.fail(f"Second argument is not valid JSON: {expected!r}")
        return data, expected

    def assertJSONEqual(self, raw: Any, expected_data: Any, msg: str | None = None) -> None:
        """``raw`` (JSON text) decodes to ``expected_data`` (a value, or JSON text)."""
        data, expected = self._load_json(raw, expected_data)
        self.assertEqual(data, expected, msg=msg)

    def assertJSONNotEqual(self, raw: Any, expected_data: Any, msg: str | None = None) -> None:
        """``raw`` (JSON text) does not decode to ``expected_data``."""
        data, expected = self._load_json(raw, expected_data)
        self.assertNotEqual(data, expected, msg=msg)

    def _compare_xml(self, xml1: str, xml2: str, msg: str | None) -> bool:
        try:
            return compare_xml(xml1, xml2)
        except Exception as exc:
            self.fail(self._formatMessage(msg, f"First or second argument is not valid XML\n{exc}"))

    def assertXMLEqual(self, xml1: str, xml2: str, msg: str | None = None) -> None:
        """The same XML, by meaning: attribute order and whitespace runs aside."""
        if not self._compare_xml(xml1, xml2, msg):
            standard = f"{safe_repr(xml1, True)} != {safe_repr(xml2, True)}"
            diff = "\n" + "\n".join(difflib.ndiff(xml1.splitlines(), xml2.splitlines()))
            self.fail(
                self._formatMessage(
                    msg,
                    self._truncated(standard, diff),
                )
            )

    def assertXMLNotEqual(self, xml1: str, xml2: str, msg: str | None = None) -> None:
        """Not the same XML by meaning."""
        if self._compare_xml(xml1, xml2, msg):
            self.fail(
                self._formatMessage(msg, f"{safe_repr(xml1, True)} == {safe_repr(xml2, True)}")
            )


class TransactionTestCase(SimpleTestCase):
    """Django's base for tests that commit; without an ORM, a ``SimpleTestCase``.

    Like Django's, it makes the clients once, before ``setUpClass``'s body runs
    further, so that class-level code can already use ``cls.client``.
    """

    #: Accepted for compatibility; there is no app registry to narrow.
    available_apps: ClassVar[list[str] | None] = None
    reset_sequences: ClassVar[bool] = False
    serialized_rollback: ClassVar[bool] = False

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        if not issubclass(cls, TestCase):
            cls._pre_setup()
            cls._pre_setup_ran_eagerly = True


class _TestData:
    """A class attribute made in ``setUpTestData``, deep-copied once per test."""

    def __init__(self, name: str, data: Any) -> None:
        self.name = name
        self.data = data

    def __get__(self, instance: Any, owner: type) -> Any:
        if instance is None:
            return self.data
        # One memo per test, holding the test itself so that deepcopy never copies it.
        memo = instance.__dict__.setdefault("_testdata_memo", {id(instance): instance})
        copied = copy.deepcopy(self.data, memo)
        setattr(instance, self.name, copied)
        return copied

    def __repr__(self) -> str:
        return f"<TestData: name={self.name!r}, data={self.data!r}>"


class TestCase(TransactionTestCase):
    """Django's everyday base class; here: ``setUpTestData`` and nothing database-bound.

    ``setUpTestData`` runs once per class; what it puts on the class is deep-copied
    the first time each test reads it, so a test may change its copy freely.
    """

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        before = dict(vars(cls))
        try:
            cls.setUpTestData()
        except Exception:
            cls.doClassCleanups()
            raise
        for name, value in vars(cls).copy().items():
            if name not in before or before[name] is not value:
                setattr(cls, name, _TestData(name, value))

    @classmethod
    def setUpTestData(cls) -> None:
        """Make the class's test data (once, before its tests)."""


def skipIfDBFeature(*features: str) -> Callable[[Any], Any]:
    """Skip if the database has any of ``features``: there is no database, so never."""

    def decorator(test: Any) -> Any:
        return test

    return decorator


def skipUnlessDBFeature(*features: str) -> Callable[[Any], Any]:
    """Skip unless the database has all of ``features``: there is none, so always."""
    return unittest.skip(f"needs the database features {', '.join(features)}; no ORM")


def skipUnlessAnyDBFeature(*features: str) -> Callable[[Any], Any]:
    """Skip unless the database has one of ``features``: there is none, so always."""
    return unittest.skip(f"needs one of the database features {', '.join(features)}; no ORM")


class LiveServerThread(threading.Thread):
    """Serves the project (through ``static_handler`` if given) on ``host:port``."""

    def __init__(self, host: str, static_handler: Any, port: int = 0) -> None:
        super().__init__(daemon=True, name=f"live-server-{host}")
        self.host = host
        self.port = port
        self.static_handler = static_handler
        self.is_ready = threading.Event()
        self.error: BaseException | None = None
        self.server: Any = None

    def run(self) -> None:
        from scallion.core.handlers.wsgi import WSGIHandler
        from scallion.core.servers.basehttp import create_server

        try:
            handler: Any = WSGIHandler()
            if self.static_handler is not None:
                handler = self.static_handler(handler)
            bind = "127.0.0.1" if self.host == "localhost" else self.host
            self.server = create_server(handler, host=bind, port=self.port, threads=4)
            self.port = self.server.effective_port
        except BaseException as exc:
            self.error = exc
            self.is_ready.set()
            return
        self.is_ready.set()
        self.server.run()

    def terminate(self) -> None:
        """Stop serving: the server's own loop closes its sockets, then the thread ends."""
        server = self.server
        if server is not None:

            def close_everything() -> None:
                server.close()
                for channel in list(server._map.values()):
                    channel.close()

            server.trigger.pull_trigger(close_everything)
        self.join(timeout=10)


class LiveServerTestCase(TransactionTestCase):
    """Tests that talk to the project over real HTTP, at ``self.live_server_url``.

    The server starts in ``setUpClass`` on a free port of ``host`` (or ``port``), and
    its host is added to ``ALLOWED_HOSTS`` for the class.
    """

    host: ClassVar[str] = "localhost"
    port: ClassVar[int] = 0
    server_thread_class: ClassVar[type[LiveServerThread]] = LiveServerThread
    static_handler: ClassVar[Any] = None
    server_thread: ClassVar[LiveServerThread]

    @classproperty
    def live_server_url(cls) -> str:
        """``http://host:port`` of the running server."""
        return f"http://{cls.host}:{cls.server_thread.port}"

    @classproperty
    def allowed_host(cls) -> str:
        """The host name added to ``ALLOWED_HOSTS`` while the class runs."""
        return cls.host

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.enterClassContext(modify_settings(ALLOWED_HOSTS={"append": cls.allowed_host}))
        cls._start_server_thread()

    @classmethod
    def _start_server_thread(cls) -> None:
        cls.server_thread = cls._create_server_thread()
        cls.server_thread.start()
        cls.addClassCleanup(cls._terminate_thread)
        cls.server_thread.is_ready.wait()
        if cls.server_thread.error:
            raise cls.server_thread.error

    @classmethod
    def _create_server_thread(cls) -> LiveServerThread:
        return cls.server_thread_class(cls.host, cls.static_handler, port=cls.port)

    @classmethod
    def _terminate_thread(cls) -> None:
        cls.server_thread.terminate()


__all__ = [
    "LiveServerTestCase",
    "LiveServerThread",
    "SimpleTestCase",
    "TestCase",
    "TransactionTestCase",
    "skipIfDBFeature",
    "skipUnlessAnyDBFeature",
    "skipUnlessDBFeature",
]

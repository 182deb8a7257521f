"""``ContentSecurityPolicyMiddleware`` through the WSGI and the ASGI edge."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpRequest, HttpResponse
from scallion.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from scallion.template.context_processors import csp
from scallion.test import RequestFactory, override_settings
from scallion.utils.csp import CSP
from tests.edges import Answer, open_edge

CSP_MIDDLEWARE = ["scallion.middleware.csp.ContentSecurityPolicyMiddleware"]
BASIC = {"default-src": [CSP.SELF]}
WITH_NONCE = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}
TEMPLATES = [
    {
        "NAME": engine,
        "BACKEND": backend,
        "DIRS": [str(Path(__file__).parent / "templates")],
        "OPTIONS": {"context_processors": ["scallion.template.context_processors.csp"]},
    }
    for engine, backend in (
        ("jinja2", "scallion.template.backends.jinja2.Jinja2"),
        ("django", "scallion.template.backends.django.DjangoTemplates"),
    )
]
ENFORCE = "content-security-policy"
REPORT_ONLY = "content-security-policy-report-only"

Get = Callable[..., Answer]


@pytest.fixture
def serve(edge: str) -> Iterator[Callable[..., Get]]:
    """``serve(**settings)`` -> a GET function through ``edge`` with the CSP middleware.

    Each call replaces the settings of the one before.
    """
    active: list[Any] = []

    def make(**overrides: Any) -> Get:
        while active:
            active.pop().disable()
        overrides.setdefault("MIDDLEWARE", CSP_MIDDLEWARE)
        overrides.setdefault("ROOT_URLCONF", "tests.middleware.csp_urls")
        overrides.setdefault("TEMPLATES", TEMPLATES)
        override = override_settings(**overrides)
        override.enable()
        active.append(override)
        return open_edge(edge)

    yield make
    while active:
        active.pop().disable()


def test_no_policy_no_header(serve: Callable[..., Get]) -> None:
    status, headers, _ = serve()("/plain/")
    assert status == 200
    assert ENFORCE not in headers and REPORT_ONLY not in headers
    _, headers, _ = serve(SECURE_CSP=None, SECURE_CSP_REPORT_ONLY=None)("/plain/")
    assert ENFORCE not in headers and REPORT_ONLY not in headers


def test_enforced_and_report_only_policies(serve: Callable[..., Get]) -> None:
    _, headers, _ = serve(SECURE_CSP=BASIC)("/plain/")
    assert headers[ENFORCE] == "default-src 'self'"
    assert REPORT_ONLY not in headers
    _, headers, _ = serve(SECURE_CSP_REPORT_ONLY=BASIC)("/plain/")
    assert headers[REPORT_ONLY] == "default-src 'self'"
    assert ENFORCE not in headers
    both = serve(SECURE_CSP=BASIC, SECURE_CSP_REPORT_ONLY={"img-src": ["data:"]})
    _, headers, _ = both("/plain/")
    assert headers[ENFORCE] == "default-src 'self'"
    assert headers[REPORT_ONLY] == "img-src data:"


@pytest.mark.parametrize("url", ["/nonce/", "/request-attribute/", "/async-nonce/"])
def test_a_used_nonce_is_in_the_header(serve: Callable[..., Get], url: str) -> None:
    get = serve(SECURE_CSP=WITH_NONCE, SECURE_CSP_REPORT_ONLY=WITH_NONCE)
    _, headers, body = get(url)
    nonce = body.decode()
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", nonce)
    expected = f"default-src 'self'; script-src 'self' 'nonce-{nonce}'"
    assert headers[ENFORCE] == expected
    assert headers[REPORT_ONLY] == expected
    # Each request gets its own.
    assert get(url)[2].decode() != nonce


def test_an_unused_nonce_is_left_out(serve: Callable[..., Get]) -> None:
    _, headers, _ = serve(SECURE_CSP=WITH_NONCE)("/plain/")
    assert headers[ENFORCE] == "default-src 'self'; script-src 'self'"


@pytest.mark.parametrize("engine", ["jinja2", "django"])
def test_templates_print_the_nonce_of_the_header(serve: Callable[..., Get], engine: str) -> None:
    _, headers, body = serve(SECURE_CSP=WITH_NONCE)(f"/page/{engine}/")
    match = re.search(rb'nonce="([^"]+)"', body)
    assert match is not None
    assert f"'nonce-{match.group(1).decode()}'" in headers[ENFORCE]


def test_the_context_processor_without_the_middleware_gives_none() -> None:
    assert csp(RequestFactory().get("/")) == {"csp_nonce": None}


def test_view_overrides(serve: Callable[..., Get]) -> None:
    get = serve(SECURE_CSP=BASIC, SECURE_CSP_REPORT_ONLY=BASIC)
    _, headers, _ = get("/enforced-off/")
    assert ENFORCE not in headers
    assert headers[REPORT_ONLY] == "default-src 'self'"
    _, headers, _ = get("/report-only-off/")
    assert headers[ENFORCE] == "default-src 'self'"
    assert REPORT_ONLY not in headers
    _, headers, _ = get("/both-overridden/")
    assert headers[ENFORCE] == headers[REPORT_ONLY] == "default-src 'self'; img-src 'self' data:"
    _, headers, body = get("/overridden-with-nonce/")
    assert headers[ENFORCE] == f"script-src 'nonce-{body.decode()}'"


def test_an_override_applies_without_a_setting(serve: Callable[..., Get]) -> None:
    _, headers, _ = serve()("/both-overridden/")
    assert headers[ENFORCE] == "default-src 'self'; img-src 'self' data:"


def test_a_header_the_view_set_is_kept(serve: Callable[..., Get]) -> None:
    _, headers, _ = serve(SECURE_CSP=BASIC, SECURE_CSP_REPORT_ONLY=BASIC)("/own-header/")
    assert headers[ENFORCE] == "default-src https:"
    assert headers[REPORT_ONLY] == "default-src 'self'"


def test_debug_pages_have_no_policy(serve: Callable[..., Get]) -> None:
    # They style themselves inline, which the policy would block.
    get = serve(SECURE_CSP=BASIC, SECURE_CSP_REPORT_ONLY=BASIC, DEBUG=True)
    status, headers, _ = get("/nowhere/")
    assert status == 404
    assert ENFORCE not in headers and REPORT_ONLY not in headers
    status, headers, _ = get("/boom/")
    assert status == 500
    assert ENFORCE not in headers and REPORT_ONLY not in headers


def test_error_pages_outside_debug_keep_the_policy(serve: Callable[..., Get]) -> None:
    status, headers, _ = serve(SECURE_CSP=BASIC)("/nowhere/")
    assert status == 404
    assert headers[ENFORCE] == "default-src 'self'"


def test_a_changed_setting_is_read_again(serve: Callable[..., Get]) -> None:
    get = serve(SECURE_CSP=BASIC)
    with override_settings(SECURE_CSP={"img-src": ["data:"]}):
        assert get("/plain/")[1][ENFORCE] == "img-src data:"
    assert get("/plain/")[1][ENFORCE] == "default-src 'self'"


@pytest.mark.parametrize("name", ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"])
@pytest.mark.parametrize("value", [["default-src 'self'"], "default-src 'self'", 1])
def test_a_policy_that_is_not_a_mapping_is_refused(name: str, value: Any) -> None:
    with override_settings(**{name: value}):
        with pytest.raises(ImproperlyConfigured, match=name):
            ContentSecurityPolicyMiddleware(lambda request: HttpResponse())


def test_get_nonce_without_the_middleware_is_none() -> None:
    assert get_nonce(RequestFactory().get("/")) is None


def test_the_nonce_is_made_only_when_read() -> None:
    seen: list[Any] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(get_nonce(request))
        return HttpResponse()

    with override_settings(SECURE_CSP=WITH_NONCE):
        ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))
    assert not seen[0]  # nothing printed it: never generated

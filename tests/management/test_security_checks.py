"""The security checks: Django's functions and IDs, and the ones scallion makes on every run."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.conf import settings
from scallion.core.checks import Tags, Warning, run_checks
from scallion.core.checks.security import base, csrf, sessions
from scallion.test import override_settings

SECURITY = "scallion.middleware.security.SecurityMiddleware"
XFRAME = "scallion.middleware.clickjacking.XFrameOptionsMiddleware"
CSRF = "scallion.middleware.csrf.CsrfViewMiddleware"
SESSION = "scallion.contrib.sessions.middleware.SessionMiddleware"
CSP_MIDDLEWARE = "scallion.middleware.csp.ContentSecurityPolicyMiddleware"
GOOD_KEY = "abcdefghijklmnopqrstuvwx" * 2 + "ab"


def ids(deploy: bool = False) -> list[str]:
    messages = run_checks(tags=[Tags.security], include_deployment_checks=deploy)
    return sorted(m.id or "" for m in messages)


@pytest.mark.parametrize(
    "check, overrides, expected",
    [
        (base.check_security_middleware, {"MIDDLEWARE": []}, [base.W001]),
        (base.check_security_middleware, {"MIDDLEWARE": [SECURITY]}, []),
        # A subclass of the middleware counts (matched by class name).
        (base.check_security_middleware, {"MIDDLEWARE": ["app.SecurityMiddleware"]}, []),
        (base.check_xframe_options_middleware, {"MIDDLEWARE": []}, [base.W002]),
        (base.check_xframe_options_middleware, {"MIDDLEWARE": [XFRAME]}, []),
        (base.check_sts, {"MIDDLEWARE": [SECURITY], "SECURE_HSTS_SECONDS": 0}, [base.W004]),
        (base.check_sts, {"MIDDLEWARE": [], "SECURE_HSTS_SECONDS": 0}, []),
        (base.check_sts, {"MIDDLEWARE": [SECURITY], "SECURE_HSTS_SECONDS": 60}, []),
        (
            base.check_sts_include_subdomains,
            {"MIDDLEWARE": [SECURITY], "SECURE_HSTS_SECONDS": 60},
            [base.W005],
        ),
        (
            base.check_sts_include_subdomains,
            {"MIDDLEWARE": [SECURITY], "SECURE_HSTS_SECONDS": None},
            [],
        ),
        (
            base.check_sts_include_subdomains,
            {
                "MIDDLEWARE": [SECURITY],
                "SECURE_HSTS_SECONDS": 60,
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
            },
            [],
        ),
        (
            base.check_sts_preload,
            {"MIDDLEWARE": [SECURITY], "SECURE_HSTS_SECONDS": 60},
            [base.W021],
        ),
        (
            base.check_sts_preload,
            {"MIDDLEWARE": [SECURITY], "SECURE_HSTS_SECONDS": 60, "SECURE_HSTS_PRELOAD": True},
            [],
        ),
        (
            base.check_content_type_nosniff,
            {"MIDDLEWARE": [SECURITY], "SECURE_CONTENT_TYPE_NOSNIFF": False},
            [base.W006],
        ),
        (base.check_content_type_nosniff, {"MIDDLEWARE": [SECURITY]}, []),
        (base.check_ssl_redirect, {"MIDDLEWARE": [SECURITY]}, [base.W008]),
        (
            base.check_ssl_redirect,
            {"MIDDLEWARE": [SECURITY], "SECURE_SSL_REDIRECT": True},
            [],
        ),
        (base.check_secret_key, {"SECRET_KEY": GOOD_KEY}, []),
        (base.check_secret_key, {"SECRET_KEY": GOOD_KEY[:-1]}, [base.W009]),
        (base.check_secret_key, {"SECRET_KEY": "abcd" * 20}, [base.W009]),
        (base.check_secret_key, {"SECRET_KEY": "scallion-insecure-" + GOOD_KEY}, [base.W009]),
        # The development key of a project started by Django's startproject, ported.
        (base.check_secret_key, {"SECRET_KEY": "django-insecure-" + GOOD_KEY}, [base.W009]),
        (base.check_secret_key, {"SECRET_KEY": None}, [base.W009]),
        (base.check_debug, {"DEBUG": True}, [base.W018]),
        (base.check_debug, {"DEBUG": False}, []),
        (
            base.check_xframe_deny,
            {"MIDDLEWARE": [XFRAME], "X_FRAME_OPTIONS": "SAMEORIGIN"},
            [base.W019],
        ),
        (base.check_xframe_deny, {"MIDDLEWARE": [], "X_FRAME_OPTIONS": "SAMEORIGIN"}, []),
        (base.check_allowed_hosts, {"ALLOWED_HOSTS": []}, [base.W020]),
        (base.check_allowed_hosts, {"ALLOWED_HOSTS": [".example.com"]}, []),
        (
            base.check_referrer_policy,
            {"MIDDLEWARE": [SECURITY], "SECURE_REFERRER_POLICY": None},
            [base.W022],
        ),
        (
            base.check_referrer_policy,
            {"MIDDLEWARE": [SECURITY], "SECURE_REFERRER_POLICY": "strict-origin, origin"},
            [],
        ),
        (
            base.check_referrer_policy,
            {"MIDDLEWARE": [SECURITY], "SECURE_REFERRER_POLICY": ("strict-origin", "nope")},
            [base.E023],
        ),
        (base.check_referrer_policy, {"MIDDLEWARE": [], "SECURE_REFERRER_POLICY": None}, []),
        (
            base.check_cross_origin_opener_policy,
            {"MIDDLEWARE": [SECURITY], "SECURE_CROSS_ORIGIN_OPENER_POLICY": "bad"},
            [base.E024],
        ),
        (
            base.check_cross_origin_opener_policy,
            {"MIDDLEWARE": [SECURITY], "SECURE_CROSS_ORIGIN_OPENER_POLICY": None},
            [],
        ),
        (csrf.check_csrf_middleware, {"MIDDLEWARE": []}, [csrf.W003]),
        (csrf.check_csrf_middleware, {"MIDDLEWARE": [CSRF]}, []),
        (csrf.check_csrf_cookie_secure, {"MIDDLEWARE": [CSRF]}, [csrf.W016]),
        (
            csrf.check_csrf_cookie_secure,
            {"MIDDLEWARE": [CSRF], "CSRF_COOKIE_SECURE": "1"},  # True, not truthy
            [csrf.W016],
        ),
        (
            csrf.check_csrf_cookie_secure,
            {"MIDDLEWARE": [CSRF], "CSRF_USE_SESSIONS": True},
            [],
        ),
        (csrf.check_csrf_cookie_secure, {"MIDDLEWARE": []}, []),
    ],
)
def test_django_checks(check: Any, overrides: dict[str, Any], expected: list[Any]) -> None:
    with override_settings(**overrides):
        assert check(None) == expected


def test_a_deleted_secret_key_and_fallbacks() -> None:
    with override_settings(SECRET_KEY=None, SECRET_KEY_FALLBACKS=None):
        del settings.SECRET_KEY
        del settings.SECRET_KEY_FALLBACKS
        assert base.check_secret_key(None) == [base.W009]
        assert base.check_secret_key_is_set(None) == [base.E001]
        assert base.check_secret_key_fallbacks(None) == [
            Warning(base.W025.msg % "SECRET_KEY_FALLBACKS", id="security.W025")
        ]


def test_weak_fallbacks_are_named_by_index() -> None:
    with override_settings(SECRET_KEY_FALLBACKS=[GOOD_KEY, "bad1", "bad2"]):
        messages = base.check_secret_key_fallbacks(None)
    assert [m.msg for m in messages] == [
        base.W025.msg % "SECRET_KEY_FALLBACKS[1]",
        base.W025.msg % "SECRET_KEY_FALLBACKS[2]",
    ]


@pytest.mark.parametrize(
    "apps, middleware, secure_warning, httponly_warning",
    [
        (["scallion.contrib.sessions"], [], sessions.W010, sessions.W013),
        (["django.contrib.sessions"], [], sessions.W010, sessions.W013),
        ([], [SESSION], sessions.W011, sessions.W014),
        (["scallion.contrib.sessions"], [SESSION], sessions.W012, sessions.W015),
    ],
)
def test_session_cookie_flags(
    apps: list[str],
    middleware: list[str],
    secure_warning: Any,
    httponly_warning: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if apps and apps[0].startswith("django."):
        # A project run with the django prefix aliased to scallion (as Django's own
        # test suite is): the app registry imports the entry, so give it the alias.
        import scallion.contrib.sessions

        monkeypatch.setitem(sys.modules, "django", types.ModuleType("django"))
        monkeypatch.setitem(sys.modules, "django.contrib", types.ModuleType("django.contrib"))
        monkeypatch.setitem(sys.modules, "django.contrib.sessions", scallion.contrib.sessions)
    with override_settings(
        INSTALLED_APPS=apps,
        MIDDLEWARE=middleware,
        SESSION_COOKIE_SECURE="1",  # only True silences the warning
        SESSION_COOKIE_HTTPONLY=False,
    ):
        assert sessions.check_session_cookie_secure(None) == [secure_warning]
        assert sessions.check_session_cookie_httponly(None) == [httponly_warning]
    with override_settings(
        INSTALLED_APPS=apps,
        MIDDLEWARE=middleware,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
    ):
        assert sessions.check_session_cookie_secure(None) == []
        assert sessions.check_session_cookie_httponly(None) == []
    with override_settings(INSTALLED_APPS=[], MIDDLEWARE=[], SESSION_COOKIE_SECURE=False):
        assert sessions.check_session_cookie_secure(None) == []


def failure_view_without_reason(request: Any) -> None:
    return None


def failure_view(request: Any, reason: str = "") -> None:
    return None


@pytest.mark.parametrize(
    "path, expected_id",
    [
        ("", "security.E102"),
        ("tests.management.no_such_module.view", "security.E102"),
        (f"{__name__}.failure_view_without_reason", "security.E101"),
        (f"{__name__}.failure_view", None),
        ("scallion.views.csrf.csrf_failure", None),
    ],
)
def test_csrf_failure_view(path: str, expected_id: str | None) -> None:
    with override_settings(CSRF_FAILURE_VIEW=path):
        messages = csrf.check_csrf_failure_view(None)
    assert [m.id for m in messages] == ([expected_id] if expected_id else [])
    if expected_id:
        assert f"'{path}'" in messages[0].msg


@pytest.mark.parametrize("name", ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"])
@pytest.mark.parametrize("value", [False, 0, "", "default-src 'self'", [], {"a"}])
def test_csp_settings_must_be_dicts(name: str, value: Any) -> None:
    with override_settings(**{name: value}):
        assert base.check_csp_settings(None) == [
            base.Error(base.E026.msg % (name, value), id="security.E026")
        ]
    with override_settings(**{name: {"default-src": ["'self'"]}}):
        assert base.check_csp_settings(None) == []
    with override_settings(**{name: None}):
        assert base.check_csp_settings(None) == []


NONCE = "<CSP_NONCE_SENTINEL>"


@pytest.fixture
def csp_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A ``scallion.utils.csp`` with the nonce placeholder, for the W027 tests."""
    module = types.ModuleType("scallion.utils.csp")
    module.CSP = types.SimpleNamespace(NONCE=NONCE)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scallion.utils.csp", module)
    yield


CSP_PROCESSOR_TEMPLATES = [
    {
        "BACKEND": "scallion.template.backends.jinja2.Jinja2",
        "OPTIONS": {"context_processors": ["scallion.template.context_processors.csp"]},
    }
]


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"SECURE_CSP": {"script-src": ["'self'", NONCE]}, "TEMPLATES": []}, [base.W027]),
        (
            {"SECURE_CSP_REPORT_ONLY": {"script-src": frozenset([NONCE])}, "TEMPLATES": []},
            [base.W027],
        ),
        ({"SECURE_CSP": {"script-src": NONCE}, "TEMPLATES": []}, [base.W027]),
        ({"SECURE_CSP": {"script-src": ["'self'"]}, "TEMPLATES": []}, []),
        ({"SECURE_CSP": {"upgrade-insecure-requests": True}, "TEMPLATES": []}, []),
        ({"SECURE_CSP": None, "TEMPLATES": []}, []),
        ({"SECURE_CSP": {"script-src": [NONCE]}, "TEMPLATES": CSP_PROCESSOR_TEMPLATES}, []),
        ({"SECURE_CSP": {"script-src": [NONCE]}, "TEMPLATES": [], "MIDDLEWARE": []}, []),
    ],
)
def test_csp_nonce_needs_the_context_processor(
    csp_module: None, overrides: dict[str, Any], expected: list[Any]
) -> None:
    with override_settings(**{"MIDDLEWARE": [CSP_MIDDLEWARE], **overrides}):
        assert base.check_csp_nonce_context_processor(None) == expected


# -- what scallion checks on every run, and how it meets --deploy --------------------------


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"SECRET_KEY": ""}, ["security.E001"]),
        ({"SECRET_KEY": "", "DEBUG": True}, ["security.E001"]),
        ({"SECRET_KEY": "short"}, ["security.W009"]),
        ({"SECRET_KEY": "short", "DEBUG": True}, []),
        ({"SECRET_KEY_FALLBACKS": [GOOD_KEY, "old"]}, ["security.W025"]),
        ({"ALLOWED_HOSTS": []}, ["security.W020"]),
        ({"ALLOWED_HOSTS": [], "DEBUG": True}, []),
        # Invalid header values are errors whether or not SecurityMiddleware is listed.
        ({"MIDDLEWARE": [], "SECURE_REFERRER_POLICY": "nope"}, ["security.E023"]),
        ({"MIDDLEWARE": [], "SECURE_CROSS_ORIGIN_OPENER_POLICY": "bad"}, ["security.E024"]),
        ({"SECURE_REFERRER_POLICY": None}, []),
    ],
)
def test_every_run(overrides: dict[str, Any], expected: list[str]) -> None:
    with override_settings(**overrides):
        assert ids() == expected


def test_deploy_reports_a_message_both_runs_find_once() -> None:
    with override_settings(
        SECRET_KEY="short",
        ALLOWED_HOSTS=[],
        MIDDLEWARE=[SECURITY],
        SECURE_REFERRER_POLICY="nope",
    ):
        found = ids(deploy=True)
    for ident in ("security.W009", "security.W020", "security.E023"):
        assert found.count(ident) == 1


def test_the_package_keeps_the_names_the_single_module_had() -> None:
    # Code written against scallion.core.checks.security before it became a package.
    from scallion.core.checks import security

    assert security.SECRET_KEY_INSECURE_PREFIX == base.SECRET_KEY_INSECURE_PREFIX
    assert security.is_weak_secret_key is base.is_weak_secret_key
    assert "same-origin" in security.COOP_VALUES

"""CsrfViewMiddleware: Django's algorithm, attacks included."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.handlers.base import BaseHandler
from scallion.http import HttpRequest
from scallion.middleware import csrf
from scallion.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_SESSION_KEY,
    REASON_BAD_ORIGIN,
    REASON_BAD_REFERER,
    REASON_CSRF_TOKEN_MISSING,
    REASON_INSECURE_REFERER,
    REASON_MALFORMED_REFERER,
    REASON_NO_CSRF_COOKIE,
    REASON_NO_REFERER,
    _mask_cipher_secret,
    _unmask_cipher_token,
    get_token,
)
from scallion.test import Client, RequestFactory, override_settings

from .conftest import MakeClient

CSRF = ["scallion.middleware.csrf.CsrfViewMiddleware"]
SESSION_CSRF = [
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.middleware.csrf.CsrfViewMiddleware",
]
URLS = "tests.middleware.csrf_urls"
SECRET = "a" * 22 + "B" * 10
OTHER_SECRET = "z" * 32


@pytest.fixture
def client(make_client: MakeClient) -> Client:
    return make_client(CSRF, enforce_csrf_checks=True, ROOT_URLCONF=URLS)


def with_cookie(client: Client, secret: str = SECRET) -> Client:
    client.cookies["csrftoken"] = secret
    return client


def reason_of(response: Any) -> str:
    return str(response.content.decode())


# -- tokens ----------------------------------------------------------------------


@given(st.text(alphabet=CSRF_ALLOWED_CHARS, min_size=32, max_size=32))
def test_mask_round_trip(secret: str) -> None:
    token = _mask_cipher_secret(secret)
    assert len(token) == 64
    assert set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret


def test_get_token_is_masked_and_fresh_each_time() -> None:
    request = RequestFactory().get("/")
    first, second = get_token(request), get_token(request)
    assert first != second
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_get_sets_cookie_with_settings(make_client: MakeClient) -> None:
    client = make_client(
        CSRF,
        ROOT_URLCONF=URLS,
        CSRF_COOKIE_NAME="xsrf",
        CSRF_COOKIE_AGE=123,
        CSRF_COOKIE_DOMAIN=".example.com",
        CSRF_COOKIE_PATH="/app/",
        CSRF_COOKIE_SECURE=True,
        CSRF_COOKIE_HTTPONLY=True,
        CSRF_COOKIE_SAMESITE="Strict",
    )
    response = client.get("/form/")
    morsel = response.cookies["xsrf"]
    assert len(morsel.value) == CSRF_SECRET_LENGTH
    assert _unmask_cipher_token(response.content.decode()) == morsel.value
    assert morsel["max-age"] == 123
    assert morsel["domain"] == ".example.com"
    assert morsel["path"] == "/app/"
    assert morsel["secure"] is True
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Strict"
    assert "Cookie" in response.headers["Vary"]


def test_no_cookie_unless_a_token_was_used(client: Client) -> None:
    response = client.get("/hello")
    assert "csrftoken" not in response.cookies


def test_existing_cookie_is_reused(client: Client) -> None:
    with_cookie(client)
    response = client.get("/form/")
    assert _unmask_cipher_token(response.content.decode()) == SECRET
    assert response.cookies["csrftoken"].value == SECRET


# -- accepted -------------------------------------------------------------------


def test_post_with_masked_token(client: Client) -> None:
    token = client.get("/form/").content.decode()
    response = client.post("/form/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert response.content == b"posted"


def test_post_with_unmasked_secret_as_token(client: Client) -> None:
    with_cookie(client)
    assert client.post("/form/", {"csrfmiddlewaretoken": SECRET}).status_code == 200


def test_token_in_header(client: Client) -> None:
    with_cookie(client)
    token = _mask_cipher_secret(SECRET)
    response = client.post("/token/", headers={"x-csrftoken": token})
    assert response.status_code == 200


@override_settings(CSRF_HEADER_NAME="HTTP_X_XSRF_TOKEN")
def test_custom_header_name(client: Client) -> None:
    with_cookie(client)
    token = _mask_cipher_secret(SECRET)
    assert client.post("/token/", headers={"x-xsrf-token": token}).status_code == 200
    assert client.post("/token/", headers={"x-csrftoken": token}).status_code == 403


def test_masked_cookie_from_older_clients_accepted(client: Client) -> None:
    with_cookie(client, _mask_cipher_secret(SECRET))
    assert client.post("/form/", {"csrfmiddlewaretoken": SECRET}).status_code == 200


@pytest.mark.parametrize("method", ["get", "head", "options", "trace"])
def test_safe_methods_need_no_token(client: Client, method: str) -> None:
    assert getattr(client, method)("/token/").status_code == 200


def test_exempt_view(client: Client) -> None:
    assert client.post("/exempt/").status_code == 200


def test_test_client_skips_checks_by_default(make_client: MakeClient) -> None:
    assert make_client(CSRF, ROOT_URLCONF=URLS).post("/form/").status_code == 200


# -- rejected -------------------------------------------------------------------


def test_no_cookie(client: Client) -> None:
    response = client.post("/form/", {"csrfmiddlewaretoken": _mask_cipher_secret(SECRET)})
    assert response.status_code == 403
    assert REASON_NO_CSRF_COOKIE in reason_of(response)


def test_missing_token(client: Client) -> None:
    with_cookie(client)
    response = client.post("/form/")
    assert response.status_code == 403
    assert REASON_CSRF_TOKEN_MISSING in reason_of(response)


def test_wrong_token(client: Client) -> None:
    with_cookie(client)
    token = _mask_cipher_secret(OTHER_SECRET)
    response = client.post("/form/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert "CSRF token from POST incorrect." in reason_of(response)


def test_token_from_another_session(make_client: MakeClient) -> None:
    victim = make_client(CSRF, enforce_csrf_checks=True, ROOT_URLCONF=URLS)
    attacker = Client(enforce_csrf_checks=True)
    attacker_token = attacker.get("/form/").content.decode()
    victim.get("/form/")  # the victim holds a cookie of their own
    response = victim.post("/form/", {"csrfmiddlewaretoken": attacker_token})
    assert response.status_code == 403
    assert "incorrect" in reason_of(response)


def test_wrong_token_in_header(client: Client) -> None:
    with_cookie(client)
    response = client.post("/token/", headers={"x-csrftoken": _mask_cipher_secret(OTHER_SECRET)})
    assert response.status_code == 403
    assert "CSRF token from the &#x27;X-Csrftoken&#x27; HTTP header incorrect." in reason_of(
        response
    )


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("short", "CSRF token from POST has incorrect length."),
        ("x" * 63, "CSRF token from POST has incorrect length."),
        ("!" * 64, "CSRF token from POST has invalid characters."),
        ("-" * 32, "CSRF token from POST has invalid characters."),
    ],
)
def test_malformed_token(client: Client, token: str, reason: str) -> None:
    with_cookie(client)
    response = client.post("/form/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert reason in reason_of(response)


@pytest.mark.parametrize(
    ("cookie", "reason"),
    [("tooshort", "CSRF cookie has incorrect length."), ("$" * 32, "has invalid characters")],
)
def test_malformed_cookie(client: Client, cookie: str, reason: str) -> None:
    with_cookie(client, cookie)
    response = client.post("/form/", {"csrfmiddlewaretoken": _mask_cipher_secret(SECRET)})
    assert response.status_code == 403
    assert reason in reason_of(response)


def test_malformed_cookie_replaced_on_get(client: Client) -> None:
    with_cookie(client, "bad")
    response = client.get("/hello")
    new_secret = response.cookies["csrftoken"].value
    assert len(new_secret) == CSRF_SECRET_LENGTH


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_unsafe_methods_checked(client: Client, method: str) -> None:
    with_cookie(client)
    assert getattr(client, method)("/token/").status_code == 403
    token = _mask_cipher_secret(SECRET)
    assert getattr(client, method)("/token/", headers={"x-csrftoken": token}).status_code == 200


# -- Origin ------------------------------------------------------------------------


def post_from(client: Client, secure: bool = False, **headers: str) -> Any:
    with_cookie(client)
    token = _mask_cipher_secret(SECRET)
    return client.post("/form/", {"csrfmiddlewaretoken": token}, secure=secure, headers=headers)


def test_same_origin_accepted(client: Client) -> None:
    assert post_from(client, origin="http://testserver").status_code == 200
    assert post_from(client, secure=True, origin="https://testserver").status_code == 200


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "null", "http://testserver.evil.example", "https://testserver"],
)
def test_bad_origin(client: Client, origin: str) -> None:
    response = post_from(client, origin=origin)
    assert response.status_code == 403
    assert (REASON_BAD_ORIGIN % origin).replace("&", "&amp;") in reason_of(response)


def test_https_request_rejects_http_origin(client: Client) -> None:
    assert post_from(client, secure=True, origin="http://testserver").status_code == 403


@override_settings(CSRF_TRUSTED_ORIGINS=["https://app.example.com", "https://*.trusted.example"])
@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("https://app.example.com", 200),
        ("http://app.example.com", 403),
        ("https://sub.trusted.example", 200),
        ("https://deep.sub.trusted.example", 200),
        ("http://sub.trusted.example", 403),
        ("https://trusted.example.evil", 403),
    ],
)
def test_trusted_origins(client: Client, origin: str, status: int) -> None:
    assert post_from(client, secure=True, origin=origin).status_code == status


def test_origin_with_disallowed_host(client: Client) -> None:
    response = post_from(client, origin="http://other.host", host="other.host")
    assert response.status_code in (400, 403)


def test_trusted_origin_without_scheme_is_a_clear_error(make_client: MakeClient) -> None:
    client = make_client(CSRF, ROOT_URLCONF=URLS, CSRF_TRUSTED_ORIGINS=["example.com"])
    with pytest.raises(ImproperlyConfigured, match=r"'https://example\.com'"):
        client.get("/hello")


# -- Referer (HTTPS, no Origin) ------------------------------------------------------


def test_https_without_referer(client: Client) -> None:
    response = post_from(client, secure=True)
    assert response.status_code == 403
    assert REASON_NO_REFERER in reason_of(response)


def test_http_without_referer_is_fine(client: Client) -> None:
    assert post_from(client).status_code == 200


@pytest.mark.parametrize("referer", ["https://testserver/page", "https://testserver"])
def test_same_host_referer(client: Client, referer: str) -> None:
    assert post_from(client, secure=True, referer=referer).status_code == 200


@pytest.mark.parametrize(
    ("referer", "reason"),
    [
        ("http://testserver/page", REASON_INSECURE_REFERER),
        ("https://evil.example/page", REASON_BAD_REFERER % "https://evil.example/page"),
        ("https://testserver.evil.example/", "does not match any trusted origins"),
        ("//testserver/page", REASON_MALFORMED_REFERER),
        ("https://", REASON_MALFORMED_REFERER),
        ("https://[", REASON_MALFORMED_REFERER),
        ("not a url", REASON_MALFORMED_REFERER),
    ],
)
def test_bad_referer(client: Client, referer: str, reason: str) -> None:
    response = post_from(client, secure=True, referer=referer)
    assert response.status_code == 403
    assert reason in reason_of(response)


@override_settings(CSRF_TRUSTED_ORIGINS=["https://*.example.com", "https://partner.example"])
@pytest.mark.parametrize(
    ("referer", "status"),
    [
        ("https://a.example.com/x", 200),
        ("https://partner.example/x", 200),
        ("https://partner.example.evil/x", 403),
    ],
)
def test_trusted_referers(client: Client, referer: str, status: int) -> None:
    assert post_from(client, secure=True, referer=referer).status_code == status


@override_settings(CSRF_COOKIE_DOMAIN=".example.com", ALLOWED_HOSTS=["*"])
def test_referer_matches_cookie_domain(client: Client) -> None:
    headers = {"host": "www.example.com"}
    ok = post_from(client, secure=True, referer="https://other.example.com/", **headers)
    assert ok.status_code == 200
    bad = post_from(client, secure=True, referer="https://example.org/", **headers)
    assert bad.status_code == 403


@override_settings(CSRF_COOKIE_DOMAIN=".example.com", ALLOWED_HOSTS=["*"])
def test_referer_cookie_domain_with_port(client: Client) -> None:
    with_cookie(client)
    token = _mask_cipher_secret(SECRET)
    response = client.post(
        "/form/",
        {"csrfmiddlewaretoken": token},
        secure=True,
        headers={"host": "www.example.com:4443", "referer": "https://a.example.com:4443/"},
        SERVER_PORT="4443",
    )
    assert response.status_code == 200


# -- sessions ------------------------------------------------------------------------


def test_use_sessions(make_client: MakeClient) -> None:
    client = make_client(
        SESSION_CSRF, enforce_csrf_checks=True, ROOT_URLCONF=URLS, CSRF_USE_SESSIONS=True
    )
    response = client.get("/form/")
    assert "csrftoken" not in response.cookies
    token = response.content.decode()
    assert client.session[CSRF_SESSION_KEY] == _unmask_cipher_token(token)
    assert client.post("/form/", {"csrfmiddlewaretoken": token}).status_code == 200
    other = Client(enforce_csrf_checks=True)
    assert other.post("/form/", {"csrfmiddlewaretoken": token}).status_code == 403


def test_use_sessions_needs_session_middleware(make_client: MakeClient) -> None:
    client = make_client(CSRF, ROOT_URLCONF=URLS, CSRF_USE_SESSIONS=True)
    with pytest.raises(ImproperlyConfigured, match="SessionMiddleware must appear before"):
        client.get("/hello")


# -- rotation, failure view, logging -------------------------------------------------


def test_rotate_token(client: Client) -> None:
    with_cookie(client)
    response = client.get("/rotate/")
    new_secret = response.cookies["csrftoken"].value
    assert new_secret != SECRET
    old_token = _mask_cipher_secret(SECRET)
    assert client.post("/form/", {"csrfmiddlewaretoken": old_token}).status_code == 403


def test_custom_failure_view(make_client: MakeClient) -> None:
    client = make_client(
        CSRF,
        enforce_csrf_checks=True,
        ROOT_URLCONF=URLS,
        CSRF_FAILURE_VIEW="tests.middleware.csrf_urls.custom_failure",
    )
    response = client.post("/form/")
    assert response.status_code == 403
    assert response.content == f"custom: {REASON_NO_CSRF_COOKIE}".encode()


def test_failure_logged(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.security.csrf"):
        client.post("/form/")
    records = [r for r in caplog.records if r.name == "scallion.security.csrf"]
    assert len(records) == 1
    assert records[0].getMessage() == f"Forbidden ({REASON_NO_CSRF_COOKIE}): /form/"
    assert records[0].status_code == 403  # type: ignore[attr-defined]


def test_failure_page_debug_and_production(client: Client) -> None:
    production = client.post("/form/")
    assert b"CSRF verification failed" in production.content
    assert b"Help" not in production.content
    with override_settings(DEBUG=True):
        debug = client.post("/form/")
    assert b"CSRF_FAILURE_VIEW" in debug.content
    assert REASON_NO_CSRF_COOKIE.encode() in debug.content
    # The advice must work in scallion's (Jinja2) templates: {% csrf_token %} is a
    # Django-template tag and a syntax error in Jinja2.
    assert b"<code>{{ csrf_input }}</code>" in debug.content
    assert b"csrf_token %}" not in debug.content


def test_a_project_403_csrf_template_replaces_the_page(client: Client, tmp_path: Any) -> None:
    (tmp_path / "403_csrf.html").write_text("Ours: {{ request.path }}")
    with override_settings(TEMPLATES=[{"DIRS": [str(tmp_path)]}]):
        response = client.post("/form/")
    assert response.status_code == 403
    assert response.content == b"Ours: /form/"


def test_a_missing_custom_failure_template_is_an_error() -> None:
    from scallion.template import TemplateDoesNotExist
    from scallion.views.csrf import csrf_failure

    with pytest.raises(TemplateDoesNotExist):
        csrf_failure(RequestFactory().post("/"), template_name="nonexistent.html")


def test_the_no_referer_page_explains_the_referrer_policy(client: Client) -> None:
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        text = client.post("/form/", headers={"x-forwarded-proto": "https"}).content.decode()
    assert "requires a “Referer header” to be sent" in text
    assert "“Referrer-Policy: no-referrer” header, please remove them." in text


# -- decorators ----------------------------------------------------------------------


@pytest.fixture
def bare_client(make_client: MakeClient) -> Client:
    """No CSRF middleware: only the decorators act."""
    return make_client([], enforce_csrf_checks=True, ROOT_URLCONF=URLS)


def test_csrf_protect(bare_client: Client) -> None:
    assert bare_client.post("/protected/").status_code == 403
    page = bare_client.get("/protected/")
    token = page.content.decode().split()[1]
    assert "csrftoken" in page.cookies
    assert bare_client.post("/protected/", {"csrfmiddlewaretoken": token}).status_code == 200
    # Without the middleware, nothing checks undecorated views.
    assert bare_client.post("/form/").status_code == 200


def test_csrf_exempt_outside_protect_still_checks(bare_client: Client) -> None:
    # As in Django: the inner csrf_protect checks the undecorated view.
    assert bare_client.post("/exempt-protected/").status_code == 403


def test_requires_csrf_token(bare_client: Client) -> None:
    response = bare_client.post("/needs-token/")
    assert response.status_code == 200
    assert len(response.content) == 64
    assert "csrftoken" in response.cookies


def test_ensure_csrf_cookie(bare_client: Client) -> None:
    response = bare_client.get("/with-cookie/")
    assert len(response.cookies["csrftoken"].value) == CSRF_SECRET_LENGTH
    assert bare_client.post("/with-cookie/").status_code == 200


def test_decorator_inside_middleware_checks_once(client: Client) -> None:
    token = client.get("/protected/").content.decode().split()[1]
    response = client.post("/protected/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert str(response.cookies["csrftoken"]).count("csrftoken=") == 1


def test_csrf_protect_async_view() -> None:
    from scallion.http import HttpResponse
    from scallion.views.decorators.csrf import csrf_protect

    @csrf_protect
    async def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    request = RequestFactory().post("/")
    response = asyncio.run(view(request))
    assert response.status_code == 403


# -- async handler ----------------------------------------------------------------------


def test_async_chain() -> None:
    with override_settings(MIDDLEWARE=CSRF, ROOT_URLCONF=URLS):
        handler = BaseHandler()
        handler.load_middleware(is_async=True)
        rf = RequestFactory()
        page = asyncio.run(handler.get_response_async(rf.get("/form/")))
        secret = page.cookies["csrftoken"].value
        rf.cookies["csrftoken"] = secret
        rejected = asyncio.run(handler.get_response_async(rf.post("/form/")))
        assert rejected.status_code == 403
        token = page.content.decode()  # type: ignore[attr-defined]
        accepted = asyncio.run(
            handler.get_response_async(rf.post("/form/", {"csrfmiddlewaretoken": token}))
        )
        assert accepted.status_code == 200


def test_reasons_are_djangos() -> None:
    assert csrf.REASON_NO_CSRF_COOKIE == "CSRF cookie not set."
    assert csrf.REASON_CSRF_TOKEN_MISSING == "CSRF token missing."


def test_token_match_refuses_a_token_of_the_wrong_length() -> None:
    # Callers check the format first; one that did not fails loudly (under -O too).
    secret = csrf._get_new_csrf_string()
    assert csrf._does_token_match(secret, secret)
    assert csrf._does_token_match(csrf._mask_cipher_secret(secret), secret)
    for wrong in ("a" * 16, "a" * 33, ""):
        with pytest.raises(AssertionError, match="_check_token_format"):
            csrf._does_token_match(wrong, secret)


def test_the_context_processor_token_acts_as_text() -> None:
    from scallion.template.context_processors import csrf as csrf_processor

    request = RequestFactory().get("/")
    secret = "a" * csrf.CSRF_SECRET_LENGTH
    request.META["CSRF_COOKIE"] = secret
    token = csrf_processor(request)["csrf_token"]
    assert len(token) == csrf.CSRF_TOKEN_LENGTH
    assert set(token) <= set(csrf.CSRF_ALLOWED_CHARS)
    assert token[:4] == str(token)[:4]
    assert str(token)[0] in token
    assert csrf._unmask_cipher_token(token) == secret

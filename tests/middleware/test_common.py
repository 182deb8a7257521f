from __future__ import annotations

import re

import pytest

from scallion.core.exceptions import DisallowedHost, PermissionDenied
from scallion.http import HttpRequest, HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from scallion.middleware.common import CommonMiddleware
from scallion.test import RequestFactory, override_settings

from .conftest import MakeClient

rf = RequestFactory()
COMMON = ["scallion.middleware.common.CommonMiddleware"]


def test_append_slash_redirects_to_matching_url(make_client: MakeClient) -> None:
    client = make_client(COMMON)
    response = client.get("/slashed", {"a": "1"})
    assert response.status_code == 301
    assert response.headers["Location"] == "/slashed/?a=1"


def test_append_slash_leaves_existing_and_unknown_urls(make_client: MakeClient) -> None:
    client = make_client(COMMON)
    assert client.get("/hello").status_code == 200
    assert client.get("/nowhere").status_code == 404


def test_append_slash_off(make_client: MakeClient) -> None:
    client = make_client(COMMON, APPEND_SLASH=False)
    assert client.get("/slashed").status_code == 404


def test_view_can_refuse_the_slash_redirect(make_client: MakeClient) -> None:
    assert make_client(COMMON).get("/noappend").status_code == 404


def test_append_slash_escapes_leading_slashes(make_client: MakeClient) -> None:
    # "//evil.example/..." must not become a protocol-relative redirect.
    response = make_client(COMMON).get("////evil.example/security")
    assert response.status_code == 301
    location = response.headers["Location"]
    assert location.startswith("/%2F")
    assert location.endswith("evil.example/security/")


def test_head_is_redirected(make_client: MakeClient) -> None:
    response = make_client(COMMON).head("/slashed")
    assert response.status_code == 301
    assert response.headers["Location"] == "/slashed/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_other_methods_get_the_404_without_debug(make_client: MakeClient, method: str) -> None:
    # A redirect would make the client drop the body: scallion answers 404 instead
    # (Django redirects outside DEBUG).
    response = getattr(make_client(COMMON), method)("/slashed")
    assert response.status_code == 404
    assert "Location" not in response.headers


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_body_methods_in_debug_explain(make_client: MakeClient, method: str) -> None:
    client = make_client(COMMON, DEBUG=True)
    with pytest.raises(RuntimeError, match="APPEND_SLASH") as info:
        getattr(client, method)("/slashed")
    assert "/slashed/" in str(info.value)
    assert method.upper() in str(info.value)


def test_options_in_debug_is_a_plain_404(make_client: MakeClient) -> None:
    assert make_client(COMMON, DEBUG=True).options("/slashed").status_code == 404


@pytest.mark.parametrize("method", ["post", "delete"])
def test_body_methods_to_unknown_urls_do_not_raise_in_debug(
    make_client: MakeClient, method: str
) -> None:
    # Only a URL that would match with the slash explains; others are plain 404s.
    assert getattr(make_client(COMMON, DEBUG=True), method)("/nowhere").status_code == 404


@override_settings(DISALLOWED_USER_AGENTS=[re.compile(r"badbot")])
def test_disallowed_user_agent() -> None:
    middleware = CommonMiddleware(lambda r: HttpResponse())
    with pytest.raises(PermissionDenied):
        middleware(rf.get("/", HTTP_USER_AGENT="a badbot/1.0"))
    assert middleware(rf.get("/", HTTP_USER_AGENT="Firefox")).status_code == 200


def test_disallowed_user_agent_is_403(make_client: MakeClient) -> None:
    client = make_client(COMMON, DISALLOWED_USER_AGENTS=[re.compile("curl")])
    assert client.get("/hello", headers={"user-agent": "curl/8"}).status_code == 403


@override_settings(PREPEND_WWW=True, ALLOWED_HOSTS=["*"])
def test_prepend_www() -> None:
    middleware = CommonMiddleware(lambda r: HttpResponse())
    response = middleware(rf.get("/path/?q=1", HTTP_HOST="example.com"))
    assert response.status_code == 301
    assert response.headers["Location"] == "http://www.example.com/path/?q=1"
    assert middleware(rf.get("/", HTTP_HOST="www.example.com")).status_code == 200


def test_prepend_www_and_append_slash(make_client: MakeClient) -> None:
    client = make_client(COMMON, PREPEND_WWW=True, ALLOWED_HOSTS=["*"])
    response = client.get("/slashed", headers={"host": "example.com"})
    assert response.headers["Location"] == "http://www.example.com/slashed/"


def test_content_length_added() -> None:
    response = CommonMiddleware(lambda r: HttpResponse(b"12345"))(rf.get("/"))
    assert response.headers["Content-Length"] == "5"


def test_content_length_kept_and_not_added_to_streams() -> None:
    def preset(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"abc")
        response.headers["Content-Length"] = "3"
        return response

    assert CommonMiddleware(preset)(rf.get("/")).headers["Content-Length"] == "3"
    streaming = CommonMiddleware(lambda r: StreamingHttpResponse([b"a"]))(rf.get("/"))
    assert "Content-Length" not in streaming.headers


def test_non_404_is_not_redirected() -> None:
    with override_settings(ROOT_URLCONF="tests.middleware.urls"):
        response = CommonMiddleware(lambda r: HttpResponse(status=410))(rf.get("/slashed"))
        assert response.status_code == 410
        found = CommonMiddleware(lambda r: HttpResponseNotFound())(rf.get("/slashed"))
        assert found.status_code == 301


def test_default_settings_only_check_the_host() -> None:
    # PERF: stack. With the defaults the request hook is the host check alone.
    middleware = CommonMiddleware(lambda r: HttpResponse())
    assert middleware._process_request == CommonMiddleware.check_host
    with override_settings(ALLOWED_HOSTS=["example.com"]):
        with pytest.raises(DisallowedHost):
            middleware(rf.get("/", HTTP_HOST="evil.com"))
        assert middleware(rf.get("/", HTTP_HOST="example.com")).status_code == 200


def test_lower_case_content_length_kept() -> None:
    def preset(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"abc")
        response.headers["content-length"] = "3"
        return response

    headers = CommonMiddleware(preset)(rf.get("/")).headers
    assert [name for name in headers if name.lower() == "content-length"] == ["content-length"]

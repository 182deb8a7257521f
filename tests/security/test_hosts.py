"""The host of every request is checked against ALLOWED_HOSTS, where Django checks it."""

from __future__ import annotations

import pytest

from scallion.core.trace import ring
from scallion.http.hosts import accepted_hosts
from tests.http.hostile.edges import Request

from .conftest import Serve


def hello(host: str, path: str = "/", query: str = "", **environ: str) -> Request:
    return Request("host", 0, path=path, query=query, environ={"HTTP_HOST": host, **environ})


@pytest.mark.parametrize(
    "host",
    [
        "evil.com",
        "example.com\n",
        "example.com\r\nX-Injected: 1",
        "example.com.evil.com",
        "example.com@evil.com",
        "evil.com#example.com",
        "",
    ],
)
def test_default_middleware_refuses_a_host_not_allowed(
    serve: Serve, quiet_logs: None, host: str
) -> None:
    answer = serve(hello(host), ALLOWED_HOSTS=["example.com"])
    assert answer.status == 400
    assert b"hello" not in answer.content


@pytest.mark.parametrize("host", ["example.com", "EXAMPLE.COM", "example.com:8000", "example.com."])
def test_default_middleware_serves_an_allowed_host(serve: Serve, host: str) -> None:
    answer = serve(hello(host), ALLOWED_HOSTS=["example.com"])
    assert (answer.status, answer.content) == (200, b"hello")


def test_common_middleware_alone_checks_the_host(serve: Serve, quiet_logs: None) -> None:
    common = ["scallion.middleware.common.CommonMiddleware"]
    assert serve(hello("evil.com"), MIDDLEWARE=common).status == 400
    assert serve(hello("testserver"), MIDDLEWARE=common).status == 200


def test_no_middleware_no_check_as_in_django(serve: Serve) -> None:
    # Django validates the host where it is used (CommonMiddleware, CSRF,
    # redirects, absolute URIs); a view that reads none of them answers.
    assert serve(hello("evil.com"), MIDDLEWARE=[]).status == 200


def test_an_accepted_host_is_refused_once_allowed_hosts_changes(
    serve: Serve, quiet_logs: None
) -> None:
    assert serve(hello("example.com"), ALLOWED_HOSTS=["example.com"]).status == 200
    assert serve(hello("example.com"), ALLOWED_HOSTS=["other.example"]).status == 400
    # DEBUG's localhost default applies only while DEBUG is on.
    assert serve(hello("localhost"), ALLOWED_HOSTS=[], DEBUG=True).status == 200
    assert serve(hello("localhost"), ALLOWED_HOSTS=[], DEBUG=False).status == 400


def test_editing_allowed_hosts_in_place_is_seen(serve: Serve, quiet_logs: None) -> None:
    allowed = ["example.com", "old.example"]
    assert serve(hello("old.example"), ALLOWED_HOSTS=allowed).status == 200
    allowed.remove("old.example")
    assert serve(hello("old.example"), ALLOWED_HOSTS=allowed).status == 400


def test_many_distinct_hosts_keep_the_memo_bounded(serve: Serve) -> None:
    for i in range(accepted_hosts.max_size + 10):
        accepted_hosts.add(f"h{i}.example.com")
    assert len(accepted_hosts.hosts) <= accepted_hosts.max_size
    assert serve(hello("new.example.com"), ALLOWED_HOSTS=[".example.com"]).status == 200


def test_forwarded_host_is_checked_when_trusted(serve: Serve, quiet_logs: None) -> None:
    forwarded = hello("testserver", HTTP_X_FORWARDED_HOST="evil.com")
    assert serve(forwarded).status == 200  # not trusted: the Host header counts
    assert serve(forwarded, USE_X_FORWARDED_HOST=True).status == 400


def test_ssl_redirect_never_goes_to_a_host_not_allowed(serve: Serve, quiet_logs: None) -> None:
    ssl = {"SECURE_SSL_REDIRECT": True}
    assert serve(hello("evil.com"), **ssl).status == 400
    answer = serve(hello("testserver"), **ssl)
    assert (answer.status, answer.header("Location")) == (301, "https://testserver/")


def test_banned_user_agent_is_refused(serve: Serve, quiet_logs: None) -> None:
    import re

    banned = {"DISALLOWED_USER_AGENTS": [re.compile(r"BadBot")]}
    assert serve(hello("testserver", HTTP_USER_AGENT="BadBot/1.0"), **banned).status == 403
    assert serve(hello("testserver", HTTP_USER_AGENT="Browser/1.0"), **banned).status == 200


TRACE = {
    "DEBUG": True,
    "TRACE_REQUESTS": True,
    "ALLOWED_HOSTS": [],
    "MIDDLEWARE": [],
    "TEMPLATES": [],
}


@pytest.mark.parametrize("path", ["/__scallion__/requests/", "/__scallion__/requests/1/"])
def test_trace_pages_refuse_a_rebound_host(serve: Serve, quiet_logs: None, path: str) -> None:
    ring.clear()
    try:
        assert serve(hello("localhost", "/", "secret-query=1"), **TRACE).status == 200
        answer = serve(hello("evil.com", path, HTTP_ACCEPT="application/json"), **TRACE)
        assert answer.status == 400
        assert b"secret-query" not in answer.content
        listing = serve(hello("localhost:8000", "/__scallion__/requests/"), **TRACE)
        assert listing.status == 200 and b"secret-query" in listing.content
    finally:
        ring.clear()

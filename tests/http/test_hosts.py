"""ALLOWED_HOSTS matching, forwarded host/port and the proxy SSL header (Django's rules)."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.core.exceptions import DisallowedHost, ImproperlyConfigured, SuspiciousOperation
from scallion.http import HttpRequest
from scallion.http.request import split_domain_port, validate_host
from scallion.test import override_settings


class EdgeRequest(HttpRequest):
    """A request as an interface edge builds it: META filled, scheme from the server."""

    def __init__(self, scheme: str = "http", **meta: Any) -> None:
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = "/"
        self._scheme = scheme
        self.META.update({"SERVER_NAME": "internal", "SERVER_PORT": "80", **meta})

    def _get_scheme(self) -> str:
        return self._scheme


@pytest.mark.parametrize(
    ("host", "allowed", "ok"),
    [
        ("example.com", ["example.com"], True),
        ("EXAMPLE.com", ["example.com"], True),
        ("example.com", ["EXAMPLE.COM"], True),
        ("example.com.", ["example.com"], True),  # trailing dot
        ("example.com:8080", ["example.com"], True),  # ports are ignored
        ("www.example.com", ["example.com"], False),
        ("www.example.com", [".example.com"], True),
        ("a.b.example.com", [".example.com"], True),
        ("example.com", [".example.com"], True),
        ("badexample.com", [".example.com"], False),
        ("example.com.evil.com", [".example.com"], False),
        ("anything.test", ["*"], True),
        ("[::1]", ["[::1]"], True),
        ("[::1]:8000", ["[::1]"], True),
        ("[2001:db8::1]", ["[2001:db8::1]"], True),
        ("[2001:db8::2]", ["[2001:db8::1]"], False),
        ("127.0.0.1:8000", ["127.0.0.1"], True),
        ("example.com", [], False),
        ("example.com", [""], False),
    ],
)
def test_allowed_hosts(host: str, allowed: list[str], ok: bool) -> None:
    with override_settings(ALLOWED_HOSTS=allowed, DEBUG=False):
        request = EdgeRequest(HTTP_HOST=host)
        if ok:
            assert request.get_host() == host
        else:
            with pytest.raises(DisallowedHost, match="ALLOWED_HOSTS"):
                request.get_host()


@pytest.mark.parametrize(
    "host",
    [
        "example.com@evil.com",
        "example.com:80@evil.com",
        "example.com/evil",
        "example.com\\evil",
        "exa mple.com",
        "example.com:abc",
        "[::1",
        "[:::]:1]",
        "exam\x00ple.com",
        "example.com\r\nX: y",
        "example.com\n",
        "",
        "-" * 10_000 + ":a",
    ],
)
def test_malformed_hosts_refused_even_with_wildcard(host: str) -> None:
    with override_settings(ALLOWED_HOSTS=["*"]):
        with pytest.raises(DisallowedHost, match="not valid") as info:
            EdgeRequest(HTTP_HOST=host).get_host()
    assert issubclass(info.type, SuspiciousOperation)  # answered as a 400


def test_disallowed_host_message_names_the_fix() -> None:
    with override_settings(ALLOWED_HOSTS=["example.com"]):
        with pytest.raises(DisallowedHost) as info:
            EdgeRequest(HTTP_HOST="other.com").get_host()
    assert "You may need to add 'other.com' to ALLOWED_HOSTS." in str(info.value)


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("localhost", True),
        ("localhost:8000", True),
        ("sub.localhost", True),
        ("127.0.0.1", True),
        ("[::1]", True),
        ("example.com", False),
    ],
)
def test_debug_localhost_default(host: str, ok: bool) -> None:
    with override_settings(ALLOWED_HOSTS=[], DEBUG=True):
        request = EdgeRequest(HTTP_HOST=host)
        if ok:
            assert request.get_host() == host
        else:
            with pytest.raises(DisallowedHost):
                request.get_host()


def test_debug_default_only_when_allowed_hosts_empty() -> None:
    with override_settings(ALLOWED_HOSTS=["example.com"], DEBUG=True):
        with pytest.raises(DisallowedHost):
            EdgeRequest(HTTP_HOST="localhost").get_host()


def test_no_host_header_uses_server_name_and_port() -> None:
    with override_settings(ALLOWED_HOSTS=["internal"]):
        assert EdgeRequest().get_host() == "internal"
        assert EdgeRequest(SERVER_PORT="8000").get_host() == "internal:8000"
        assert EdgeRequest("https", SERVER_PORT="443").get_host() == "internal"
        assert EdgeRequest("https", SERVER_PORT="80").get_host() == "internal:80"


def test_x_forwarded_host_ignored_by_default() -> None:
    with override_settings(ALLOWED_HOSTS=["example.com", "proxy.example"]):
        request = EdgeRequest(HTTP_HOST="example.com", HTTP_X_FORWARDED_HOST="proxy.example")
        assert request.get_host() == "example.com"


def test_x_forwarded_host_used_when_enabled() -> None:
    with override_settings(
        ALLOWED_HOSTS=["example.com", "public.example"], USE_X_FORWARDED_HOST=True
    ):
        request = EdgeRequest(HTTP_HOST="example.com", HTTP_X_FORWARDED_HOST="public.example")
        assert request.get_host() == "public.example"
        # Several proxies: the last one added is the one this server trusts.
        chained = EdgeRequest(
            HTTP_HOST="example.com", HTTP_X_FORWARDED_HOST="spoofed.example, public.example"
        )
        assert chained.get_host() == "public.example"
        with pytest.raises(DisallowedHost):
            EdgeRequest(HTTP_X_FORWARDED_HOST="evil.example").get_host()


def test_x_forwarded_port() -> None:
    meta = {"SERVER_PORT": "8000", "HTTP_X_FORWARDED_PORT": "8443"}
    assert EdgeRequest(**meta).get_port() == "8000"
    with override_settings(USE_X_FORWARDED_PORT=True):
        assert EdgeRequest(**meta).get_port() == "8443"
        with override_settings(ALLOWED_HOSTS=["internal"]):
            assert EdgeRequest(**meta).get_host() == "internal:8443"


def test_secure_proxy_ssl_header() -> None:
    header = ("HTTP_X_FORWARDED_PROTO", "https")
    assert not EdgeRequest(HTTP_X_FORWARDED_PROTO="https").is_secure()  # not trusted
    with override_settings(SECURE_PROXY_SSL_HEADER=header):
        assert EdgeRequest(HTTP_X_FORWARDED_PROTO="https").is_secure()
        assert EdgeRequest(HTTP_X_FORWARDED_PROTO="https, http").scheme == "https"
        assert EdgeRequest(HTTP_X_FORWARDED_PROTO=" https ").scheme == "https"
        assert EdgeRequest(HTTP_X_FORWARDED_PROTO="http").scheme == "http"
        # The proxy header overrides what the server saw, both ways.
        assert EdgeRequest("https", HTTP_X_FORWARDED_PROTO="http").scheme == "http"
        # Without the header, the server's scheme is used.
        assert EdgeRequest("https").scheme == "https"
        assert EdgeRequest().scheme == "http"


def test_secure_proxy_ssl_header_misconfigured() -> None:
    with override_settings(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"):
        with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
            EdgeRequest(HTTP_X_FORWARDED_PROTO="https").scheme  # noqa: B018


def test_build_absolute_uri_uses_validated_host_and_scheme() -> None:
    with override_settings(
        ALLOWED_HOSTS=["example.com"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        request = EdgeRequest(HTTP_HOST="example.com", HTTP_X_FORWARDED_PROTO="https")
        assert request.build_absolute_uri("/a?b=1") == "https://example.com/a?b=1"
        with pytest.raises(DisallowedHost):
            EdgeRequest(HTTP_HOST="evil.com").build_absolute_uri("/")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("example.com", ("example.com", "")),
        ("Example.COM:8080", ("example.com", "8080")),
        ("[::1]:80", ("[::1]", "80")),
        ("[::1]", ("[::1]", "")),
        ("example.com.", ("example.com", "")),
        ("bad host", ("", "")),
        ("[::1", ("", "")),
        # A full match: "$" alone would accept a trailing newline.
        ("example.com\n", ("", "")),
        ("example.com:80\n", ("", "")),
        ("[::1]\n", ("", "")),
    ],
)
def test_split_domain_port(host: str, expected: tuple[str, str]) -> None:
    assert split_domain_port(host) == expected


def test_validate_host_helper() -> None:
    assert validate_host("a.example.com", [".example.com"])
    assert not validate_host("example.org", ["example.com"])
    assert validate_host("anything", ["*"])


@pytest.mark.parametrize("allowed", [["example.com"], ("example.com",)])
def test_accepted_hosts_memo_follows_the_settings(allowed: Any) -> None:
    from scallion.http.hosts import accepted_hosts

    with override_settings(ALLOWED_HOSTS=allowed, DEBUG=False):
        assert EdgeRequest(HTTP_HOST="example.com").get_host() == "example.com"
        assert "example.com" in accepted_hosts  # a list or a tuple: remembered
        with override_settings(DEBUG=True):
            assert "example.com" not in accepted_hosts  # another DEBUG: not this memo
    assert "example.com" not in accepted_hosts  # other ALLOWED_HOSTS
    with override_settings(ALLOWED_HOSTS=["other.example"]):
        with pytest.raises(DisallowedHost):
            EdgeRequest(HTTP_HOST="example.com").get_host()

"""Redirect targets from the client: only this host, whatever precedes "//evil.com"."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.http.hostile.edges import Request

from .conftest import Serve


def login_redirect(target: str) -> Request:
    return Request("next", 302, path="/next/", query="next=" + quote(target, safe=""))


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com/",
        "\x7f//evil.com/",
        "\u200b//evil.com/",
        "\ufeff//evil.com/",
        "\u180e//evil.com/",
        "\x01//evil.com/",
        "\\\\evil.com/",
        "/\\evil.com/",
        "https://evil.com/",
        "http://testserver@evil.com/",
        "javascript:alert(1)",
    ],
)
def test_redirect_to_another_host_is_refused(serve: Serve, target: str) -> None:
    answer = serve(login_redirect(target))
    assert answer.status == 302
    assert answer.header("Location") == "/"


@pytest.mark.parametrize("target", ["/account/", "http://testserver/account/", "account/?a=1"])
def test_redirect_to_this_host_is_followed(serve: Serve, target: str) -> None:
    answer = serve(login_redirect(target))
    assert answer.header("Location") == target


@pytest.mark.parametrize("path", ["//evil.com/page", "///evil.com/page", "////evil.com/page"])
def test_append_slash_never_redirects_off_site(serve: Serve, path: str) -> None:
    # CommonMiddleware's slash redirect: "//evil.com/page/" would name another host.
    answer = serve(Request("slash", 0, path=path))
    assert answer.status == 301
    location = answer.header("Location")
    assert location is not None and location.startswith("/%2F") and location.endswith("page/")

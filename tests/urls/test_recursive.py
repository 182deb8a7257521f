"""A URLconf that includes itself: resolve, reverse, checks and routes end, with bounded work.

The expected answers under the namespace are Django 6.1.3's for the same URLconf.
"""

from __future__ import annotations

import time

import pytest

from scallion.core.checks.urlwalk import walk
from scallion.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

ROOT = "tests.urls.recursive_root_urls"


@pytest.fixture(autouse=True)
def bounded_time() -> object:
    start = time.process_time()
    yield
    assert time.process_time() - start < 5, "a cycle was walked (it used to take a minute)"


@pytest.mark.parametrize(
    ("name", "kwargs", "url"),
    [
        ("recursive:leaf", {}, "/ns/leaf/"),
        ("recursive:num", {"n": 3}, "/ns/n/3/"),
        ("recursive:again:leaf", {}, "/ns/again/leaf/"),
        ("recursive:again:again:again:num", {"n": 1}, "/ns/again/again/again/n/1/"),
    ],
)
def test_reverse_through_a_namespaced_cycle(name: str, kwargs: dict[str, int], url: str) -> None:
    assert reverse(name, kwargs=kwargs, urlconf=ROOT) == url


@pytest.mark.parametrize(
    ("url", "namespaces", "route", "kwargs"),
    [
        ("/ns/leaf/", ["recursive"], "ns/leaf/", {}),
        ("/ns/again/again/leaf/", ["recursive", "again", "again"], "ns/again/again/leaf/", {}),
        ("/ns/again/n/5/", ["recursive", "again"], "ns/again/n/<int:n>/", {"n": 5}),
    ],
)
def test_resolve_through_a_namespaced_cycle(
    url: str, namespaces: list[str], route: str, kwargs: dict[str, int]
) -> None:
    match = resolve(url, urlconf=ROOT)
    assert match.url_name in ("leaf", "num")
    assert match.namespaces == namespaces
    assert match.namespace == ":".join(namespaces)
    assert match.route == route
    assert match.kwargs == kwargs


def test_deep_paths_resolve_and_misses_end() -> None:
    deep = "/ns/" + "again/" * 200 + "leaf/"
    assert resolve(deep, urlconf=ROOT).namespaces == ["recursive", *["again"] * 200]
    with pytest.raises(Resolver404):
        resolve("/ns/again/again/nope/", urlconf=ROOT)


def test_a_plain_cycle_with_and_without_a_prefix() -> None:
    assert resolve("/plain/leaf/", urlconf=ROOT).url_name == "plain-leaf"
    assert resolve("/plain/again/again/leaf/", urlconf=ROOT).route == "plain/again/again/leaf/"
    # The empty-prefix include would resolve the same path forever: it ends.
    with pytest.raises(Resolver404):
        resolve("/plain/nope/", urlconf=ROOT)
    assert reverse("plain-leaf", urlconf=ROOT).startswith("/plain/")
    assert reverse("plain-leaf", urlconf=ROOT).endswith("leaf/")
    with pytest.raises(NoReverseMatch):
        reverse("no-such-name", urlconf=ROOT)


def test_the_route_listing_ends_and_every_route_listed_resolves() -> None:
    # An include already being walked is not walked again, so the listing ends.
    routes = [route.pattern for route in walk(get_resolver(ROOT))]
    assert routes[:4] == ["ns/leaf/", "ns/n/<int:n>/", "ns/again/leaf/", "ns/again/n/<int:n>/"]
    assert "plain/leaf/" in routes and "plain/again/leaf/" in routes
    for route in routes:
        assert resolve("/" + route.replace("<int:n>", "7"), urlconf=ROOT).url_name


@pytest.mark.parametrize("edge", ["wsgi", "asgi"])
def test_served_through_both_edges(edge: str) -> None:
    from scallion.core.handlers.asgi import ASGIHandler
    from scallion.core.wsgi import get_wsgi_application
    from scallion.test import override_settings
    from tests.http.hostile.edges import Request, send_asgi, send_wsgi

    with override_settings(ROOT_URLCONF=ROOT, MIDDLEWARE=[]):
        app = get_wsgi_application() if edge == "wsgi" else ASGIHandler()
        send = send_wsgi if edge == "wsgi" else send_asgi
        hit = send(app, Request("cycle", 200, path="/ns/again/again/n/4/"))
        miss = send(app, Request("cycle", 404, path="/plain/again/nope/"))
    assert (hit.status, hit.content) == (200, b"leaf [('n', 4)]")
    assert miss.status == 404

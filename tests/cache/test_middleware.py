"""The page cache through both edges: what is stored, what is served, and when the store fails."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scallion.core.cache import outages
from scallion.test import override_settings
from tests.cache.conftest import LOCMEM, REDIS
from tests.cache.urls import CALLS
from tests.edges import Answer, open_edge
from tests.fixtures_redis import RedisServer

TEMPLATES = [
    {
        "BACKEND": "scallion.template.backends.jinja2.Jinja2",
        "DIRS": [str(Path(__file__).parent / "templates")],
    }
]
PAGE_CACHE = [
    "scallion.middleware.cache.UpdateCacheMiddleware",
    "scallion.middleware.cache.FetchFromCacheMiddleware",
]

Get = Callable[..., Answer]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(autouse=True)
def fresh_counts() -> Iterator[None]:
    CALLS.clear()
    outages.reset()
    yield
    outages.reset()


def make_get(edge: str, middleware: list[str], **overrides: Any) -> Iterator[Get]:
    overrides.setdefault(
        "CACHES", {"default": {"BACKEND": LOCMEM, "LOCATION": f"mw-{uuid.uuid4().hex}"}}
    )
    with override_settings(
        ROOT_URLCONF="tests.cache.urls", MIDDLEWARE=middleware, TEMPLATES=TEMPLATES, **overrides
    ):
        yield open_edge(edge)


@pytest.fixture
def get(edge: str) -> Iterator[Get]:
    """GET through the page-cache middleware pair, on one edge."""
    yield from make_get(edge, PAGE_CACHE)


def body(answer: Answer) -> bytes:
    return answer[2]


@pytest.mark.parametrize("url", ["/page/", "/async/"])
def test_a_page_is_served_from_the_cache(get: Get, url: str) -> None:
    first = get(url)
    second = get(url)
    assert first[0] == second[0] == 200
    assert body(first) == body(second)
    assert CALLS[url] == 1
    assert first[1]["cache-control"] == "max-age=600"
    assert "expires" in first[1]
    assert "age" not in first[1]
    assert second[1]["age"] == "0"
    assert second[1]["content-type"] == "text/plain"


def test_the_query_string_keys_the_page(get: Get) -> None:
    get("/page/?a=1")
    get("/page/?a=2")
    get("/page/?a=1")
    assert CALLS["/page/?a=1"] == 1
    assert CALLS["/page/?a=2"] == 1


def test_other_methods_are_not_cached(get: Get) -> None:
    get("/page/", "POST")
    get("/page/", "POST")
    assert CALLS["/page/"] == 2
    get("/page/")
    assert body(get("/page/", "POST")) == b"page 4"


def test_head_is_served_from_the_get_entry(get: Get) -> None:
    get("/page/")
    head = get("/page/", "HEAD")
    assert head[0] == 200
    assert head[2] == b""
    assert CALLS["/page/"] == 1


def test_a_head_is_cached_under_its_own_method(get: Get) -> None:
    get("/page/", "HEAD")
    get("/page/", "HEAD")
    assert CALLS["/page/"] == 1
    assert body(get("/page/")) == b"page 2"


@pytest.mark.parametrize(
    "query",
    [
        "status=404",
        "status=500",
        "status=201",
        "cookie=secret&vary=Cookie",
        "cc=private",
        "cc=no-cache",
        "cc=no-store",
        "cc=max-age%3D60,%20private",
        "cc=private%3D%22Set-Cookie%22",
        "cc=max-age%3D0",
        "vary=*",
        "vary=Accept,%20*",
    ],
)
def test_responses_that_must_not_be_stored(get: Get, query: str) -> None:
    url = f"/behave/?{query}"
    get(url)
    get(url)
    assert CALLS[url] == 2


def test_a_304_gets_caching_headers_but_is_not_stored(get: Get) -> None:
    url = "/behave/?status=304"
    first = get(url)
    get(url)
    assert first[0] == 304
    assert "cache-control" in first[1]
    assert "expires" in first[1]
    assert CALLS[url] == 2


@pytest.mark.parametrize("query", ["cookie=shared", "cc=public", "vary=Accept-Encoding"])
def test_responses_that_are_stored(get: Get, query: str) -> None:
    url = f"/behave/?{query}"
    get(url)
    get(url)
    assert CALLS[url] == 1


def test_vary_headers_key_the_entry(get: Get) -> None:
    url = "/behave/?vary=Accept-Language"
    english = get(url, headers={"Accept-Language": "en"})
    french = get(url, headers={"Accept-Language": "fr"})
    assert CALLS[url] == 2
    assert body(get(url, headers={"Accept-Language": "en"})) == body(english)
    assert body(get(url, headers={"Accept-Language": "fr"})) == body(french)
    # An absent header is not the same as an empty one.
    get(url)
    get(url, headers={"Accept-Language": ""})
    assert CALLS[url] == 4


def test_max_age_sets_the_timeout(get: Get) -> None:
    answer = get("/behave/?cc=max-age%3D5")
    assert answer[1]["cache-control"] == "max-age=5"
    get("/behave/?cc=max-age%3D5")
    assert CALLS["/behave/?cc=max-age%3D5"] == 1


@pytest.mark.filterwarnings("ignore::scallion.http.response.StreamingIteratorWarning")
def test_streaming_responses_are_not_cached(get: Get) -> None:
    assert body(get("/streaming/")) == b"stream 1"
    assert body(get("/streaming/")) == b"stream 2"


def test_authorization_varies_unless_public(get: Get) -> None:
    alice = get("/page/", headers={"Authorization": "Basic YWxpY2U6"})
    assert "Authorization" in alice[1]["vary"]
    get("/page/", headers={"Authorization": "Basic Ym9iOg=="})
    assert CALLS["/page/"] == 2
    public = get("/behave/?cc=public", headers={"Authorization": "Basic YWxpY2U6"})
    assert "vary" not in public[1]


def test_template_responses_are_stored_rendered(get: Get) -> None:
    first = get("/template/")
    second = get("/template/")
    assert body(first) == body(second) == b"<p>T&amp;C 1</p>"
    assert CALLS["/template/"] == 1


@pytest.mark.parametrize("url", ["/decorated/page/", "/decorated/async/", "/decorated/template/"])
def test_cache_page(edge: str, url: str) -> None:
    for get in make_get(edge, []):
        first = get(url)
        second = get(url)
        assert body(first) == body(second)
        assert CALLS[url] == 1
        assert first[1]["cache-control"] == "max-age=60"
        assert get(url, "POST")[0] == 200
        assert CALLS[url] == 2


def test_cache_page_timeout_wins_over_max_age(edge: str) -> None:
    for get in make_get(edge, []):
        url = "/decorated/behave/?cc=max-age%3D5"
        answer = get(url)
        # The page timeout is what the entry lives for; the header keeps the smaller.
        assert answer[1]["cache-control"] == "max-age=5"
        get(url)
        assert CALLS[url] == 1


def test_cache_middleware_single_layer(edge: str) -> None:
    for get in make_get(
        edge,
        ["scallion.middleware.cache.CacheMiddleware"],
        CACHE_MIDDLEWARE_SECONDS=30,
        CACHE_MIDDLEWARE_KEY_PREFIX="site1",
    ):
        first = get("/page/")
        get("/page/")
        assert first[1]["cache-control"] == "max-age=30"
        assert CALLS["/page/"] == 1


def test_the_page_cache_on_redis(edge: str, redis_server: RedisServer) -> None:
    caches = {
        "default": {
            "BACKEND": REDIS,
            "LOCATION": redis_server.url,
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    for get in make_get(edge, PAGE_CACHE, CACHES=caches):
        assert body(get("/page/")) == body(get("/page/")) == b"page 1"
        assert body(get("/decorated/async/")) == body(get("/decorated/async/"))
        assert CALLS["/decorated/async/"] == 1


def down_redis() -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": REDIS,
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_a_down_store_falls_through_to_the_view_and_logs_once(
    edge: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="scallion.cache"):
        for get in make_get(edge, PAGE_CACHE, CACHES=down_redis()):
            answers = [get("/page/") for _ in range(3)]
            decorated = [get("/decorated/page/") for _ in range(2)]
    assert [a[0] for a in answers + decorated] == [200] * 5
    assert [body(a) for a in answers] == [b"page 1", b"page 2", b"page 3"]
    records = [r for r in caplog.records if r.name == "scallion.cache"]
    assert len(records) == 1
    assert "pages are served without it for 10 seconds" in records[0].getMessage()


def test_the_store_is_retried_after_the_interval(
    edge: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="scallion.cache"):
        for get in make_get(
            edge, PAGE_CACHE, CACHES=down_redis(), CACHE_MIDDLEWARE_ERROR_INTERVAL=0
        ):
            get("/page/")
            get("/page/")
    assert len([r for r in caplog.records if r.name == "scallion.cache"]) == 2


def test_failing_loudly_is_a_500(edge: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.CRITICAL):
        for get in make_get(
            edge, PAGE_CACHE, CACHES=down_redis(), CACHE_MIDDLEWARE_IGNORE_ERRORS=False
        ):
            assert get("/page/")[0] == 500


def test_other_errors_are_not_swallowed(edge: str, caplog: pytest.LogCaptureFixture) -> None:
    # A bug (here: a key function that fails) is not an outage: it propagates.
    def broken_key(key: str, prefix: str, version: int) -> str:
        raise RuntimeError("bug in the key function")

    caches = {"default": {"BACKEND": LOCMEM, "LOCATION": "broken", "KEY_FUNCTION": broken_key}}
    with caplog.at_level(logging.CRITICAL):
        for get in make_get(edge, PAGE_CACHE, CACHES=caches):
            assert get("/page/")[0] == 500


CSP = "scallion.middleware.csp.ContentSecurityPolicyMiddleware"
NONCE_POLICY = {"script-src": ["'self'", "<CSP_NONCE_SENTINEL>"]}


@pytest.mark.parametrize(
    ("middleware", "url"),
    [
        ([PAGE_CACHE[0], CSP, PAGE_CACHE[1]], "/nonce/"),  # the policy inside the cache
        ([CSP, *PAGE_CACHE], "/nonce/"),  # the policy outside it
        ([CSP], "/decorated/nonce/"),  # cache_page
    ],
)
def test_a_page_that_used_its_csp_nonce_is_not_cached(
    edge: str, middleware: list[str], url: str
) -> None:
    for get in make_get(edge, middleware, SECURE_CSP=NONCE_POLICY):
        first, second = get(url + "?nonce=1"), get(url + "?nonce=1")
        assert CALLS[url + "?nonce=1"] == 2
        nonces = [body(answer).split()[-1].decode() for answer in (first, second)]
        assert nonces[0] != nonces[1]
        for answer, nonce in zip((first, second), nonces, strict=True):
            assert f"'nonce-{nonce}'" in answer[1]["content-security-policy"]
            # Nor marked for shared caches to keep.
            assert "max-age" not in answer[1].get("cache-control", "")
            assert "expires" not in answer[1]
        # The same page without the nonce printed is cached as usual.
        get(url)
        assert body(get(url)) == b"nonce page 1"
        assert CALLS[url] == 1


class _Clock:
    """time.time() under the test's control (the store's expiry reads it too)."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_age_changes_at_each_whole_second_of_the_clock(
    edge: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The local-memory cache works the Age value out once a second: it must
    # still change exactly when the clock passes a whole second, either way.
    clock = _Clock(1_800_000_000.0)
    monkeypatch.setattr("time.time", clock)
    caches = {"default": {"BACKEND": LOCMEM, "LOCATION": f"age-{uuid.uuid4().hex}"}}
    for get in make_get(edge, PAGE_CACHE, CACHES=caches):
        get("/page/")  # stored at second 0
        for offset, age in [
            (0.2, "0"),
            (0.999, "0"),
            (1.0, "1"),
            (1.5, "1"),
            (1.999, "1"),
            (2.0, "2"),
            (1.5, "1"),  # the clock went back within the page's life
            (-3.0, "0"),
            (61.25, "61"),
            (61.75, "61"),
        ]:
            clock.now = 1_800_000_000.0 + offset
            assert get("/page/")[1]["age"] == age, offset


@pytest.mark.parametrize(
    "backend", [LOCMEM, "scallion.core.cache.backends.filebased.FileBasedCache"]
)
def test_age_counts_from_when_the_page_was_stored(
    edge: str, backend: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The local-memory cache keeps the page frozen and works the Age origin out
    # once; the file cache gives a new response each time: both must count on.
    clock = _Clock(1_800_000_000.0)
    monkeypatch.setattr("time.time", clock)
    location = str(tmp_path) if "FileBased" in backend else f"age-{uuid.uuid4().hex}"
    caches = {"default": {"BACKEND": backend, "LOCATION": location}}
    for get in make_get(edge, PAGE_CACHE, CACHES=caches):
        assert "age" not in get("/page/")[1]
        assert get("/page/")[1]["age"] == "0"
        clock.now += 5.7
        assert get("/page/")[1]["age"] == "5"
        clock.now += 300
        answer = get("/page/")
        assert answer[1]["age"] == "305"
        assert answer[1]["cache-control"] == "max-age=600"
        clock.now -= 1000  # the local clock went back
        assert get("/page/")[1]["age"] == "0"
        assert CALLS["/page/"] == 1
        clock.now += 1000 + 600  # past max-age: the entry expired
        answer = get("/page/")
        assert "age" not in answer[1]
        assert CALLS["/page/"] == 2


def test_the_age_window_bounds_are_floats_like_the_clock() -> None:
    # Every hit compares them with time.time(): an int would be converted each time.
    from scallion.middleware.cache import _age_window

    # Stored at 1,000 s (expires at 1,600 s with max-age 600).
    expires = "Thu, 01 Jan 1970 00:26:40 GMT"
    start, end, header = _age_window("max-age=600", expires, 1_000.5)
    assert (start, end, header) == (float("-inf"), 1_001.0, ("age", ("Age", "0")))
    assert end.__class__ is float
    start, end, header = _age_window("max-age=600", expires, 1_000_000.25)
    assert (start, end, header) == (1_000_000.0, 1_000_001.0, ("age", ("Age", "999000")))
    assert start.__class__ is float and end.__class__ is float


@pytest.mark.parametrize(("middleware", "url"), [(PAGE_CACHE, "/page/"), ([], "/decorated/page/")])
def test_a_cached_page_is_not_served_to_a_host_no_longer_allowed(
    edge: str, middleware: list[str], url: str
) -> None:
    # Every hit checks the Host against ALLOWED_HOSTS, as Django's does: a page
    # stored for a host is not served to it once the host is refused, even
    # though the keys its URL makes are remembered.
    old = {"Host": "old.example"}
    for get in make_get(edge, middleware, ALLOWED_HOSTS=["testserver", "old.example"]):
        assert get(url, "GET", old)[0] == 200
        assert get(url, "GET", old)[1]["age"] == "0"  # a hit
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            refused = get(url, "GET", old)
        assert refused[0] == 400
        assert b"page" not in refused[2]
        assert CALLS[url] == 1

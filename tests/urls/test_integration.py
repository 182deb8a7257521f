"""The dispatcher through the handler: the test client, handler404, ROOT_URLCONF changes."""

from __future__ import annotations

import asyncio

from scallion.test import AsyncClient, Client, override_settings
from scallion.urls import get_resolver, get_urlconf, reverse


@override_settings(ROOT_URLCONF="tests.urls.sample_urls")
def test_client_resolves_and_uses_handler404() -> None:
    client = Client()
    response = client.get("/articles/2005/")
    assert response.status_code == 200
    assert response.wsgi_request.resolver_match.kwargs == {"year": 2005}
    missing = client.get("/nope/")
    assert missing.status_code == 404
    assert missing.content == b"custom 404"


def test_percent_encoded_non_ascii_path() -> None:
    with override_settings(ROOT_URLCONF="tests.urls.sample_urls"):
        response = Client().get("/caf%C3%A9/")
    assert response.status_code == 200
    assert response.wsgi_request.path == "/caf\u00e9/"
    assert response.wsgi_request.resolver_match.url_name == "cafe"


def test_changing_root_urlconf_clears_the_cache() -> None:
    default = get_resolver()
    with override_settings(ROOT_URLCONF="tests.urls.sample_urls"):
        assert get_resolver().urlconf_name == "tests.urls.sample_urls"
    assert get_resolver().urlconf_name == default.urlconf_name


@override_settings(
    ROOT_URLCONF="tests.urls.urlconf_middleware",
    MIDDLEWARE=["tests.urls.urlconf_middleware.choose_urlconf"],
)
def test_request_urlconf_set_by_middleware_routes_that_request() -> None:
    client = Client()
    alt = client.get("/elsewhere/where/", headers={"X-Alt": "yes"})
    assert alt.status_code == 200
    # Resolved, and reversed inside the view, through the other URLconf.
    assert alt.content == b"alt|/elsewhere/where/|tests.urls.alt_urls"
    assert alt.wsgi_request.resolver_match.url_name == "where"
    # The root URLconf does not have that path, and the other one lacks /where/.
    assert client.get("/elsewhere/where/").status_code == 404
    assert client.get("/where/", headers={"X-Alt": "yes"}).status_code == 404


@override_settings(
    ROOT_URLCONF="tests.urls.urlconf_middleware",
    MIDDLEWARE=["tests.urls.urlconf_middleware.choose_urlconf"],
)
def test_request_urlconf_is_reset_after_the_request() -> None:
    client = Client()
    assert client.get("/elsewhere/where/", headers={"X-Alt": "yes"}).status_code == 200
    # Same thread, after the request: back to ROOT_URLCONF for everybody.
    assert get_urlconf() is None
    assert reverse("where") == "/where/"
    root = client.get("/where/")
    assert root.status_code == 200
    assert root.content == b"root|/where/|None"


@override_settings(
    ROOT_URLCONF="tests.urls.urlconf_middleware",
    MIDDLEWARE=["tests.urls.urlconf_middleware.choose_urlconf"],
)
def test_request_urlconf_under_asgi() -> None:
    async def go() -> tuple[bytes, bytes]:
        client = AsyncClient()
        alt = await client.get("/elsewhere/where/", headers={"X-Alt": "yes"})
        root = await client.get("/where/")
        return alt.content, root.content

    alt, root = asyncio.run(go())
    assert alt == b"alt|/elsewhere/where/|tests.urls.alt_urls"
    assert root == b"root|/where/|None"


@override_settings(
    ROOT_URLCONF="tests.urls.urlconf_middleware",
    MIDDLEWARE=["tests.urls.urlconf_middleware.choose_urlconf"],
)
def test_a_streaming_body_reverses_through_the_request_urlconf_until_closed() -> None:
    """As in Django: the URLconf a middleware chose holds while the body streams."""
    response = Client().get("/elsewhere/streamed/", headers={"X-Alt": "yes"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (b"alt|/elsewhere/where/|tests.urls.alt_urls")
    response.close()
    assert get_urlconf() is None
    assert reverse("where") == "/where/"


@override_settings(
    ROOT_URLCONF="tests.urls.urlconf_middleware",
    MIDDLEWARE=["tests.urls.urlconf_middleware.choose_urlconf"],
)
def test_a_streaming_body_reverses_through_the_request_urlconf_under_asgi() -> None:
    async def go() -> bytes:
        response = await AsyncClient().get("/elsewhere/streamed/", headers={"X-Alt": "yes"})
        return b"".join(response.streaming_content)

    assert asyncio.run(go()) == b"alt|/elsewhere/where/|tests.urls.alt_urls"

"""AsyncClient and AsyncRequestFactory: Django's API over ASGI requests."""

from __future__ import annotations

import json

from scallion.core.handlers.asgi import ASGIRequest
from scallion.test import AsyncClient, AsyncRequestFactory, override_settings
from tests.asgi.conftest import run


def test_factory_builds_asgi_requests() -> None:
    request = AsyncRequestFactory().get("/meta/?x=1", headers={"X-Token": "t"})
    assert isinstance(request, ASGIRequest)
    assert request.GET["x"] == "1"
    assert request.headers["X-Token"] == "t"
    assert request.META["HTTP_HOST"] == "testserver"


def test_factory_post_body() -> None:
    request = AsyncRequestFactory().post(
        "/form/", {"a": "1"}, content_type="application/x-www-form-urlencoded"
    )
    assert request.POST["a"] == "1"


def test_client_get_post_json_and_cookies() -> None:
    client = AsyncClient()

    async def go() -> None:
        response = await client.get("/meta/", {"key": "HTTP_X_A", "q": "v"}, HTTP_X_A="env-style")
        data = response.json()
        assert data["META"] == {"HTTP_X_A": "env-style"}
        assert data["GET"] == {"q": ["v"]}
        response = await client.post("/aform/", {"name": "value"})
        assert json.loads(response.content)["POST"] == {"name": ["value"]}
        response = await client.get("/cookie/")
        assert client.cookies["a"].value == "1"
        response = await client.get("/meta/")
        assert response.json()["COOKIES"] == {"a": "1", "b": "2"}

    run(go())


def test_client_follows_redirects() -> None:
    async def go() -> None:
        response = await AsyncClient().get("/redirect/", follow=True)
        assert response.status_code == 200
        assert response.content == b"Hello, World!"
        assert response.redirect_chain == [("/hello/", 302)]

    run(go())


def test_client_reraises_view_exceptions() -> None:
    import pytest

    async def go() -> None:
        await AsyncClient().get("/aboom/")

    with pytest.raises(RuntimeError, match="async boom"):
        run(go())

    async def quiet() -> int:
        response = await AsyncClient(raise_request_exception=False).get("/aboom/")
        return int(response.status_code)

    assert run(quiet()) == 500


def test_client_streaming_response_async_iteration() -> None:
    async def go() -> bytes:
        response = await AsyncClient().get("/astream/")
        return b"".join([chunk async for chunk in response.streaming_content])

    assert run(go()) == b"one,two,three"


def test_resolver_match() -> None:
    async def go() -> str:
        response = await AsyncClient().get("/hello/")
        return str(response.resolver_match.route)

    assert run(go()) == "hello/"


def test_the_factory_applies_a_mount_point_once() -> None:
    factory = AsyncRequestFactory()
    request = factory.get("/somepath/", SCRIPT_NAME="/root")
    assert (request.path, request.path_info, request.script_name) == (
        "/root/somepath/",
        "/somepath/",
        "/root",
    )
    assert request.scope["path"] == "/root/somepath/"  # an ASGI path includes root_path
    request = factory.request(path="/rootprefix/somepath/", root_path="/root")
    assert (request.path, request.path_info) == ("/rootprefix/somepath/", "/rootprefix/somepath/")
    with override_settings(FORCE_SCRIPT_NAME="/FORCED_PREFIX"):
        request = factory.request(path="/FORCED_PREFIX/somepath/")
        assert (request.path, request.path_info, request.script_name) == (
            "/FORCED_PREFIX/somepath/",
            "/somepath/",
            "/FORCED_PREFIX",
        )


def test_the_factory_takes_headers_by_name_and_refuses_data_with_query_params() -> None:
    import pytest

    factory = AsyncRequestFactory(**{"Authorization": "Bearer t", "X-Other": "v"})
    request = factory.get("/somewhere/")
    assert request.headers["authorization"] == "Bearer t"
    assert request.META["HTTP_X_OTHER"] == "v"
    for method in (factory.get, factory.head):
        with pytest.raises(ValueError, match="mutually exclusive"):
            method("/", data={"a": "1"}, query_params={"b": "2"})

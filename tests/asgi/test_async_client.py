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


def test_client_goes_through_the_asgi_edge() -> None:
    from scallion.core.handlers.asgi import ASGIHandler
    from scallion.core.handlers.asgi_body import ASGIBodyStream

    client = AsyncClient()
    assert isinstance(client.handler, ASGIHandler)

    async def go() -> None:
        payload = b"x" * 200_000  # several http.request messages
        response = await client.post("/echo/", payload, content_type="application/octet-stream")
        assert response.status_code == 200
        assert response.content == payload
        # The view read the body from the ASGI channel, as under a server.
        assert isinstance(response.asgi_request._body_stream, ASGIBodyStream)
        assert response.asgi_request._body_stream.received == len(payload)

    run(go())


def test_client_body_over_the_limit_is_refused_as_by_the_edge() -> None:
    async def go() -> int:
        response = await AsyncClient().post(
            "/aecho/", b"y" * 5000, content_type="application/octet-stream"
        )
        return int(response.status_code)

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        assert run(go()) == 413


def test_client_builds_a_request_class_written_for_djangos_constructor() -> None:
    from typing import Any

    class TwoArguments(ASGIRequest):
        def __init__(self, scope: Any, body_file: Any) -> None:
            super().__init__(scope, body_file)
            self.built_by_subclass = True

    client = AsyncClient()
    client.handler.request_class = TwoArguments

    async def go() -> None:
        response = await client.post("/echo/", b"abc", content_type="application/octet-stream")
        assert response.content == b"abc"
        assert response.asgi_request.built_by_subclass is True

    run(go())


def test_client_answers_a_request_class_that_refuses_the_body_with_413() -> None:
    from typing import Any

    # As the ASGI edge does (tests/asgi/test_buffered_body.py): refused while built.
    from tests.asgi.test_buffered_body import RefusedRequest

    client = AsyncClient()
    client.handler.request_class = RefusedRequest

    async def go() -> object:
        return await client.post("/echo/", b"abc", content_type="application/octet-stream")

    response: Any = run(go())
    assert response.status_code == 413
    assert b"Request Entity Too Large (413)" in response.content

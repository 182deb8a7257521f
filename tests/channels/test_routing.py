"""ProtocolTypeRouter and URLRouter over scallion.urls' path()/re_path()."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from scallion.channels.generic.websocket import AsyncJsonWebsocketConsumer
from scallion.channels.routing import ProtocolTypeRouter, URLRouter
from scallion.channels.testing import HttpCommunicator, WebsocketCommunicator
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.handlers.asgi import ASGIHandler
from scallion.urls import include, path, re_path

from .conftest import run


class Route(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        await self.send_json(
            {
                "args": list(self.scope["url_route"]["args"]),
                "kwargs": {
                    k: [str(v), type(v).__name__]
                    for k, v in self.scope["url_route"]["kwargs"].items()
                },
            }
        )


def routed(application: Any, url: str) -> Any:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(application, url)
        connected, detail = await communicator.connect()
        if not connected:
            await communicator.wait(1)
            return ("refused", detail)
        reply = await communicator.receive_json_from()
        await communicator.disconnect()
        return reply

    return run(scenario())


ROUTER = URLRouter(
    [
        path("room/<int:number>/", Route.as_asgi(), {"extra": "yes"}),
        re_path(r"^chat/(?P<name>\w+)/$", Route.as_asgi()),
        re_path(r"^pos/(\d+)/$", Route.as_asgi()),
        path(
            "nested/<slug:area>/",
            URLRouter([path("inner/<uuid:key>/", Route.as_asgi())]),
        ),
    ]
)


def test_converters_give_python_values_and_kwargs_merge() -> None:
    assert routed(ROUTER, "/room/42/") == {
        "args": [],
        "kwargs": {"number": ["42", "int"], "extra": ["yes", "str"]},
    }


def test_regex_named_and_positional_groups() -> None:
    assert routed(ROUTER, "/chat/lobby/")["kwargs"] == {"name": ["lobby", "str"]}
    assert routed(ROUTER, "/pos/7/")["args"] == ["7"]


def test_nested_router_matches_a_prefix_and_merges_kwargs() -> None:
    reply = routed(ROUTER, "/nested/north/inner/12345678-1234-5678-1234-567812345678/")
    assert reply["kwargs"] == {
        "area": ["north", "str"],
        "key": ["12345678-1234-5678-1234-567812345678", "UUID"],
    }


@pytest.mark.parametrize(
    "url", ["/room/abc/", "/room/42/more/", "/nowhere/", "/nested/north/missing/"]
)
def test_unmatched_path_refuses_the_handshake(url: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.channels"):
        assert routed(ROUTER, url) == ("refused", 1008)
    assert "No websocket route" in caplog.text


def test_root_path_is_stripped_by_the_outermost_router() -> None:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(ROUTER, "/app/room/1/")
        communicator.scope["root_path"] = "/app"
        assert (await communicator.connect())[0]
        reply = await communicator.receive_json_from()
        await communicator.disconnect()
        return reply

    assert run(scenario())["kwargs"]["number"] == ["1", "int"]


def test_unmatched_http_path_is_a_404() -> None:
    async def scenario() -> Any:
        return await HttpCommunicator(ROUTER, "GET", "/nowhere/").get_response()

    assert run(scenario())["status"] == 404


def test_include_is_refused_with_the_fix() -> None:
    with pytest.raises(ImproperlyConfigured, match="nested URLRouter"):
        URLRouter([path("x/", include([path("y/", Route.as_asgi())]))])


def test_consumer_class_without_as_asgi_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"Route.as_asgi\(\)"):
        URLRouter([path("x/", Route)])


def test_not_a_route_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="not a route"):
        URLRouter(["x/"])


def test_protocol_type_router_dispatches_and_names_unknown_types() -> None:
    router = ProtocolTypeRouter({"websocket": ROUTER})
    assert routed(router, "/room/3/")["kwargs"]["number"] == ["3", "int"]

    async def http() -> Any:
        return await HttpCommunicator(router, "GET", "/").get_response()

    with pytest.raises(ValueError, match="'http'"):
        run(http())


def test_protocol_type_router_gives_lifespan_to_scallions_http_app() -> None:
    router = ProtocolTypeRouter({"http": ASGIHandler(), "websocket": ROUTER})
    sent: list[Any] = []
    incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> Any:
        return next(incoming)

    async def send(message: Any) -> None:
        sent.append(message["type"])

    run(router({"type": "lifespan"}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]

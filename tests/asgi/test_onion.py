"""A handful of the core onion tests (tests/core/test_onion.py), run over WSGI and ASGI.

The same middleware stack and views must give the same hook trace and the same
response whichever interface builds the chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scallion.test import AsyncClient, Client, override_settings
from tests.asgi.conftest import run
from tests.core.trace_middleware import TRACE

MW = "tests.core.trace_middleware."
STACK = [MW + "Outer", MW + "Middle", MW + "Inner"]
REQUEST = ["Outer.process_request", "Middle.process_request", "Inner.process_request"]
VIEW = ["Outer.process_view", "Middle.process_view", "Inner.process_view"]
RESPONSE = ["Inner.process_response", "Middle.process_response", "Outer.process_response"]
EXCEPTION = ["Inner.process_exception", "Middle.process_exception", "Outer.process_exception"]


@pytest.fixture(autouse=True)
def onion_settings() -> Iterator[None]:
    TRACE.clear()
    with override_settings(ROOT_URLCONF="tests.core.trace_urls", MIDDLEWARE=STACK):
        yield
    TRACE.clear()


@pytest.fixture(params=["wsgi", "asgi"])
def get(request: pytest.FixtureRequest) -> Any:
    def wsgi_get(path: str, act: str = "") -> Any:
        headers = {"X-Act": act} if act else None
        return Client(raise_request_exception=False).get(path, headers=headers)

    def asgi_get(path: str, act: str = "") -> Any:
        headers = {"X-Act": act} if act else None
        return run(AsyncClient(raise_request_exception=False).get(path, headers=headers))

    return wsgi_get if request.param == "wsgi" else asgi_get


def test_request_flows_outside_in_and_response_inside_out(get: Any) -> None:
    response = get("/view/")
    assert response.status_code == 200
    assert response.content == b"view body"
    assert TRACE == [*REQUEST, *VIEW, "view", *RESPONSE]
    assert response["X-Seen-By"] == "InnerMiddleOuter"


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_process_request_short_circuit(get: Any, layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_request=respond")
    assert response.status_code == 299
    depth = ["Outer", "Middle", "Inner"].index(layer) + 1
    assert TRACE == [*REQUEST[:depth], *RESPONSE[len(RESPONSE) - depth :]]


def test_view_exception_goes_to_process_exception_then_500(get: Any) -> None:
    response = get("/fail/")
    assert response.status_code == 500
    assert TRACE == [*REQUEST, *VIEW, "view", *EXCEPTION, *RESPONSE]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_first_process_exception_response_wins(get: Any, layer: str) -> None:
    response = get("/fail/", act=f"{layer}.process_exception=respond")
    assert response.status_code == 299
    upto = EXCEPTION.index(f"{layer}.process_exception") + 1
    assert TRACE == [*REQUEST, *VIEW, "view", *EXCEPTION[:upto], *RESPONSE]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_exception_in_process_response_reaches_outer_layers_as_500(get: Any, layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_response=raise")
    assert response.status_code == 500
    assert TRACE == [*REQUEST, *VIEW, "view", *RESPONSE]


def test_template_response_hooks_run_before_render(get: Any) -> None:
    response = get("/template/")
    assert response.content == b"rendered:view"
    assert TRACE == [
        *REQUEST,
        *VIEW,
        "view",
        "Inner.process_template_response",
        "Middle.process_template_response",
        "Outer.process_template_response",
        "render",
        *RESPONSE,
    ]


@pytest.mark.parametrize("path,status", [("/404/", 404), ("/403/", 403), ("/400/", 400)])
def test_error_statuses(get: Any, path: str, status: int) -> None:
    assert get(path).status_code == status

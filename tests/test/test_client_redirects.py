"""Following redirects, in both test clients, as Django's clients follow them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from scallion.test import (
    AsyncClient,
    AsyncRequestFactory,
    Client,
    RequestFactory,
    SimpleTestCase,
    override_settings,
)

pytestmark = pytest.mark.usefixtures("redirect_urls")


@pytest.fixture
def redirect_urls() -> Any:
    with override_settings(ROOT_URLCONF="tests.test.redirect_urls", ALLOWED_HOSTS=["testserver"]):
        yield


def fetch(client_class: type, method: str, path: str, **kwargs: Any) -> Any:
    if client_class is Client:
        return getattr(Client(), method)(path, follow=True, **kwargs)
    return asyncio.run(getattr(AsyncClient(), method)(path, follow=True, **kwargs))


CLIENTS = pytest.mark.parametrize("client_class", [Client, AsyncClient])


@CLIENTS
@pytest.mark.parametrize("code", [307, 308])
@pytest.mark.parametrize("method", ["get", "head", "post", "put", "delete"])
def test_307_and_308_keep_the_method(client_class: type, code: int, method: str) -> None:
    response = fetch(client_class, method, f"/redirect/{code}/", data={"value": "test"})
    assert response.status_code == 200
    assert response.redirect_chain == [("/echo/", code)]
    if method != "head":
        assert response.content.decode().startswith(method.upper() + "|")


@CLIENTS
@pytest.mark.parametrize("code", [307, 308])
def test_a_get_keeps_its_data_through_307_and_308(client_class: type, code: int) -> None:
    response = fetch(client_class, "get", f"/redirect/{code}/", data={"value": "30"})
    assert response.content.decode().startswith("GET|value=30|")


@CLIENTS
@pytest.mark.parametrize("code", [301, 302, 303])
def test_other_redirects_become_a_get_of_the_target(client_class: type, code: int) -> None:
    response = fetch(client_class, "post", f"/redirect/{code}/?to=/echo/%3Fa%3D1", data={"b": "2"})
    assert response.content.decode() == "GET|a=1|{'a': ['1']}"


@CLIENTS
def test_a_redirect_to_a_bare_host_follows_to_its_root(client_class: type) -> None:
    response = fetch(client_class, "get", "/bare-host/")
    assert response.status_code == 200
    assert response.redirect_chain == [("https://testserver", 302)]
    assert response.content.decode().startswith("GET|")


@pytest.mark.parametrize("factory_class", [RequestFactory, AsyncRequestFactory])
def test_a_path_keeps_its_semicolon_parameters(factory_class: type) -> None:
    """``/x/;p``: the ``;p`` is part of the path, as Django's clients send it."""
    request = factory_class().get("/unknown_view/;some-parameter")
    assert request.path == "/unknown_view/;some-parameter"


@override_settings(ROOT_URLCONF="tests.test.redirect_urls", ALLOWED_HOSTS=["testserver"])
class AssertRedirectsSendsTheRequestsExtrasAgain(SimpleTestCase):
    """Fetching the target, assertRedirects sends the first request's extra keys and
    headers again (the target's own answer depends on them here)."""

    def test_extra_environ_keys(self) -> None:
        for method in ("get", "post", "head", "put", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)("/by-header-1/", HTTP_REDIRECT="1")
                self.assertRedirects(response, "/by-header-2/", target_status_code=302)

    def test_headers(self) -> None:
        response = self.client.get("/by-header-1/", headers={"redirect": "1"})
        self.assertRedirects(response, "/by-header-2/", target_status_code=302)

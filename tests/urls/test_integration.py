"""The dispatcher through the handler: the test client, handler404, ROOT_URLCONF changes."""

from __future__ import annotations

from scallion.test import Client, override_settings
from scallion.urls import get_resolver


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


def test_changing_root_urlconf_clears_the_cache() -> None:
    default = get_resolver()
    with override_settings(ROOT_URLCONF="tests.urls.sample_urls"):
        assert get_resolver().urlconf_name == "tests.urls.sample_urls"
    assert get_resolver().urlconf_name == default.urlconf_name

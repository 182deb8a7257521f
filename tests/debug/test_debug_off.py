"""With DEBUG off nothing internal leaks: no traceback, no settings, no request dump."""

from __future__ import annotations

import pytest

from scallion.test import Client, override_settings
from tests.conftest import TEST_SETTINGS


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/boom/", 500),
        ("/chained/", 500),
        ("/template/", 500),
        ("/nowhere/", 404),
        ("/articles/1/", 404),
    ],
)
def test_error_pages_reveal_nothing(path: str, status: int) -> None:
    with override_settings(DEBUG=False, ROOT_URLCONF="tests.debug.urls", API_TOKEN="tok-secret"):
        response = Client(raise_request_exception=False).get(
            path + "?q=<script>", HTTP_ACCEPT="application/json"
        )
    assert response.status_code == status
    body = response.content.decode()
    for leak in (
        "Traceback",
        "tests/debug/urls.py",
        "visible-local-value",
        "ROOT_URLCONF",
        "tok-secret",
        TEST_SETTINGS["SECRET_KEY"],
        "DEBUG = True",
        "boom/",  # the URL patterns
        "No article",
        "<script>",
        "HTTP_ACCEPT",
    ):
        assert leak not in body, leak

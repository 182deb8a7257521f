"""The security checks, each sent as a hostile request through both edges.

``serve(request, **settings)`` builds a WSGI or an ASGI handler (the fixture is
parametrized, ids ``wsgi``/``asgi``) under Django's default settings for a new
project (its middleware stack, ``DEBUG`` off, ``ALLOWED_HOSTS = ["testserver"]``)
plus ``settings``, sends ``request`` through it and returns the ``Answer``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.wsgi import get_wsgi_application
from scallion.test import override_settings
from tests.http.hostile.edges import Answer, Request, send_asgi, send_wsgi

#: Django's ``startproject`` middleware, scallion's names.
DEFAULT_MIDDLEWARE = [
    "scallion.middleware.security.SecurityMiddleware",
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.middleware.common.CommonMiddleware",
    "scallion.middleware.csrf.CsrfViewMiddleware",
    "scallion.middleware.clickjacking.XFrameOptionsMiddleware",
    "scallion.contrib.messages.middleware.MessageMiddleware",
]

BASE_SETTINGS: dict[str, Any] = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["testserver"],
    "MIDDLEWARE": DEFAULT_MIDDLEWARE,
    "ROOT_URLCONF": "tests.security.urls",
}

Serve = Callable[..., Answer]


@pytest.fixture(params=["wsgi", "asgi"])
def edge(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def serve(edge: str) -> Serve:
    def serve(request: Request, **overrides: Any) -> Answer:
        with override_settings(**{**BASE_SETTINGS, **overrides}):
            if edge == "wsgi":
                return send_wsgi(get_wsgi_application(), request)
            return send_asgi(ASGIHandler(), request)

    return serve


@pytest.fixture
def quiet_logs(caplog: pytest.LogCaptureFixture) -> None:
    # Refusals are logged (scallion.security.*, scallion.request); keep them
    # out of the captured output, whose formatting is not under test here.
    caplog.set_level(100)

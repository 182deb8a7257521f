"""Fixtures of the hostile-corpus tests: both edges over one URLconf, quiet logs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.wsgi import get_wsgi_application
from tests.http._settings import override_settings
from tests.http.hostile.edges import call_asgi, call_wsgi


@pytest.fixture(scope="module")
def app() -> Iterator[Any]:
    # The default limits (Django's values) are what a hostile client meets.
    with override_settings(ROOT_URLCONF="tests.http.hostile.urls", ALLOWED_HOSTS=["testserver"]):
        yield get_wsgi_application()


@pytest.fixture(scope="module")
def asgi_app() -> Iterator[Any]:
    with override_settings(ROOT_URLCONF="tests.http.hostile.urls", ALLOWED_HOSTS=["testserver"]):
        yield ASGIHandler()


@pytest.fixture(params=["wsgi", "asgi"])
def call(request: pytest.FixtureRequest, app: Any, asgi_app: Any) -> Any:
    """Send a Request through one edge: ``call(request) -> (status, content)``."""
    if request.param == "wsgi":
        return lambda r: call_wsgi(app, r)
    return lambda r: call_asgi(asgi_app, r)


@pytest.fixture
def quiet_logs(caplog: pytest.LogCaptureFixture) -> None:
    # Refusals are logged (scallion.security.*, scallion.request); keep them
    # out of the captured output, whose formatting is not under test here.
    caplog.set_level(100)

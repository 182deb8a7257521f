"""Shared fixtures: test settings configured once, and a guard against leaks.

Settings are configured in code for the whole session (no environment variable
needed); a test changes them only through ``override_settings``. The autouse
``settings_leak_guard`` fails any test that leaves settings changed.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from scallion.conf import settings
from scallion.urls.script_prefix import clear_script_prefix

TEST_SETTINGS = {
    "DEBUG": False,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-for-scallion-tests-0123456789",
    "ALLOWED_HOSTS": ["testserver", "localhost", "127.0.0.1", "[::1]"],
    "ROOT_URLCONF": "tests.urls_default",
    "MIDDLEWARE": [],
    "LOGGING_CONFIG": None,
}

# Hypothesis' per-example deadline is a wall-clock check: on a loaded machine it fails
# examples that do nothing wrong. Properties here bound work by their inputs and by
# pytest-timeout, so the deadline is off for the whole suite.
hypothesis_settings.register_profile("scallion", deadline=None)
hypothesis_settings.load_profile("scallion")

os.environ.pop("SCALLION_SETTINGS_MODULE", None)
os.environ.pop("DJANGO_SETTINGS_MODULE", None)
if not settings.configured:
    settings.configure(**TEST_SETTINGS)


@pytest.fixture(autouse=True)
def script_prefix_reset() -> Iterator[None]:
    """Start every test at the root prefix: a request under SCRIPT_NAME or
    FORCE_SCRIPT_NAME leaves its prefix set for the thread, as in Django, and the
    next test's reverse() would otherwise see it."""
    yield
    clear_script_prefix()


@pytest.fixture(autouse=True)
def settings_leak_guard() -> Iterator[None]:
    """Fail a test that leaves the global settings object changed."""
    before = settings._wrapped
    yield
    after = settings._wrapped
    if after is not before:
        settings._wrapped = before
        pytest.fail("The test left settings changed; use override_settings to change them.")


@pytest.fixture(params=["wsgi", "asgi"])
def edge(request: pytest.FixtureRequest) -> Any:
    """The real WSGI or the real ASGI edge (``tests/edges.py``): the test runs once
    through each, with the ids ``wsgi`` and ``asgi``."""
    from tests.edges import Edge

    return Edge(request.param)


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


pytest_plugins = ["tests.fixtures_redis"]

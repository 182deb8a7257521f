"""Session fixtures: every test here runs against each engine (Redis really running)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.test import Client, override_settings

ENGINES = {
    "signed_cookies": "scallion.contrib.sessions.backends.signed_cookies",
    "redis": "scallion.contrib.sessions.backends.redis",
    "file": "scallion.contrib.sessions.backends.file",
    "cache": "scallion.contrib.sessions.backends.cache",
}
SESSION_MIDDLEWARE = ["scallion.contrib.sessions.middleware.SessionMiddleware"]


def engine_settings(name: str, request: pytest.FixtureRequest, tmp_path: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"SESSION_ENGINE": ENGINES[name]}
    if name == "redis":
        server = request.getfixturevalue("redis_server")
        options["SESSION_REDIS_URL"] = server.url
        # A prefix per test keeps parallel tests apart on the shared server.
        options["SESSION_REDIS_KEY_PREFIX"] = f"test:{uuid.uuid4().hex}:"
    elif name == "file":
        options["SESSION_FILE_PATH"] = str(tmp_path)
    elif name == "cache":
        # A store of its own per test (local memory, keyed by LOCATION).
        location = f"sessions-{uuid.uuid4().hex}"
        options["CACHES"] = {
            "default": {"BACKEND": "scallion.core.cache.backends.locmem.LocMemCache"},
            "sessions": {
                "BACKEND": "scallion.core.cache.backends.locmem.LocMemCache",
                "LOCATION": location,
            },
        }
        options["SESSION_CACHE_ALIAS"] = "sessions"
    return options


@pytest.fixture(params=list(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """The engine's name, with settings pointing at it for the whole test."""
    with override_settings(
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=SESSION_MIDDLEWARE,
        **engine_settings(request.param, request, tmp_path),
    ):
        yield request.param


@pytest.fixture
def stateful_engine(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """Like ``engine`` but only the server-side stores (set by parametrize)."""
    name = request.param
    with override_settings(
        ROOT_URLCONF="tests.sessions.urls",
        MIDDLEWARE=SESSION_MIDDLEWARE,
        **engine_settings(name, request, tmp_path),
    ):
        yield name


@pytest.fixture
def client(engine: str) -> Client:
    return Client()

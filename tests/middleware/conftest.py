"""Fixtures for the middleware tests: a client with a chosen middleware stack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from scallion.test import Client, override_settings

MakeClient = Callable[..., Client]


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """``make_client(middleware, enforce_csrf_checks=False, **settings)`` -> Client.

    The settings stay overridden until the test ends.
    """
    with ExitStack() as stack:

        def make(
            middleware: list[str], enforce_csrf_checks: bool = False, **overrides: Any
        ) -> Client:
            overrides.setdefault("ROOT_URLCONF", "tests.middleware.urls")
            stack.enter_context(override_settings(MIDDLEWARE=middleware, **overrides))
            return Client(enforce_csrf_checks=enforce_csrf_checks)

        yield make

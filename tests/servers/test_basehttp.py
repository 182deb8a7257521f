"""``get_internal_wsgi_application``: what the embedded server serves."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.handlers.wsgi import WSGIHandler
from scallion.core.servers.basehttp import get_internal_wsgi_application
from scallion.test import override_settings


def wrapped_application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"wrapped"]


def test_default_is_the_project_handler() -> None:
    with override_settings(WSGI_APPLICATION=None):
        assert isinstance(get_internal_wsgi_application(), WSGIHandler)


def test_setting_names_the_application() -> None:
    with override_settings(WSGI_APPLICATION=f"{__name__}.wrapped_application"):
        assert get_internal_wsgi_application() is wrapped_application


@pytest.mark.parametrize(
    "path", ["tests.servers.no_such_module.application", f"{__name__}.no_such_name"]
)
def test_unimportable_setting_names_the_culprit(path: str) -> None:
    with (
        override_settings(WSGI_APPLICATION=path),
        pytest.raises(ImproperlyConfigured, match="WSGI_APPLICATION") as info,
    ):
        get_internal_wsgi_application()
    assert repr(path) in str(info.value)
    assert isinstance(info.value.__cause__, ImportError)

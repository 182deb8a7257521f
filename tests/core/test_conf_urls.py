"""scallion.conf.urls: the default handlers, include, and static() for development."""

from __future__ import annotations

import pytest

from scallion.conf.urls import handler404, include
from scallion.conf.urls.static import static
from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import override_settings
from scallion.urls import include as urls_include
from scallion.views import View, defaults
from scallion.views.generic import View as GenericView
from scallion.views.static import serve


def test_names_as_in_django() -> None:
    assert include is urls_include
    assert handler404 is defaults.page_not_found
    assert View is GenericView


def test_static_serves_only_while_debugging() -> None:
    with override_settings(DEBUG=True):
        (pattern,) = static("/media/", document_root="/srv/media")
        assert pattern.callback is serve
        assert pattern.default_args == {"document_root": "/srv/media"}
        assert pattern.resolve("media/a/b.png").kwargs["path"] == "a/b.png"
        assert static("https://cdn.example/media/") == []  # another host serves them
    with override_settings(DEBUG=False):
        assert static("/media/") == []
    with pytest.raises(ImproperlyConfigured, match="Empty static prefix not permitted"):
        static("")

"""scallion.conf.urls: include, the default error handlers, and static() for DEBUG serving."""

from __future__ import annotations

import pytest

from scallion.conf.urls import handler400, handler403, handler404, handler500, include
from scallion.conf.urls.static import static
from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import override_settings
from scallion.urls import include as urls_include
from scallion.views import defaults
from scallion.views.static import serve


def test_the_error_handlers_are_the_default_views() -> None:
    assert include is urls_include
    assert handler400 is defaults.bad_request
    assert handler403 is defaults.permission_denied
    assert handler404 is defaults.page_not_found
    assert handler500 is defaults.server_error


@override_settings(DEBUG=True)
def test_static_serves_the_prefix_in_debug() -> None:
    (pattern,) = static("/media/", document_root="/srv/media")
    match = pattern.resolve("media/a/b.txt")
    assert match is not None
    assert match.func is serve
    assert match.kwargs == {"path": "a/b.txt", "document_root": "/srv/media"}
    # A prefix with regex characters matches literally.
    (dotted,) = static("/m.e+dia/")
    assert dotted.resolve("mXe+dia/x") is None
    assert dotted.resolve("m.e+dia/x") is not None


@override_settings(DEBUG=False)
def test_static_adds_nothing_outside_debug() -> None:
    assert static("/media/") == []


@override_settings(DEBUG=True)
def test_static_adds_nothing_for_another_host() -> None:
    assert static("https://cdn.example.com/media/") == []


def test_static_refuses_an_empty_prefix() -> None:
    with pytest.raises(ImproperlyConfigured, match="URL prefix"):
        static("")

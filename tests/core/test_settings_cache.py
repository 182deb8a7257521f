"""``settings_cache``: the settings the request path reads, always equal to ``settings``."""

from __future__ import annotations

import pytest

from scallion.conf import SettingsCache, settings, settings_cache
from scallion.test import override_settings


def test_values_are_the_settings_values() -> None:
    for name in SettingsCache.__annotations__:
        assert getattr(settings_cache, name) == getattr(settings, name), name


def test_the_scheme_follows_secure_proxy_ssl_header() -> None:
    from scallion.test import RequestFactory

    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.scheme == "http"
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert request.scheme == "https"
    assert request.scheme == "http"


def test_override_settings_is_seen_and_undone() -> None:
    before = settings_cache.ROOT_URLCONF
    with override_settings(ROOT_URLCONF="tests.core.trace_urls", FORCE_SCRIPT_NAME="/mount"):
        assert settings_cache.ROOT_URLCONF == "tests.core.trace_urls"
        assert settings_cache.FORCE_SCRIPT_NAME == "/mount"
    assert settings_cache.ROOT_URLCONF == before
    assert settings_cache.FORCE_SCRIPT_NAME == settings.FORCE_SCRIPT_NAME


def test_assigning_and_deleting_a_setting_is_seen() -> None:
    with override_settings():
        settings.FORCE_SCRIPT_NAME = "/assigned"
        assert settings_cache.FORCE_SCRIPT_NAME == "/assigned"
        del settings.FORCE_SCRIPT_NAME
        with pytest.raises(AttributeError):
            _ = settings.FORCE_SCRIPT_NAME
        # Gone from settings: the cache falls back to its default, None.
        assert settings_cache.FORCE_SCRIPT_NAME is None


def test_assigning_another_setting_leaves_the_cached_ones() -> None:
    with override_settings(ROOT_URLCONF="tests.core.trace_urls"):
        settings.APPEND_SLASH = False
        assert settings_cache.ROOT_URLCONF == "tests.core.trace_urls"


def test_force_script_name_reaches_the_request_through_the_cache() -> None:
    from scallion.test import Client

    with override_settings(ROOT_URLCONF="tests.core.trace_urls", FORCE_SCRIPT_NAME="/mount"):
        response = Client().get("/view/")
        assert response.status_code == 200
        assert response.wsgi_request.path == "/mount/view/"
        assert response.wsgi_request.path_info == "/view/"

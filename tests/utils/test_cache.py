"""The page-cache keys of scallion.utils.cache: Django's keys, character for character."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from scallion.http import HttpResponse
from scallion.test import RequestFactory, override_settings
from scallion.utils.cache import (
    get_cache_key,
    get_max_age,
    has_vary_header,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
)

LOCMEM = "scallion.core.cache.backends.locmem.LocMemCache"
URL_DIGEST = "18a03f9c9649f7d684af5db3524f5c99"  # md5 of http://www.example.com/cache/test/
EMPTY_DIGEST = "d41d8cd98f00b204e9800998ecf8427e"


@pytest.fixture(autouse=True)
def key_settings() -> Iterator[None]:
    with override_settings(
        CACHE_MIDDLEWARE_KEY_PREFIX="settingsprefix",
        CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": "utils-cache-keys"}},
        USE_I18N=False,
        USE_TZ=False,
        ALLOWED_HOSTS=[".example.com"],
    ):
        yield
        from scallion.core.cache import cache

        cache.clear()


factory = RequestFactory(headers={"host": "www.example.com"})


def test_get_cache_key_needs_a_learnt_header_list() -> None:
    request = factory.get("/cache/test/")
    assert get_cache_key(request) is None
    learn_cache_key(request, HttpResponse())
    assert get_cache_key(request) == (
        f"views.decorators.cache.cache_page.settingsprefix.GET.{URL_DIGEST}.{EMPTY_DIGEST}"
    )
    learn_cache_key(request, HttpResponse(), key_prefix="localprefix")
    assert get_cache_key(request, key_prefix="localprefix") == (
        f"views.decorators.cache.cache_page.localprefix.GET.{URL_DIGEST}.{EMPTY_DIGEST}"
    )


def test_the_query_string_is_part_of_the_key() -> None:
    request = factory.get("/cache/test/", {"test": 1})
    learn_cache_key(request, HttpResponse())
    assert get_cache_key(request) == (
        "views.decorators.cache.cache_page.settingsprefix.GET."
        f"beaf87a9a99ee81c673ea2d67ccbec2a.{EMPTY_DIGEST}"
    )


def test_vary_headers_are_in_the_key() -> None:
    request = factory.head("/cache/test/")
    response = HttpResponse()
    response.headers["Vary"] = "Pony"
    learn_cache_key(request, response)
    assert get_cache_key(request) == (
        "views.decorators.cache.cache_page.settingsprefix.GET."
        f"{URL_DIGEST}.4792b9bac48c3f0441b0d9b0d7af8f2c"
    )


def test_the_host_is_part_of_the_key() -> None:
    one = factory.get("/cache/test/", headers={"host": "sub-1.example.com"})
    two = factory.get("/cache/test/", headers={"host": "sub-2.example.com"})
    learn_cache_key(one, HttpResponse())
    learn_cache_key(two, HttpResponse())
    assert get_cache_key(one) != get_cache_key(two)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"X-Region": "EU", "X-Tenant": ""}, {"X-Region": "", "X-Tenant": "EU"}),
        ({"X-Region": "EU"}, {"X-Tenant": "EU"}),
        ({"X-Region": ""}, {}),
    ],
)
def test_header_values_cannot_collide(a: dict[str, str], b: dict[str, str]) -> None:
    response = HttpResponse()
    response.headers["Vary"] = " X-Region , X-Tenant "
    first = factory.get("/cache/test/", headers=a)
    second = factory.get("/cache/test/", headers=b)
    learn_cache_key(first, response)
    assert get_cache_key(first) != get_cache_key(second)


def test_time_zone_and_language_suffixes() -> None:
    request = factory.get("/cache/test/")
    with override_settings(USE_TZ=True, TIME_ZONE="Europe/Paris"):
        assert learn_cache_key(request, HttpResponse()).endswith(".Europe/Paris")
    with override_settings(USE_I18N=True, LANGUAGE_CODE="fr"):
        response = HttpResponse()
        response.headers["Vary"] = "Accept-Language"
        key = learn_cache_key(request, response)
        assert key.endswith(".fr")
        # The language is in the key already: Accept-Language is not hashed again.
        assert key.split(".")[-2] == EMPTY_DIGEST
        request.LANGUAGE_CODE = "de"  # type: ignore[attr-defined]
        assert learn_cache_key(request, response).endswith(".de")


def test_the_suffix_follows_a_change_of_use_tz_or_use_i18n() -> None:
    # The page cache reads USE_I18N and USE_TZ through settings_cache, read again
    # whenever settings change: the lookup keys and the stored keys agree throughout.
    from scallion.utils.cache import _url_keys

    request = factory.get("/cache/test/")
    for use_i18n, use_tz, suffix in [
        (False, False, ""),
        (False, True, ".Europe/Paris"),
        (True, True, ".fr.Europe/Paris"),
        (True, False, ".fr"),
        (False, False, ""),
    ]:
        with override_settings(
            USE_I18N=use_i18n, USE_TZ=use_tz, TIME_ZONE="Europe/Paris", LANGUAGE_CODE="fr"
        ):
            header_key, _digest, key_suffix, _plain = _url_keys(request, "")
            assert key_suffix == suffix
            assert header_key.endswith(request_digest(request) + suffix)
            assert learn_cache_key(request, HttpResponse(), key_prefix="") == _plain


def test_the_suffix_follows_a_setting_assigned_directly() -> None:
    from scallion.conf import settings
    from scallion.utils.cache import _url_keys

    request = factory.get("/cache/test/")
    with override_settings(USE_I18N=False, USE_TZ=False, TIME_ZONE="Europe/Paris"):
        assert _url_keys(request, "")[2] == ""
        settings.USE_TZ = True  # no setting_changed signal: still seen
        assert _url_keys(request, "")[2] == ".Europe/Paris"
        assert learn_cache_key(request, HttpResponse(), key_prefix="").endswith(".Europe/Paris")


def request_digest(request: Any) -> str:
    import hashlib

    return hashlib.md5(request.build_absolute_uri().encode()).hexdigest()


def test_each_active_zone_keys_its_own_pages() -> None:
    # Fixed offsets compare equal whatever their names, so the URL-keys memo
    # takes them by their suffix: each name still keys its own pages, as do
    # ZoneInfo zones, remembered or not; the lookup keys and the stored keys agree.
    import datetime
    import zoneinfo

    from scallion.utils import timezone
    from scallion.utils.cache import _url_keys

    request = factory.get("/cache/test/")
    zones = [
        datetime.timezone(datetime.timedelta(hours=3), "East"),
        datetime.timezone(datetime.timedelta(hours=3), "Other"),
        zoneinfo.ZoneInfo("Asia/Tokyo"),
        zoneinfo.ZoneInfo("Europe/Paris"),
    ]
    with override_settings(USE_TZ=True, USE_I18N=False):
        for _ in range(2):  # the second time from what was remembered
            suffixes, stored = [], []
            for zone in zones:
                with timezone.override(zone):
                    header_key, _digest, suffix, plain = _url_keys(request, "")
                    assert header_key.endswith(suffix)
                    key = learn_cache_key(request, HttpResponse(), key_prefix="")
                    assert key == plain
                    suffixes.append(suffix)
                    stored.append(key.rsplit(".", 1)[1])
            assert suffixes == [".East", ".Other", ".Asia/Tokyo", ".Europe/Paris"]
            assert stored == ["East", "Other", "Asia/Tokyo", "Europe/Paris"]


def test_header_parsing_strips_whitespace() -> None:
    response = HttpResponse()
    response.headers["Vary"] = " Cookie "
    patch_vary_headers(response, ["\tcookie", " * "])
    assert response.headers["Vary"] == "*"
    response = HttpResponse()
    response.headers["Vary"] = "Cookie , Accept"
    assert has_vary_header(response, " accept ")
    response.headers["Cache-Control"] = " max-age=300"
    assert get_max_age(response) == 300
    response.headers["Cache-Control"] = 'no-cache = "Set-Cookie"'
    patch_cache_control(response, no_cache=True)
    assert response.headers["Cache-Control"] == "no-cache"


def test_cache_control_keeps_the_order_directives_came_in() -> None:
    from scallion.utils.cache import add_never_cache_headers

    response = HttpResponse()
    add_never_cache_headers(response)
    assert response.headers["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
    response = HttpResponse()
    response.headers["Cache-Control"] = "no-cache=Set-Cookie, public"
    patch_cache_control(response, no_cache="Link", max_age=5)
    assert response.headers["Cache-Control"] == (
        "no-cache=Set-Cookie, no-cache=Link, public, max-age=5"
    )

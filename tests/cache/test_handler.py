"""``caches``, ``cache`` and the CACHES setting: aliases, errors, closing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from scallion.core.cache import (
    InvalidCacheBackendError,
    caches,
    close_caches,
)
from scallion.core.cache.backends.base import BaseCache
from scallion.core.cache.backends.dummy import DummyCache
from scallion.core.cache.utils import make_template_fragment_key
from scallion.core.signals import request_finished
from scallion.test import Client, override_settings
from tests.cache.conftest import DUMMY, LOCMEM


class ClosingCache(DummyCache):
    closed = False

    def close(self, **kwargs: Any) -> None:
        self.closed = True


def test_same_instance_within_a_thread() -> None:
    assert caches["default"] is caches["default"]


def test_default_settings_are_a_local_memory_cache() -> None:
    from scallion.conf import global_settings

    assert global_settings.CACHES == {"default": {"BACKEND": LOCMEM}}
    assert global_settings.CACHE_MIDDLEWARE_SECONDS == 600
    assert global_settings.CACHE_MIDDLEWARE_ALIAS == "default"
    assert global_settings.CACHE_MIDDLEWARE_KEY_PREFIX == ""


def test_unknown_alias_and_backend() -> None:
    with pytest.raises(InvalidCacheBackendError, match="The connection 'nope' doesn't exist"):
        caches["nope"]
    with override_settings(CACHES={"default": {"BACKEND": "no.such.Backend"}}):
        with pytest.raises(InvalidCacheBackendError, match=r"Could not find backend 'no\.such"):
            caches["default"]
    with override_settings(CACHES={"default": {"LOCATION": "x"}}):
        with pytest.raises(InvalidCacheBackendError, match="has no 'BACKEND'"):
            caches["default"]


def test_settings_change_rebuilds_backends() -> None:
    before = caches["default"]
    with override_settings(CACHES={"default": {"BACKEND": DUMMY}}):
        assert isinstance(caches["default"], DummyCache)
    assert caches["default"] is not before
    assert not isinstance(caches["default"], DummyCache)


def test_all_and_initialized_only() -> None:
    with override_settings(CACHES={"default": {"BACKEND": DUMMY}, "other": {"BACKEND": DUMMY}}):
        assert caches.all(initialized_only=True) == []
        default = caches["default"]
        assert caches.all(initialized_only=True) == [default]
        assert len(caches.all()) == 2


def test_closing_backends_are_closed_when_a_request_finishes() -> None:
    backend = "tests.cache.test_handler.ClosingCache"
    with override_settings(CACHES={"default": {"BACKEND": backend}}):
        closing = caches["default"]
        assert isinstance(closing, ClosingCache)
        assert not closing.closed
        request_finished.send(sender=None)
        assert closing.closed


def test_backends_without_close_leave_request_finished_alone() -> None:
    request_finished.disconnect(dispatch_uid="scallion.core.cache.close_caches")
    with override_settings(CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": "no-close"}}):
        caches["default"].set("x", 1)
        assert close_caches not in request_finished.receivers
        Client().get("/")  # a request through the handler does not connect it either
        assert close_caches not in request_finished.receivers


def test_dummy_cache_stores_nothing() -> None:
    cache = DummyCache("", {})
    assert cache.add("a", 1) is True
    cache.set("a", 1)
    assert cache.get("a", "d") == "d"
    assert cache.get_many(["a"]) == {}
    assert cache.has_key("a") is False
    assert cache.touch("a") is False
    assert cache.delete("a") is False
    assert cache.get_or_set("a", 2) == 2
    with pytest.raises(ValueError):
        cache.incr("a")
    with pytest.raises(ValueError):
        cache.incr_version("a")
    assert cache.set_many({"a": 1}) == []
    cache.clear()

    async def async_twins() -> None:
        assert await cache.aget("a", "d") == "d"
        assert await cache.aadd("a", 1) is True
        assert await cache.ahas_key("a") is False

    asyncio.run(async_twins())


def test_base_cache_names_what_a_backend_must_provide() -> None:
    cache = BaseCache({})
    for call in (
        lambda: cache.get("k"),
        lambda: cache.set("k", 1),
        lambda: cache.add("k", 1),
        lambda: cache.delete("k"),
        lambda: cache.touch("k"),
        lambda: cache.clear(),
    ):
        with pytest.raises(NotImplementedError, match="subclasses of BaseCache must provide"):
            call()


# Django's keys for the same input: a fragment deleted by its key in ported code
# is the one the tag stored.
@pytest.mark.parametrize(
    ("name", "vary_on", "expected"),
    [
        ("a.fragment", None, "template.cache.a.fragment.d41d8cd98f00b204e9800998ecf8427e"),
        ("foo", ["abc"], "template.cache.foo.a6360ec2c58ecc4b23fd5bd00216fccd"),
        ("bar", ["abc", "def"], "template.cache.bar.250310c146db454966b64f5fc265a540"),
        ("spam", ["abc:def%"], "template.cache.spam.bf6c24ef2576004284e0522c15314d8c"),
        ("foo", [1, 2, 3, 4, 5], "template.cache.foo.087c006c1b99e0d147f624b4921f8a13"),
        ("foo", ["42º", "😀"], "template.cache.foo.ab66482052ab2084b9d25bdd04bc9b10"),
        ("foo", ["x" * 10000], "template.cache.foo.abff8a6702abde497feae7f61de2ef1e"),
    ],
)
def test_make_template_fragment_key(name: str, vary_on: Any, expected: str) -> None:
    assert make_template_fragment_key(name, vary_on) == expected


def test_fragment_keys_do_not_collide() -> None:
    assert make_template_fragment_key("a", ["a:b", "c"]) != make_template_fragment_key(
        "a", ["a", "b:c"]
    )

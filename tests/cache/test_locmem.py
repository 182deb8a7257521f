"""LocMemCache: shared per LOCATION, least-recently-used culling, thread safety."""

from __future__ import annotations

import pickle
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from scallion.core.cache import BaseCache, CacheKeyWarning, caches
from scallion.core.cache.backends.base import PAGE_NOT_READ
from scallion.core.cache.backends.locmem import LocMemCache
from scallion.http import HttpResponse
from scallion.test import override_settings
from tests.cache.conftest import LOCMEM


@pytest.fixture
def small() -> Iterator[BaseCache]:
    options = {"MAX_ENTRIES": 9, "CULL_FREQUENCY": 3}
    with override_settings(
        CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": "lru-test", "OPTIONS": options}}
    ):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_same_location_shares_one_store() -> None:
    one = LocMemCache("shared-location", {})
    two = LocMemCache("shared-location", {})
    elsewhere = LocMemCache("another-location", {})
    one.set("key", "v")
    assert two.get("key") == "v"
    assert elsewhere.get("key") is None
    one.clear()


def test_cull_drops_the_least_recently_used(small: BaseCache) -> None:
    for i in range(9):
        small.set(f"k{i}", i)
    # Reading k0..k2 makes them recent; k3..k5 become the oldest.
    for i in range(3):
        assert small.get(f"k{i}") == i
    small.set("new", "v")  # full: a third (3 entries) go
    present = {f"k{i}" for i in range(9) if small.has_key(f"k{i}")}
    assert present == {"k0", "k1", "k2", "k6", "k7", "k8"}
    assert small.get("new") == "v"


def test_incr_counts_as_a_use(small: BaseCache) -> None:
    for i in range(9):
        small.set(f"k{i}", i)
    small.incr("k0")
    small.set("new", 1)
    assert small.get("k0") == 1
    assert small.get("k1") is None


def test_zero_cull_frequency_clears_all() -> None:
    options = {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 0}
    with override_settings(
        CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": "zero-cull", "OPTIONS": options}}
    ):
        cache = caches["default"]
        for i in range(5):
            cache.set(f"k{i}", i)
        cache.set("new", 1)
        assert cache.get_many([f"k{i}" for i in range(5)]) == {}
        assert cache.get("new") == 1
        cache.clear()


def test_bad_options_fall_back_to_defaults() -> None:
    cache = LocMemCache("bad-options", {"OPTIONS": {"MAX_ENTRIES": "x", "CULL_FREQUENCY": None}})
    assert cache._max_entries == 300
    assert cache._cull_frequency == 3


LOCK_STATES: list[bool] = []
PROBED = LocMemCache("lock-test", {})


class LockProbe:
    """Records, while being pickled, whether the store's lock is held."""

    def __getstate__(self) -> dict[str, bool]:
        LOCK_STATES.append(PROBED._lock.locked())
        return {}


def test_pickling_happens_outside_the_lock() -> None:
    LOCK_STATES.clear()
    PROBED.set("probe", LockProbe())
    PROBED.add("probe2", LockProbe())
    assert LOCK_STATES == [False, False]
    PROBED.clear()


def test_immutable_values_skip_the_pickle_but_stay_equal() -> None:
    cache = LocMemCache("immutables", {})
    cache.set("s", "text")
    assert cache._cache[cache.make_key("s")] == ("text",)
    cache.set("l", [1, "a"])
    first = cache.get("l")
    assert first == [1, "a"]
    first.append("changed")
    assert cache.get("l") == [1, "a"]
    cache.set("nested", [[1]])  # a list holding a list is pickled
    assert isinstance(cache._cache[cache.make_key("nested")], bytes)
    assert cache.get("s") == "text"
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    assert cache._cache[cache.make_key("n")] == (2,)
    cache.clear()


def test_threads_get_their_own_instance_of_one_store() -> None:
    seen: list[BaseCache] = []

    def read() -> None:
        seen.append(caches["default"])

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
        thread.join()
    assert seen[0] is not seen[1]
    seen[0].set("from-thread", 1)
    assert seen[1].get("from-thread") == 1
    seen[0].delete("from-thread")


def test_concurrent_increments_are_not_lost() -> None:
    cache = LocMemCache("concurrent", {})
    cache.set("n", 0)

    def bump() -> None:
        for _ in range(500):
            cache.incr("n")

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("n") == 2000
    cache.clear()


class TaggedResponse(HttpResponse):
    pass


def test_responses_come_back_as_fresh_equal_copies() -> None:
    cache = LocMemCache("responses", {})
    response = TaggedResponse(b"body", content_type="text/plain", status=201)
    response["X-Extra"] = "1"
    response.set_cookie("flavour", "oat")
    response.custom = {"list": [1]}  # type: ignore[attr-defined]
    response._closable_request = object()  # what the handler attaches: not kept
    cache.set("page", response)
    first = cache.get("page")
    second = cache.get("page")
    assert first is not second
    assert type(first) is TaggedResponse
    assert first.status_code == 201
    assert first.content == b"body"
    assert first["X-Extra"] == "1"
    assert first.cookies["flavour"].value == "oat"
    assert first.custom == {"list": [1]}
    assert first._closable_request is None
    first["X-Extra"] = "changed"
    first.custom["list"].append(2)
    first.write(b" more")
    first.cookies["flavour"] = "soy"
    assert second["X-Extra"] == "1"
    assert cache.get("page").custom == {"list": [1]}
    assert cache.get("page").content == b"body"
    assert cache.get("page").cookies["flavour"].value == "oat"
    # The same as a pickle round trip would give.
    unpickled = pickle.loads(pickle.dumps(response))
    assert dict(unpickled.headers) == dict(cache.get("page").headers)
    cache.clear()


def test_an_unrendered_template_response_is_refused() -> None:
    from scallion.template.response import ContentNotRenderedError, SimpleTemplateResponse

    cache = LocMemCache("responses", {})
    with pytest.raises(ContentNotRenderedError):
        cache.set("page", SimpleTemplateResponse("page.html"))


def test_a_key_function_assigned_later_is_used() -> None:
    cache = LocMemCache("late-key-func", {})
    cache.key_func = lambda key, prefix, version: f"custom-{key}"
    cache.set("k", 1)
    assert cache.get("k") == 1
    assert cache.make_key("k") in cache._cache
    with pytest.warns(CacheKeyWarning, match="'custom-a b'"):
        cache.get("a b")
    cache.clear()


class StatefulResponse(HttpResponse):
    """A response class with its own ``__setstate__``: the cache must still call it."""

    def __setstate__(self, state: dict[str, object]) -> None:
        super().__setstate__(state)
        self.restored = True


def test_a_class_with_its_own_setstate_has_it_called_on_each_get() -> None:
    cache = LocMemCache("responses-setstate", {})
    cache.set("page", StatefulResponse(b"body", content_type="text/plain"))
    first = cache.get("page")
    assert type(first) is StatefulResponse
    assert first.restored is True
    assert first.content == b"body"
    first["Content-Type"] = "text/html"
    assert cache.get("page")["Content-Type"] == "text/plain"
    cache.clear()


def test_a_plain_response_gets_its_own_headers_and_body_on_each_get() -> None:
    cache = LocMemCache("responses-plain", {})
    cache.set("page", HttpResponse(b"body", content_type="text/plain"))
    first = cache.get("page")
    first["Age"] = "3"
    first.write(b" more")
    second = cache.get("page")
    assert "Age" not in second
    assert second.content == b"body"
    assert second.headers._store is not first.headers._store
    cache.clear()


def test_an_expired_page_is_a_miss() -> None:
    cache = LocMemCache("responses-expired", {})
    cache.set("page", HttpResponse(b"body"), timeout=0)
    assert cache.get("page") is None
    cache.set("page", HttpResponse(b"body"), timeout=60)
    cache._expire_info[cache.make_key("page")] = 0.0  # its time has come
    assert cache.get("page", "missing") == "missing"
    assert cache.get("page") is None
    cache.clear()


def test_get_page_reads_what_two_gets_read() -> None:
    from scallion.http.response import FrozenResponse

    cache = LocMemCache("page-reads", {"KEY_PREFIX": "site", "VERSION": 3})
    assert cache._get_page("headers", "page", time.time()) == (None, PAGE_NOT_READ)
    cache.set("headers", [])
    assert cache._get_page("headers", "page", time.time()) == ([], None)
    cache.set("page", HttpResponse(b"body"))
    headerlist, page = cache._get_page("headers", "page", time.time())
    assert headerlist == []
    assert page.__class__ is FrozenResponse
    assert page.thaw().content == cache.get("page").content == b"body"
    # A header list that names headers: the page key depends on their values.
    cache.set("headers", ["HTTP_ACCEPT"])
    assert cache._get_page("headers", "page", time.time()) == (["HTTP_ACCEPT"], PAGE_NOT_READ)
    # A stored value that is not a response comes back as get() gives it.
    cache.set("headers", [])
    cache.set("page", {"not": "a response"})
    assert cache._get_page("headers", "page", time.time()) == ([], {"not": "a response"})
    cache.clear()


def test_get_page_keeps_each_entrys_expiry_and_recency() -> None:
    cache = LocMemCache("page-expiry", {"OPTIONS": {"MAX_ENTRIES": 3, "CULL_FREQUENCY": 3}})
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"body"))
    cache._expire_info[cache.make_key("page")] = 0.0  # the page's time has come
    assert cache._get_page("headers", "page", time.time()) == ([], None)
    assert cache.make_key("page") not in cache._cache  # dropped, as get() drops it
    cache.set("page", HttpResponse(b"body"))
    cache._expire_info[cache.make_key("headers")] = 0.0
    assert cache._get_page("headers", "page", time.time())[0] is None
    # Both entries read are the most recently used: a cull drops the others.
    cache.set("headers", [])
    cache.set("other", 1)
    cache._get_page("headers", "page", time.time())
    cache.set("new", 2)  # full: the least recently used third goes
    assert cache.get("other") is None
    assert cache.get("headers") == []
    cache.clear()


def test_get_page_follows_a_changed_prefix_version_or_key_function() -> None:
    # The stored forms of the two keys are remembered between reads; a prefix,
    # version or key function assigned afterwards is still what the next read uses.
    cache = LocMemCache("page-keys-change", {"KEY_PREFIX": "one"})
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"first"))
    assert cache._get_page("headers", "page", time.time())[1].thaw().content == b"first"
    cache.key_prefix = "two"
    assert cache._get_page("headers", "page", time.time()) == (None, PAGE_NOT_READ)
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"second"))
    assert cache._get_page("headers", "page", time.time())[1].thaw().content == b"second"
    cache.version = 2
    assert cache._get_page("headers", "page", time.time()) == (None, PAGE_NOT_READ)
    cache.version = 1
    cache.key_func = lambda key, prefix, version: f"custom-{key}"
    assert cache._get_page("headers", "page", time.time()) == (None, PAGE_NOT_READ)
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"third"))
    assert "custom-page" in cache._cache
    assert cache._get_page("headers", "page", time.time())[1].thaw().content == b"third"
    cache.clear()


def test_get_page_warns_about_a_key_memcached_refuses_on_every_read() -> None:
    cache = LocMemCache("page-keys-warn", {})
    header_key, page_key = "headers with spaces", "page"
    for _ in range(2):
        with pytest.warns(CacheKeyWarning):
            assert cache._get_page(header_key, page_key, time.time()) == (None, PAGE_NOT_READ)
    assert header_key not in cache._page_keys_memo


def test_get_page_remembers_a_bounded_number_of_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from scallion.core.cache.backends import locmem

    monkeypatch.setattr(locmem, "_PAGE_KEYS_MAX", 4)
    cache = LocMemCache("page-keys-bound", {})
    for index in range(10):
        cache._get_page(f"headers-{index}", f"page-{index}", time.time())
        assert len(cache._page_keys_memo) <= 4
    cache.set("headers-9", [])
    cache.set("page-9", 9)
    assert cache._get_page("headers-9", "page-9", time.time()) == ([], 9)


class _DeletesOnRead(dict):  # type: ignore[type-arg]
    """An expiry table whose read of ``key`` lets "another thread" delete the entry."""

    def __init__(self, data: dict[str, float | None], store: dict[str, object], key: str) -> None:
        super().__init__(data)
        self._store = store
        self._key = key

    def __getitem__(self, key: str) -> object:
        value = super().__getitem__(key)
        if key == self._key:
            self._store.pop(key, None)  # deleted between the expiry read and the entry read
        return value


@pytest.mark.parametrize(
    ("deleted", "read"), [("headers", (None, PAGE_NOT_READ)), ("page", ([], None))]
)
def test_get_page_takes_an_entry_deleted_while_it_reads_as_a_miss(
    deleted: str, read: tuple[object, object]
) -> None:
    # The page reads run without the lock: another thread may delete an entry
    # between two of their steps. That is a miss, never a KeyError; a page gone
    # while its header list was read leaves the list known (a HEAD then tries
    # its own page, as when the page was never stored).
    cache = LocMemCache("page-concurrent-delete", {})
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"body"))
    made = cache.make_key(deleted)
    cache._expire_info = _DeletesOnRead(cache._expire_info, cache._cache, made)
    assert cache._get_page("headers", "page", time.time()) == read
    assert made not in cache._cache
    cache._expire_info = dict(cache._expire_info)
    cache.clear()


def test_get_page_checks_expiry_against_the_callers_clock() -> None:
    cache = LocMemCache("page-clock", {})
    cache.set("headers", [], timeout=60)
    cache.set("page", HttpResponse(b"body"), timeout=60)
    assert cache._get_page("headers", "page", time.time() + 30)[1].thaw().content == b"body"
    assert cache._get_page("headers", "page", time.time() + 61) == (None, PAGE_NOT_READ)
    # Dropped only if the clock says so too, under the lock: here it does not.
    assert cache.get("headers") == []
    cache.clear()


def test_an_empty_header_list_is_stored_as_one_shared_value() -> None:
    # What the page cache stores for most pages; every get still hands out a new list.
    from scallion.core.cache.backends import locmem

    cache = LocMemCache("empty-lists", {})
    cache.set("one", [])
    cache.set("two", [])
    assert cache._cache[cache.make_key("one")] is locmem._NO_HEADERS
    assert cache._cache[cache.make_key("two")] is locmem._NO_HEADERS
    first = cache.get("one")
    first.append("changed")
    assert cache.get("one") == [] == cache.get("two")
    cache.clear()


def test_changing_how_keys_are_made_forgets_the_remembered_page_keys() -> None:
    cache = LocMemCache("page-keys-forget", {})
    cache._get_page("headers", "page", time.time())
    assert "headers" in cache._page_keys_memo
    for name, value in (("key_prefix", "p"), ("version", 7), ("key_func", lambda *a: "k")):
        cache._get_page("headers", "page", time.time())
        setattr(cache, name, value)
        assert cache._page_keys_memo == {}, name
    cache.key_prefix = ""
    cache.clear()


def test_keys_made_while_the_prefix_changes_are_not_remembered() -> None:
    # Another thread assigns key_prefix while a read is making the stored keys
    # from the old one: those keys must not be remembered for the new prefix.
    cache = LocMemCache("page-keys-race", {"KEY_PREFIX": "one"})
    original = cache.validate_key
    changed: list[bool] = []

    def validate_then_change(key: str) -> None:
        original(key)
        if not changed:
            changed.append(True)
            cache.key_prefix = "two"  # "meanwhile", from another thread

    cache.validate_key = validate_then_change  # type: ignore[method-assign]
    cache._get_page("headers", "page", time.time())
    assert cache._page_keys_memo == {}
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"two"))
    assert cache._get_page("headers", "page", time.time())[1].thaw().content == b"two"
    assert cache._page_keys_memo["headers"][1] == "two:1:headers"
    cache.clear()


class _CountingLock:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acquired = 0

    def acquire(self) -> bool:
        self.acquired += 1
        return self.lock.acquire()

    def release(self) -> None:
        self.lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def test_get_page_goes_without_the_lock_only_under_the_gil() -> None:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    expected = LocMemCache._read_page if gil else LocMemCache._read_page_locked
    assert LocMemCache._get_page is expected


@pytest.mark.parametrize("locked", [False, True])
def test_page_reads_take_the_lock_only_when_locked(
    monkeypatch: pytest.MonkeyPatch, locked: bool
) -> None:
    cache = LocMemCache("page-lock", {})
    cache.set("headers", [])
    cache.set("page", HttpResponse(b"body"))
    counting = _CountingLock()
    monkeypatch.setattr(cache, "_lock", counting)
    read = cache._read_page_locked if locked else cache._read_page
    assert read("headers", "page", time.time())[1].thaw().content == b"body"
    assert counting.acquired == (1 if locked else 0)
    # An expired entry is dropped under the lock either way, and only once.
    cache._expire_info[cache.make_key("page")] = 0.0
    before = counting.acquired
    assert read("headers", "page", time.time()) == ([], None)
    assert counting.acquired == before + 1
    assert cache.make_key("page") not in cache._cache
    assert not counting.lock.locked()
    monkeypatch.undo()
    cache.clear()


def test_get_page_reads_stay_valid_while_other_threads_write() -> None:
    # Readers without the lock against writers that set, delete, cull and clear:
    # every read is a miss or the page as stored, and none raises.
    cache = LocMemCache("page-hammer", {"OPTIONS": {"MAX_ENTRIES": 6, "CULL_FREQUENCY": 2}})
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: set[bytes] = set()

    def write() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            cache.set("headers", [])
            cache.set("page", HttpResponse(b"body"))
            cache.set(f"other-{n % 7}", n)
            if n % 3 == 0:
                cache.delete("page")
            if n % 11 == 0:
                cache.clear()

    def read() -> None:
        try:
            for _ in range(20000):
                _headerlist, page = cache._get_page("headers", "page", time.time())
                if page is not None and page is not PAGE_NOT_READ:
                    seen.add(page.thaw().content)
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    writers = [threading.Thread(target=write) for _ in range(2)]
    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in writers + readers:
        thread.start()
    for thread in readers:
        thread.join()
    stop.set()
    for thread in writers:
        thread.join()
    assert errors == []
    assert seen <= {b"body"}
    cache.clear()


def _refuse_to_load() -> None:
    raise KeyError("a stored value that cannot be loaded")


class _Unloadable:
    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _refuse_to_load, ()


def test_get_page_lets_an_error_from_loading_a_stored_value_through() -> None:
    # Only a KeyError from the store's own look-ups means "deleted meanwhile";
    # one raised while loading what was stored is not taken for a miss.
    cache = LocMemCache("page-unloadable", {})
    cache.set("headers", _Unloadable())
    with pytest.raises(KeyError, match="cannot be loaded"):
        cache._get_page("headers", "page", time.time())
    cache.clear()

"""FileBasedCache: atomic files, bounded directory, damaged entries are misses."""

from __future__ import annotations

import logging
import os
import pickle
import stat
import time
import zlib
from pathlib import Path
from unittest import mock

import pytest

from scallion.core.cache.backends.filebased import FileBasedCache


@pytest.fixture
def cache(tmp_path: Path) -> FileBasedCache:
    return FileBasedCache(tmp_path / "cache", {"OPTIONS": {"MAX_ENTRIES": 10}})


@pytest.mark.parametrize(
    "content",
    [
        b"",  # empty: expired
        b"garbage that is not a pickle",
        pickle.dumps(time.time() + 100) + b"not zlib",
        pickle.dumps(time.time() + 100) + zlib.compress(b"not a pickle"),
        pickle.dumps(time.time() + 100) + zlib.compress(pickle.dumps("v"))[:-4],  # truncated
        pickle.dumps("an expiry that is a string") + zlib.compress(pickle.dumps("v")),
    ],
    ids=["empty", "garbage", "bad-zlib", "bad-pickle", "truncated", "bad-expiry"],
)
def test_a_damaged_entry_is_a_miss_and_is_removed(
    cache: FileBasedCache, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    cache.set("key", "v")
    path = Path(cache._key_to_file("key"))
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="scallion.cache"):
        assert cache.get("key", "default") == "default"
    assert not path.exists()
    cache.set("key", "v")
    path.write_bytes(content)
    assert cache.has_key("key") is False
    cache.set("key", "v")
    path.write_bytes(content)
    assert cache.touch("key") is False
    assert cache.add("key", "fresh") is True
    assert cache.get("key") == "fresh"


def test_writes_are_atomic_renames(cache: FileBasedCache) -> None:
    with mock.patch("os.replace", side_effect=OSError("disk full")):
        with pytest.raises(OSError, match="disk full"):
            cache.set("key", "v")
    # No entry and no temporary file left behind.
    assert os.listdir(cache._dir) == []


def test_directory_stays_bounded(cache: FileBasedCache) -> None:
    for i in range(40):
        cache.set(f"k{i}", i)
    assert len(cache._list_cache_files()) <= 10


def test_zero_cull_frequency_clears(tmp_path: Path) -> None:
    cache = FileBasedCache(tmp_path / "c", {"OPTIONS": {"MAX_ENTRIES": 3, "CULL_FREQUENCY": 0}})
    for i in range(3):
        cache.set(f"k{i}", i)
    cache.set("new", 1)
    assert cache.get_many(["k0", "k1", "k2"]) == {}
    assert cache.get("new") == 1


def test_directories_are_private_and_recreated(tmp_path: Path) -> None:
    location = tmp_path / "nested" / "deeper" / "cache"
    cache = FileBasedCache(location, {})
    for directory in (location, location.parent, location.parent.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    cache.set("key", "v")
    entry = Path(cache._key_to_file("key"))
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    cache.clear()
    os.rmdir(location)
    cache.set("key", "again")  # the directory is made again
    assert cache.get("key") == "again"


def test_clear_keeps_other_files(cache: FileBasedCache) -> None:
    other = Path(cache._dir) / "not-a-cache-file.txt"
    other.write_text("keep me")
    cache.set("key", "v")
    cache.clear()
    assert other.exists()
    assert cache.get("key") is None


def test_io_errors_other_than_missing_files_propagate(cache: FileBasedCache) -> None:
    with mock.patch("builtins.open", side_effect=PermissionError("no")):
        with pytest.raises(PermissionError):
            cache.get("key")


def test_an_entry_removed_meanwhile_is_a_miss(cache: FileBasedCache) -> None:
    cache.add("key", "v")
    with mock.patch("builtins.open", side_effect=FileNotFoundError):
        assert cache.has_key("key") is False
        assert cache.get("key") is None


def test_touch_keeps_the_value(cache: FileBasedCache) -> None:
    cache.set("key", {"v": 1}, 1)
    assert cache.touch("key", 100) is True
    with mock.patch("time.time", return_value=time.time() + 50):
        assert cache.get("key") == {"v": 1}

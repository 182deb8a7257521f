"""File storages: FileSystemStorage, the storages handler and default_storage."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from scallion.core.exceptions import SuspiciousFileOperation
from scallion.core.files.base import ContentFile
from scallion.core.files.storage import (
    FileSystemStorage,
    InvalidStorageError,
    Storage,
    StorageHandler,
    default_storage,
    storages,
)
from scallion.test import override_settings


@pytest.fixture
def storage(tmp_path: Path) -> FileSystemStorage:
    return FileSystemStorage(location=tmp_path, base_url="/media/")


def test_save_open_and_query(storage: FileSystemStorage, tmp_path: Path) -> None:
    name = storage.save("docs/a.txt", ContentFile(b"hello"))
    assert name == "docs/a.txt"
    assert (tmp_path / "docs" / "a.txt").read_bytes() == b"hello"
    with storage.open(name) as fh:
        assert fh.read() == b"hello"
    assert storage.exists(name) and storage.size(name) == 5
    assert storage.listdir("docs") == ([], ["a.txt"])
    assert storage.url(name) == "/media/docs/a.txt"
    assert storage.url("a b#c.txt") == "/media/a%20b%23c.txt"
    assert isinstance(storage.get_modified_time(name), datetime.datetime)
    storage.delete(name)
    assert not storage.exists(name)
    storage.delete(name)  # already gone: no error


def test_a_taken_name_gets_an_alternative(storage: FileSystemStorage) -> None:
    first = storage.save("a.tar.gz", ContentFile(b"1"))
    second = storage.save("a.tar.gz", ContentFile(b"2"))
    assert first == "a.tar.gz"
    assert second != first and second.startswith("a_") and second.endswith(".tar.gz")
    overwriting = FileSystemStorage(location=storage.location, allow_overwrite=True)
    assert overwriting.save("a.tar.gz", ContentFile(b"3")) == "a.tar.gz"
    with overwriting.open("a.tar.gz") as fh:
        assert fh.read() == b"3"


def test_max_length_truncates_the_alternative(storage: FileSystemStorage) -> None:
    storage.save("abcdefgh.txt", ContentFile(b"1"))
    name = storage.get_available_name("abcdefgh.txt", max_length=16)
    assert len(name) <= 16 and name.endswith(".txt")
    with pytest.raises(SuspiciousFileOperation, match="can not find an available filename"):
        storage.get_available_name("abcdefgh.txt", max_length=5)


@pytest.mark.parametrize("name", ["../x.txt", "a/../../x.txt", "/etc/passwd"])
def test_names_cannot_leave_the_storage(storage: FileSystemStorage, name: str) -> None:
    with pytest.raises(SuspiciousFileOperation):
        storage.save(name, ContentFile(b"x"))
    with pytest.raises(SuspiciousFileOperation):
        storage.path(name)


def test_permissions(tmp_path: Path) -> None:
    storage = FileSystemStorage(
        location=tmp_path, file_permissions_mode=0o640, directory_permissions_mode=0o750
    )
    name = storage.save("d/e/f.txt", ContentFile(b"x"))
    assert os.stat(storage.path(name)).st_mode & 0o777 == 0o640
    assert os.stat(tmp_path / "d").st_mode & 0o777 == 0o750
    assert os.stat(tmp_path / "d" / "e").st_mode & 0o777 == 0o750


def test_defaults_come_from_settings_and_follow_them(tmp_path: Path) -> None:
    storage = FileSystemStorage()
    with override_settings(MEDIA_ROOT=str(tmp_path), MEDIA_URL="/m/"):
        assert storage.location == str(tmp_path)
        assert storage.base_url == "/m/"
    assert storage.location != str(tmp_path)
    assert FileSystemStorage(base_url="/x").base_url == "/x/"
    without_url = FileSystemStorage()
    without_url.base_url = None
    with pytest.raises(ValueError, match="not accessible via a URL"):
        without_url.url("a")


def test_valid_and_generated_names(storage: FileSystemStorage) -> None:
    assert storage.get_valid_name("my file (1).txt") == "my_file_1.txt"
    assert storage.generate_filename("up/my file.txt") == "up/my_file.txt"
    with pytest.raises(SuspiciousFileOperation, match="path traversal"):
        storage.generate_filename("../up/x.txt")


def test_the_base_class_says_what_to_implement() -> None:
    with pytest.raises(NotImplementedError, match="doesn't support absolute paths"):
        Storage().path("x")
    with pytest.raises(NotImplementedError, match="must provide an exists"):
        Storage().exists("x")


def test_storages_handler(tmp_path: Path) -> None:
    backend = "scallion.core.files.storage.FileSystemStorage"
    handler = StorageHandler(
        {"media": {"BACKEND": backend, "OPTIONS": {"location": str(tmp_path)}}}
    )
    assert handler["media"] is handler["media"]
    assert handler["media"].location == str(tmp_path)
    with pytest.raises(InvalidStorageError, match="Could not find config for 'nope'"):
        handler["nope"]
    bad = StorageHandler({"x": {"BACKEND": "no.such.Storage"}})
    with pytest.raises(InvalidStorageError, match=r"Could not find backend 'no\.such\.Storage'"):
        bad["x"]


def test_default_storage_follows_storages(tmp_path: Path) -> None:
    config = {
        "default": {
            "BACKEND": "scallion.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    with override_settings(STORAGES=config):
        assert default_storage.location == str(tmp_path)
        assert storages["default"] is storages["default"]
    assert default_storage.location != str(tmp_path)

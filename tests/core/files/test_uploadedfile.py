"""File, ContentFile and the uploaded-file classes."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from scallion.core.exceptions import SuspiciousFileOperation
from scallion.core.files import ContentFile, File
from scallion.core.files.uploadedfile import (
    SimpleUploadedFile,
    TemporaryUploadedFile,
    UploadedFile,
)
from scallion.core.files.uploadhandler import MemoryFileUploadHandler, load_handler
from scallion.core.files.utils import cap_file_name, sanitize_upload_name, validate_file_name
from tests.http._settings import override_settings


def test_file_chunks_size_and_lines() -> None:
    f = File(BytesIO(b"one\r\ntwo\rthree\nfour"), name="f.txt")
    assert f.size == 19 and len(f) == 19
    assert list(f.chunks(4)) == [b"one\r", b"\ntwo", b"\rthr", b"ee\nf", b"our"]
    assert f.multiple_chunks(4) and not f.multiple_chunks()
    f.DEFAULT_CHUNK_SIZE = 4
    assert list(f) == [b"one\r\n", b"two\r", b"three\n", b"four"]
    assert str(f) == "f.txt" and repr(f) == "<File: f.txt>" and bool(f)
    assert not File(BytesIO())


def test_file_from_disk_reopens(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"abc")
    with File(path.open("rb")) as f:
        assert f.size == 3
        assert f.read() == b"abc"
    assert f.closed
    assert f.open().read() == b"abc"
    f.close()
    with pytest.raises(ValueError, match="cannot be reopened"):
        File(_closed(), name=str(tmp_path / "missing")).open()


def _closed() -> BytesIO:
    stream = BytesIO()
    stream.close()
    return stream


def test_content_file() -> None:
    f = ContentFile("text", name="t.txt")
    assert f.size == 4 and f.read() == "text" and bool(ContentFile(b""))
    f.open()
    assert f.read() == "text"
    f.close()
    assert not f.closed
    f.write("more")
    assert str(f) == "Raw content"


def test_simple_uploaded_file() -> None:
    f = SimpleUploadedFile.from_dict({"filename": "../a.txt", "content": b"hi"})
    assert f.name == "a.txt" and f.size == 2 and f.content_type == "text/plain"
    assert list(f.chunks()) == [b"hi"] and not f.multiple_chunks()
    assert repr(f) == "<SimpleUploadedFile: a.txt (text/plain)>"
    assert SimpleUploadedFile("e", None).size == 0


def test_uploaded_file_name_is_capped_and_validated() -> None:
    assert UploadedFile(name="d/" + "n" * 300 + ".txt").name == "n" * 251 + ".txt"
    assert UploadedFile(name=None).name is None
    with pytest.raises(SuspiciousFileOperation):
        UploadedFile(name="a/..")


def test_temporary_uploaded_file(tmp_path: Path) -> None:
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        f = TemporaryUploadedFile("x.csv", "text/csv", 0, "utf-8")
    f.write(b"a,b")
    path = Path(f.temporary_file_path())
    assert path.parent == tmp_path and path.name.endswith(".upload.csv")
    Path(path).unlink()  # moved away by the application
    f.close()


def test_name_helpers() -> None:
    assert cap_file_name("a" * 10 + ".ext", 8) == "aaaa.ext"
    assert cap_file_name("x." + "e" * 20, 8) == ".eeeeeee"
    assert sanitize_upload_name(None) is None
    assert validate_file_name("a/b.txt", allow_relative_path=True) == "a/b.txt"
    for bad in ("../a", "/abs/a", "\\a"):
        with pytest.raises(SuspiciousFileOperation):
            validate_file_name(bad, allow_relative_path=True)
    with pytest.raises(SuspiciousFileOperation, match="path elements"):
        validate_file_name("a/b.txt")


def test_load_handler() -> None:
    handler = load_handler("scallion.core.files.uploadhandler.MemoryFileUploadHandler", None)
    assert isinstance(handler, MemoryFileUploadHandler)
    with pytest.raises(ImportError, match="does not define"):
        load_handler("scallion.core.files.uploadhandler.Nope")

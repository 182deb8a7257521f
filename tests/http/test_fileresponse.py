"""FileResponse: headers guessed from the file, streaming in blocks, closing the file."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.http import FileResponse, StreamingHttpResponse


@pytest.fixture
def text_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"hello world\n" * 10)
    yield path


def test_is_a_streaming_response_with_length_and_type(text_file: Path) -> None:
    response = FileResponse(open(text_file, "rb"))  # noqa: SIM115
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Length"] == "120"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'inline; filename="notes.txt"'
    assert b"".join(response) == text_file.read_bytes()
    response.close()
    assert response.file_to_stream.closed


def test_block_size_and_file_to_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(4096 * 16 * 2 + 5))
    with open(path, "rb") as f:
        response = FileResponse(f)
        assert FileResponse.block_size == 4096 * 16
        assert response.file_to_stream is f
        chunks = list(response)
    assert [len(c) for c in chunks] == [65536, 65536, 5]


def test_as_attachment_and_filename(text_file: Path) -> None:
    response = FileResponse(open(text_file, "rb"), as_attachment=True, filename="r.csv")  # noqa: SIM115
    assert response["Content-Disposition"] == 'attachment; filename="r.csv"'
    assert response["Content-Type"] == "text/csv"
    response.close()


def test_attachment_without_name() -> None:
    response = FileResponse(io.BytesIO(b"abc"), as_attachment=True)
    assert response["Content-Disposition"] == "attachment"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Length"] == "3"


def test_no_disposition_for_nameless_inline_file() -> None:
    response = FileResponse(io.BytesIO(b"abc"))
    assert "Content-Disposition" not in response


def test_non_ascii_filename_uses_rfc_6266() -> None:
    response = FileResponse(io.BytesIO(b"x"), as_attachment=True, filename="résumé.pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf"
    assert response["Content-Type"] == "application/pdf"


def test_quotes_in_filename_escaped() -> None:
    response = FileResponse(io.BytesIO(b"x"), filename='a"b.txt')
    assert response["Content-Disposition"] == 'inline; filename="a\\"b.txt"'


def test_filename_path_parts_dropped() -> None:
    response = FileResponse(io.BytesIO(b"x"), filename="/etc/dir/file.json")
    assert response["Content-Disposition"] == 'inline; filename="file.json"'


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a.tar.gz", "application/gzip"),
        ("a.tar.bz2", "application/x-bzip"),
        ("a.tar.xz", "application/x-xz"),
        ("a.unknownext", "application/octet-stream"),
        ("a.html", "text/html"),
    ],
)
def test_compressed_files_are_not_labelled_as_their_inner_type(
    name: str, content_type: str
) -> None:
    response = FileResponse(io.BytesIO(b"x"), filename=name)
    assert response["Content-Type"] == content_type


def test_explicit_content_type_kept(text_file: Path) -> None:
    response = FileResponse(open(text_file, "rb"), content_type="video/webm")  # noqa: SIM115
    assert response["Content-Type"] == "video/webm"
    response.close()


def test_length_counts_from_current_position() -> None:
    f = io.BytesIO(b"0123456789")
    f.seek(4)
    response = FileResponse(f)
    assert response["Content-Length"] == "6"
    assert b"".join(response) == b"456789"


def test_a_seekable_file_without_tell_is_measured_from_its_position() -> None:
    class NoTell:
        def __init__(self, data: bytes) -> None:
            self._file = io.BytesIO(data)

        def read(self, size: int = -1) -> bytes:
            return self._file.read(size)

        def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
            return self._file.seek(offset, whence)

        def seekable(self) -> bool:
            return True

        def close(self) -> None:
            self._file.close()

    f = NoTell(b"0123456789")
    f.seek(3)
    response = FileResponse(f)
    assert response["Content-Length"] == "7"
    assert b"".join(response) == b"3456789"


def test_unseekable_file_has_no_length() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(b"streamed")

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            return self.data.read(size)

    response = FileResponse(Pipe())
    assert "Content-Length" not in response
    assert b"".join(response) == b"streamed"
    assert not response.supports_ranges


def test_named_temporary_file_length() -> None:
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        tmp.write(b"{}")
        tmp.flush()
        tmp.seek(0)
        response = FileResponse(tmp)
        assert response["Content-Length"] == "2"
        assert response["Content-Type"] == "application/json"


def test_iterable_content_is_streamed_without_a_file() -> None:
    response = FileResponse([b"a", b"b"])
    assert response.file_to_stream is None
    assert b"".join(response) == b"ab"


def test_content_attribute_absent() -> None:
    response = FileResponse(io.BytesIO(b"abc"))
    with pytest.raises(AttributeError, match="streaming_content"):
        response.content  # noqa: B018

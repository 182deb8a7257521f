"""multipart/form-data: fields, files, upload handlers, limits and file names."""

from __future__ import annotations

import base64
import json
import os
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from scallion.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from scallion.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile
from scallion.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    SkipFile,
    StopFutureHandlers,
    StopUpload,
    TemporaryFileUploadHandler,
)
from scallion.http.multipartparser import MultiPartParser, MultiPartParserError
from tests.edges import Edge
from tests.http._request_body import BOUNDARY, BodyRequest, field, file, multipart_body, part
from tests.http._settings import override_settings
from tests.http.request_body_urls import MarkingParser

CT = f"multipart/form-data; boundary={BOUNDARY}"


def test_fields_and_files() -> None:
    body = multipart_body(
        field("a", "1"),
        field("a", "2"),
        field("text", "héllo wörld"),
        file("doc", "notes.txt", b"line1\r\nline2", "text/plain; charset=latin-1; format=flowed"),
    )
    request = BodyRequest(body)
    assert request.POST.getlist("a") == ["1", "2"]
    assert request.POST["text"] == "héllo wörld"
    upload = request.FILES["doc"]
    assert isinstance(upload, InMemoryUploadedFile)
    assert upload.name == "notes.txt"
    assert upload.read() == b"line1\r\nline2"
    assert upload.size == 12
    assert upload.content_type == "text/plain"
    assert upload.charset == "latin-1"
    # Bytes, as Django gives them to upload handlers and files.
    assert upload.content_type_extra == {"charset": b"latin-1", "format": b"flowed"}
    assert upload.field_name == "doc"


def test_post_is_immutable_and_files_close_with_request() -> None:
    request = BodyRequest(multipart_body(field("a", "1"), file("f", "x.bin", b"abc")))
    with pytest.raises(AttributeError):
        request.POST["b"] = "2"
    upload = request.FILES["f"]
    request.close()
    assert upload.closed


def test_only_post_fills_post_but_parse_form_body_works_for_put() -> None:
    body = multipart_body(field("a", "1"), file("f", "x.bin", b"abc"))
    request = BodyRequest(body, method="PUT")
    assert dict(request.POST) == {}
    assert dict(request.FILES) == {}
    request = BodyRequest(body, method="PUT")
    data, files = request.parse_form_body()
    assert data["a"] == "1"
    assert files["f"].read() == b"abc"


def test_parses_from_body_when_body_was_read_first() -> None:
    request = BodyRequest(multipart_body(field("a", "1")))
    assert request.body.startswith(b"--")
    assert request.POST["a"] == "1"


def test_stream_read_directly_gives_empty_post() -> None:
    request = BodyRequest(multipart_body(field("a", "1")))
    request.read(5)
    assert dict(request.POST) == {}


def test_large_upload_goes_to_temporary_file(tmp_path: Path) -> None:
    content = os.urandom(300_000)
    body = multipart_body(field("a", "1"), file("f", "big.tar.gz", content))
    with override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=1000, FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        request = BodyRequest(body)
        upload = request.FILES["f"]
        assert isinstance(upload, TemporaryUploadedFile)
        path = upload.temporary_file_path()
        assert Path(path).parent == tmp_path
        assert path.endswith(".upload.gz")
        assert upload.size == len(content)
        assert b"".join(upload.chunks()) == content
        assert upload.multiple_chunks()
        upload.close()
        assert not Path(path).exists()


def test_chunked_body_without_length_streams_to_disk(tmp_path: Path) -> None:
    body = multipart_body(field("a", "1"), file("f", "c.bin", b"x" * 5000))
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        request = BodyRequest(body, content_length=None)
        assert request.POST["a"] == "1"
        assert isinstance(request.FILES["f"], TemporaryUploadedFile)
        assert request.FILES["f"].read() == b"x" * 5000
        request.close()


def test_empty_bodies_are_empty_forms() -> None:
    assert dict(BodyRequest(b"", content_length=None).POST) == {}
    assert dict(BodyRequest(b"", content_length=0).POST) == {}
    assert dict(BodyRequest(b"junk", content_length="abc").POST) == {}


def test_negative_content_length_is_bad_request() -> None:
    with pytest.raises(MultiPartParserError):
        BodyRequest(b"", content_length="-5").POST  # noqa: B018


def test_filename_star_is_ignored() -> None:
    body = multipart_body(
        part(
            [
                "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''evil.php; "
                'filename="good.txt"'
            ],
            b"data",
        ),
        part(["Content-Disposition: form-data; name=\"g\"; filename*=UTF-8''only.txt"], b"v"),
    )
    request = BodyRequest(body)
    assert request.FILES["f"].name == "good.txt"
    # Without a plain filename the part is an ordinary field.
    assert "g" not in request.FILES
    assert request.POST["g"] == "v"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("C:\\Users\\me\\photo.jpg", "photo.jpg"),
        ("/absolute/path.txt", "path.txt"),
        ("a\x01b\x7fc.txt", "abc.txt"),
        ("  spaced.txt  ", "spaced.txt"),
        ("&#1087;&#1088;.txt", "пр.txt"),
        ("x" * 300 + ".jpeg", "x" * 250 + ".jpeg"),
        ("naïve.txt", "naïve.txt"),
    ],
)
def test_file_names_are_sanitised(sent: str, kept: str) -> None:
    request = BodyRequest(multipart_body(file("f", sent, b"data")))
    assert request.FILES["f"].name == kept


@pytest.mark.parametrize("sent", [".", "..", "../..", "dir/", "\x00"])
def test_unusable_file_names_mean_no_file(sent: str) -> None:
    request = BodyRequest(multipart_body(file("f", sent, b"data"), field("a", "1")))
    assert "f" not in request.FILES
    assert "f" not in request.POST
    assert request.POST["a"] == "1"


def test_empty_file_name_makes_a_field_as_in_django() -> None:
    # A browser's file input left empty: filename="" and no content. Django's
    # parser takes such a part as a field (its type is FILE only if filename is
    # non-empty), so POST has the name, with the part's content as value.
    empty_input = file("f", "", b"")
    request = BodyRequest(multipart_body(empty_input, field("a", "1")))
    assert request.POST.getlist("f") == [""]
    assert "f" not in request.FILES
    assert request.POST["a"] == "1"
    with_content = BodyRequest(multipart_body(file("f", "", b"typed")))
    assert with_content.POST["f"] == "typed" and "f" not in with_content.FILES


def test_nul_in_file_name_is_removed() -> None:
    request = BodyRequest(multipart_body(file("f", "evil.php\x00.jpg", b"data")))
    assert request.FILES["f"].name == "evil.php.jpg"


def test_non_utf8_header_bytes_are_replaced_not_fatal() -> None:
    body = multipart_body(
        part(
            [b'Content-Disposition: form-data; name="f"; filename="\xff.txt"'.decode("latin-1")],
            b"d",
        )
    )
    body = body.replace("\xff".encode(), b"\xff")
    request = BodyRequest(body)
    assert request.FILES["f"].name == "\ufffd.txt"


def test_part_without_name_is_skipped() -> None:
    body = multipart_body(part(["Content-Disposition: form-data"], b"v"), field("a", "1"))
    assert dict(BodyRequest(body).POST) == {"a": ["1"]}


def test_base64_parts() -> None:
    content = os.urandom(1000)
    encoded = base64.encodebytes(content)  # with line breaks every 76 characters
    body = multipart_body(
        file(
            "f", "b.bin", encoded, "application/octet-stream", "Content-Transfer-Encoding: base64"
        ),
        field("t", base64.b64encode("häh".encode()), "Content-Transfer-Encoding: base64"),
        field("raw", b"not base64!", "Content-Transfer-Encoding: base64"),
    )
    request = BodyRequest(body)
    assert request.FILES["f"].read() == content
    assert request.POST["t"] == "häh"
    assert request.POST["raw"] == "not base64!"


def test_invalid_base64_file_is_bad_request() -> None:
    body = multipart_body(
        file("f", "b.bin", b"@@@@", "application/octet-stream", "Content-Transfer-Encoding: base64")
    )
    with pytest.raises(MultiPartParserError, match="base64"):
        BodyRequest(body).FILES  # noqa: B018


def test_parts_starting_with_line_breaks_keep_them() -> None:
    content = b"\r\n\r\n\r\r\n\n" + b"\r" * 1000 + b"x\r\n"
    request = BodyRequest(multipart_body(file("f", "crlf.bin", content), field("a", "\r\n")))
    assert request.FILES["f"].read() == content
    assert request.POST["a"] == "\r\n"


def test_preamble_and_epilogue_are_skipped() -> None:
    body = b"preamble text\r\n" + multipart_body(field("a", "1")) + b"epilogue" * 100
    assert BodyRequest(body).POST["a"] == "1"


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        'multipart/form-data; boundary=""',
        "multipart/form-data; boundary=" + "a" * 201,
        "multipart/form-data; boundary=bad\x01char",
        'multipart/form-data; boundary="trailing "',
        "multipart/form-data; boundary=ü",
        "multipart/form-data; boundary=x; " + "a=b;" * 3000,
    ],
)
def test_bad_boundaries_are_bad_requests(content_type: str) -> None:
    with pytest.raises(MultiPartParserError):
        BodyRequest(b"--x\r\n", content_type=content_type).POST  # noqa: B018


def test_boundary_of_200_characters_is_accepted() -> None:
    boundary = "b" * 200
    body = multipart_body(field("a", "1"), boundary=boundary).replace(
        BOUNDARY.encode(), boundary.encode()
    )
    request = BodyRequest(body, content_type=f"multipart/form-data; boundary={boundary}")
    assert request.POST["a"] == "1"


@pytest.mark.parametrize(
    "body",
    [
        b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: form-data; name=a\r\n\r\nno end",
        b"no boundary at all",
        b"--"
        + BOUNDARY.encode()
        + b"\r\nNo-Colon-Header\r\n\r\nx\r\n--"
        + BOUNDARY.encode()
        + b"--",
        b"--"
        + BOUNDARY.encode()
        + b"\r\nContent-Type: text/plain\r\n\r\nx\r\n--"
        + BOUNDARY.encode()
        + b"--",
        b"--"
        + BOUNDARY.encode()
        + b"\r\nContent-Disposition: attachment\r\n\r\nx\r\n--"
        + BOUNDARY.encode()
        + b"--",
    ],
)
def test_malformed_bodies_are_bad_requests(body: bytes) -> None:
    with pytest.raises(BadRequest):
        BodyRequest(body).POST  # noqa: B018


def test_too_many_fields() -> None:
    body = multipart_body(*(field(f"f{i}", "v") for i in range(11)))
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10):
        with pytest.raises(TooManyFieldsSent):
            BodyRequest(body).POST  # noqa: B018
        assert (
            len(
                BodyRequest(
                    body[: body.rindex(b"--" + BOUNDARY.encode() + b"\r\n")]
                    + b"--"
                    + BOUNDARY.encode()
                    + b"--"
                ).POST
            )
            == 10
        )


def test_too_many_files() -> None:
    body = multipart_body(*(file("f", f"{i}.txt", b"x") for i in range(4)))
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3), pytest.raises(TooManyFilesSent):
        BodyRequest(body).FILES  # noqa: B018


def test_field_data_over_memory_limit_is_too_big_but_files_are_not_counted() -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        with pytest.raises(RequestDataTooBig):
            BodyRequest(multipart_body(field("a", "x" * 101))).POST  # noqa: B018
        request = BodyRequest(multipart_body(field("a", "x" * 50), file("f", "x", b"y" * 1000)))
        assert request.FILES["f"].size == 1000


def test_per_request_limits_override_settings() -> None:
    request = BodyRequest(multipart_body(field("a", "x" * 200)))
    request.set_body_limits(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=1):
        request = BodyRequest(multipart_body(file("f", "1", b"x"), file("f", "2", b"x")))
        request.set_body_limits(DATA_UPLOAD_MAX_NUMBER_FILES=None)
        assert len(request.FILES.getlist("f")) == 2


def test_part_header_size_and_count_are_capped() -> None:
    long_header = field("a", "1", "X-Pad: " + "p" * 9000)
    with pytest.raises(MultiPartParserError, match=r"Request max total header size exceeded\."):
        BodyRequest(multipart_body(long_header)).POST  # noqa: B018
    many_headers = field("a", "1", *(f"X-H{i}: v" for i in range(20)))
    with pytest.raises(SuspiciousMultipartForm):
        BodyRequest(multipart_body(many_headers)).POST  # noqa: B018
    with override_settings(DATA_UPLOAD_MAX_PART_HEADER_COUNT=30):
        assert BodyRequest(multipart_body(many_headers)).POST["a"] == "1"


def test_parse_error_leaves_empty_post_and_closes_partial_files(tmp_path: Path) -> None:
    body = multipart_body(file("f", "a.bin", b"x" * 3000)) + b""
    body = body.replace(b"--\r\n", b"")  # no final boundary
    with override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10, FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        request = BodyRequest(body)
        with pytest.raises(MultiPartParserError):
            request.FILES  # noqa: B018
        assert dict(request.FILES) == {}
        assert list(tmp_path.iterdir()) == []


# -- upload handler protocol ---------------------------------------------------------


class RecordingHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.calls: list[tuple[Any, ...]] = []
        self.data = b""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.calls.append(("new_file", args[0], args[1], args[3]))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.calls.append(("chunk", start, len(raw_data)))
        self.data += raw_data
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        self.calls.append(("complete", file_size))
        return None

    def upload_complete(self) -> None:
        self.calls.append(("upload_complete",))

    def upload_interrupted(self) -> None:
        self.calls.append(("upload_interrupted",))


def test_handlers_see_every_chunk_in_order() -> None:
    content = os.urandom(200_000)
    recorder = RecordingHandler()
    request = BodyRequest(
        multipart_body(file("f", "r.bin", content, "x/y", "Content-Length: 200000"))
    )
    request.upload_handlers = [recorder, TemporaryFileUploadHandler(request)]
    assert request.FILES["f"].read() == content
    assert recorder.data == content
    assert recorder.calls[0] == ("new_file", "f", "r.bin", 200_000)
    starts = [c[1] for c in recorder.calls if c[0] == "chunk"]
    assert starts[0] == 0 and starts == sorted(starts) and len(starts) > 1
    assert recorder.calls[-2:] == [("complete", 200_000), ("upload_complete",)]
    request.close()


def test_stop_future_handlers_and_chunk_consumption() -> None:
    class Claiming(RecordingHandler):
        def new_file(self, *args: Any, **kwargs: Any) -> None:
            super().new_file(*args, **kwargs)
            raise StopFutureHandlers

        def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
            super().receive_data_chunk(raw_data, start)
            return None

    claiming, later = Claiming(), RecordingHandler()
    request = BodyRequest(multipart_body(file("f", "r.bin", b"abc")))
    request.upload_handlers = [claiming, later]
    assert dict(request.FILES) == {}
    assert claiming.data == b"abc"
    # Django's protocol: file_complete still asks every handler for the file.
    assert later.calls == [("complete", 0), ("upload_complete",)]


def test_skip_file_moves_to_the_next_part() -> None:
    class Skipper(RecordingHandler):
        def new_file(self, *args: Any, **kwargs: Any) -> None:
            super().new_file(*args, **kwargs)
            if args[1] == "skip.txt":
                raise SkipFile

    request = BodyRequest(
        multipart_body(file("a", "skip.txt", b"1"), file("b", "keep.txt", b"2"), field("c", "3"))
    )
    request.upload_handlers = [Skipper(), MemoryFileUploadHandler(request)]
    request.upload_handlers[1].activated = True
    files = request.FILES
    assert list(files) == ["b"]
    assert request.POST["c"] == "3"


def test_stop_upload_drains_the_body_and_keeps_what_was_parsed() -> None:
    class Stopper(RecordingHandler):
        def new_file(self, *args: Any, **kwargs: Any) -> None:
            raise StopUpload(connection_reset=False)

    stream = BytesIO(multipart_body(field("a", "1"), file("f", "x", b"y" * 10000), field("b", "2")))
    request = BodyRequest(stream.getvalue(), stream=stream)
    request.upload_handlers = [Stopper()]
    assert dict(request.POST) == {"a": ["1"]}
    assert stream.read() == b""
    assert "Consume request data" in str(StopUpload())
    assert "Halt" in str(StopUpload(connection_reset=True))


def test_a_stopped_upload_leaves_no_temporary_file() -> None:
    class StopAfterOpening(TemporaryFileUploadHandler):
        def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
            raise StopUpload(connection_reset=False)

    request = BodyRequest(multipart_body(file("f", "b.txt", b"y" * 100)))
    stopper = StopAfterOpening(request)
    request.upload_handlers = [stopper]
    assert dict(request.FILES) == {}
    assert not os.path.exists(stopper.file.temporary_file_path())


def test_a_stopped_upload_keeps_the_files_finished_before_it() -> None:
    class StopSecond(TemporaryFileUploadHandler):
        def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
            super().new_file(field_name, *args, **kwargs)
            self.opened = getattr(self, "opened", 0) + 1

        def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
            if self.opened == 2:
                raise StopUpload(connection_reset=False)
            return super().receive_data_chunk(raw_data, start)

    body = multipart_body(file("one", "a.txt", b"first"), file("two", "b.txt", b"second"))
    request = BodyRequest(body)
    request.upload_handlers = [StopSecond(request)]
    files = request.FILES
    assert list(files) == ["one"] and files["one"].read() == b"first"
    assert os.path.exists(files["one"].temporary_file_path())
    files["one"].close()


def test_upload_handlers_cannot_change_once_the_parse_began() -> None:
    request = BodyRequest(multipart_body(field("a", "1")))
    assert request.POST["a"] == "1"
    with pytest.raises(AttributeError, match="cannot alter upload handlers after the upload"):
        request.upload_handlers.insert(0, MemoryFileUploadHandler())
    with pytest.raises(AttributeError, match="cannot set the upload handlers after the upload"):
        request.upload_handlers = []


def test_handle_raw_input_can_take_over() -> None:
    class Whole(RecordingHandler):
        def handle_raw_input(self, input_data: Any, *args: Any, **kwargs: Any) -> Any:
            return {"raw": input_data.read()}, {}

    request = BodyRequest(multipart_body(field("a", "1")))
    request.upload_handlers = [Whole()]
    assert request.POST["raw"].startswith(b"--")  # type: ignore[attr-defined]


def test_upload_interrupted_on_error() -> None:
    recorder = RecordingHandler()
    request = BodyRequest(multipart_body(file("f", "x", b"abc")).replace(b"--\r\n", b""))
    request.upload_handlers = [recorder]
    with pytest.raises(MultiPartParserError):
        request.FILES  # noqa: B018
    assert recorder.calls[-1] == ("upload_interrupted",)


def test_upload_handlers_cannot_change_after_parsing() -> None:
    request = BodyRequest(multipart_body(field("a", "1")))
    request.FILES  # noqa: B018
    with pytest.raises(AttributeError, match="after the upload has been processed"):
        request.upload_handlers = []


def test_parser_used_directly_with_settings_limits() -> None:
    body = multipart_body(field("a", "1"))
    meta = {"CONTENT_TYPE": CT, "CONTENT_LENGTH": str(len(body))}
    data, files = MultiPartParser(meta, BytesIO(body), [MemoryFileUploadHandler()]).parse()
    assert data["a"] == "1" and not files
    with pytest.raises(MultiPartParserError, match="Invalid Content-Type"):
        MultiPartParser({"CONTENT_TYPE": "text/plain"}, BytesIO(body), [])


class CountingStream(BytesIO):
    """Records the size of every read, to see how the parser reads the body."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)


def _upload(
    content: bytes, handlers: list[Any] | None = None
) -> tuple[BodyRequest, CountingStream]:
    body = multipart_body(field("title", "x"), file("f", "r.bin", content))
    stream = CountingStream(body)
    request = BodyRequest(body, stream=stream)
    if handlers is not None:
        request.upload_handlers = handlers
    return request, stream


def test_body_for_the_memory_handler_is_read_in_one_call() -> None:
    # PERF: upload. One read, one boundary search per part.
    content = os.urandom(300_000)
    request, stream = _upload(content)
    uploaded = request.FILES["f"]
    assert isinstance(uploaded, InMemoryUploadedFile)
    assert uploaded.read() == content
    assert request.POST["title"] == "x"
    assert len([size for size in stream.reads if size > 0]) == 1
    request.close()


def test_body_over_the_memory_limit_is_read_in_chunks(tmp_path: Path) -> None:
    content = os.urandom(300_000)
    with override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=100_000, FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        request, stream = _upload(content)
        uploaded = request.FILES["f"]
        assert isinstance(uploaded, TemporaryUploadedFile)
        assert uploaded.read() == content
        assert max(stream.reads) <= 64 * 2**10
        request.close()


def test_handlers_get_at_most_chunk_size_when_the_body_is_read_whole() -> None:
    class Small(RecordingHandler):
        chunk_size = 10_000

    class OwnMemory(MemoryFileUploadHandler):
        """A subclass with its own receive_data_chunk: fed by the chunk, as documented."""

        sizes: list[int]

        def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
            self.sizes = [*getattr(self, "sizes", []), len(raw_data)]
            return super().receive_data_chunk(raw_data, start)

    content = os.urandom(150_000)
    recorder, own = Small(), OwnMemory()
    request, _ = _upload(content, [recorder, own])
    assert request.FILES["f"].read() == content
    assert recorder.data == content
    assert max(c[2] for c in recorder.calls if c[0] == "chunk") <= 10_000
    assert max(own.sizes) <= 10_000 and sum(own.sizes) == len(content)
    request.close()


def test_an_unknown_rfc2231_charset_in_a_disposition_is_a_400() -> None:
    header = "Content-Disposition: form-data; name=\"name\"; filename*=BOGUS''test%20file.txt"
    request = BodyRequest(multipart_body(part([header], b"value")))
    with pytest.raises(MultiPartParserError, match="Invalid encoding 'BOGUS'"):
        request.POST  # noqa: B018
    # Spaces around the colon are still a readable header.
    for header in (
        'Content-Disposition : form-data; name="n"',
        'Content-Disposition:form-data; name="n"',
    ):
        assert dict(BodyRequest(multipart_body(part([header], b"v"))).POST) == {"n": ["v"]}


def test_memory_handler_measures_a_seekable_body_whose_length_is_understated() -> None:
    handler = MemoryFileUploadHandler()
    with override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10):
        body = BytesIO(b"x" * 15)
        body.seek(2)
        handler.handle_raw_input(body, {}, 0, BOUNDARY)
        assert handler.activated is False  # 13 bytes left, over the limit
        assert body.tell() == 2  # where the parser will read from
        handler.handle_raw_input(BytesIO(b"x" * 10), {}, 0, BOUNDARY)
        assert handler.activated is True
        handler.handle_raw_input(BytesIO(b"x" * 5), {}, 11, BOUNDARY)
        assert handler.activated is False  # the declared length alone is too much


def test_memory_handler_stores_pieces_and_whole_bodies_alike() -> None:
    content = os.urandom(200_000)
    handler = MemoryFileUploadHandler()
    handler.handle_raw_input(None, {}, 1000, BOUNDARY)
    with pytest.raises(StopFutureHandlers):
        handler.new_file("f", "a.bin", "x/y", None)
    for start in range(0, len(content), 65_536):
        assert handler.receive_data_chunk(content[start : start + 65_536], start) is None
    pieces = handler.file_complete(len(content))
    with pytest.raises(StopFutureHandlers):
        handler.new_file("f", "b.bin", "x/y", None)
    assert handler.receive_data_chunk(content, 0) is None
    assert handler.receive_data_chunk(b"tail", len(content)) is None
    whole = handler.file_complete(len(content) + 4)
    assert pieces is not None and whole is not None
    assert pieces.read() == content
    assert whole.read() == content + b"tail"


def test_memory_handler_subclass_first_is_fed_by_the_chunk() -> None:
    class OwnMemory(MemoryFileUploadHandler):
        def __init__(self, request: Any = None) -> None:
            super().__init__(request)
            self.sizes: list[int] = []

        def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
            self.sizes.append(len(raw_data))
            return super().receive_data_chunk(raw_data, start)

    content = os.urandom(150_000)
    own = OwnMemory()
    request, _ = _upload(content, [own])
    assert request.FILES["f"].read() == content
    assert max(own.sizes) <= own.chunk_size and len(own.sizes) == 3
    request.close()


def test_parsed_request_is_freed_without_the_cyclic_collector() -> None:
    # PERF: upload. Handlers hold their request weakly: no request <-> handler cycle.
    import gc
    import weakref

    request, _ = _upload(b"data")
    handlers = [MemoryFileUploadHandler(request), TemporaryFileUploadHandler(request)]
    request.upload_handlers = handlers
    assert request.FILES["f"].read() == b"data"
    assert handlers[0].request is request
    ref = weakref.ref(request)
    gc.disable()
    try:
        request.close()
        del request
        assert ref() is None
        assert handlers[0].request is None
    finally:
        gc.enable()


def test_handler_request_that_cannot_be_weakly_referenced_is_kept() -> None:
    class Plain:
        __slots__ = ()

    plain = Plain()
    assert FileUploadHandler(plain).request is plain
    assert FileUploadHandler().request is None


def test_part_names_in_an_encoding_that_is_not_ascii_compatible() -> None:
    # A field name arrives as latin-1 text and is re-decoded with the request's
    # charset; the ASCII shortcut must not apply to UTF-16.
    body = multipart_body(part(['Content-Disposition: form-data; name="ab"'], b"v"))
    request = BodyRequest(body, content_type=f"{CT}; charset=utf-16-le")
    assert list(request.POST) == [b"ab".decode("utf-16-le")]


class CountingHandler(MemoryFileUploadHandler):
    """A handler named in FILE_UPLOAD_HANDLERS; counts the files it saw."""

    seen: list[str] = []

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        CountingHandler.seen.append(args[1])
        super().new_file(*args, **kwargs)


def test_file_upload_handlers_setting_is_followed_each_time_it_changes() -> None:
    body = multipart_body(file("f", "one.bin", b"abc"))
    CountingHandler.seen = []
    handler_path = f"{__name__}.CountingHandler"
    with override_settings(FILE_UPLOAD_HANDLERS=[handler_path]):
        request = BodyRequest(body)
        assert [type(h) for h in request.upload_handlers] == [CountingHandler]
        assert request.FILES["f"].read() == b"abc"
        assert BodyRequest(body).FILES["f"].read() == b"abc"  # the cached classes
    assert CountingHandler.seen == ["one.bin", "one.bin"]
    request = BodyRequest(body)
    assert [type(h).__name__ for h in request.upload_handlers] == [
        "MemoryFileUploadHandler",
        "TemporaryFileUploadHandler",
    ]
    with override_settings(FILE_UPLOAD_HANDLERS=["scallion.no.such.Handler"]):
        with pytest.raises(ImportError, match=r"scallion\.no"):
            assert BodyRequest(body).upload_handlers


def test_parser_yields_each_part_with_its_headers_and_body() -> None:
    from scallion.http.multipartparser import FIELD, FILE, Parser

    body = multipart_body(
        field("a", "1"),
        file("doc", "notes.txt", b"hello", "text/plain; k=v"),
    )
    items = []
    for kind, meta, stream in Parser(BytesIO(body), BOUNDARY):
        with stream:
            items.append((kind, meta, stream.read()))
    assert [kind for kind, _, _ in items] == [FIELD, FILE]
    assert items[0][1]["content-disposition"] == ("form-data", {"name": b"a"})
    assert items[0][2] == b"1"
    assert items[1][1]["content-type"] == ("text/plain", {"k": b"v"})
    assert items[1][1]["content-disposition"][1]["filename"] == b"notes.txt"
    assert items[1][2] == b"hello"


def test_parser_refuses_a_body_without_its_final_boundary() -> None:
    from scallion.http.multipartparser import Parser

    body = multipart_body(field("a", "1")).rsplit(b"--", 2)[0]
    with pytest.raises(MultiPartParserError):
        list(Parser(BytesIO(body), BOUNDARY))


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../hax0rd.txt", "hax0rd.txt"),
        ("..\\hax0rd.txt", "hax0rd.txt"),
        ("/etc/passwd/../hax0rd.txt", "hax0rd.txt"),
        ("&#x2e;&#x2e;&#x2f;hax0rd.txt", "hax0rd.txt"),
        ("..", None),
        ("", None),
        ("&#x2e;&#x2e;", None),
    ],
)
def test_sanitize_file_name_as_django_names_it(name: str, safe: str | None) -> None:
    parser = MultiPartParser(
        {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": "1"},
        BytesIO(b"x"),
        [],
        "utf-8",
    )
    assert parser.sanitize_file_name(name) == safe
    assert parser.IE_sanitize(name) == safe


def test_invalid_content_type_is_named_plainly_with_control_characters_escaped() -> None:
    with pytest.raises(MultiPartParserError) as err:
        MultiPartParser({"CONTENT_TYPE": "text/plain"}, BytesIO(b""), [])
    assert str(err.value) == "Invalid Content-Type: text/plain"
    with pytest.raises(MultiPartParserError) as err:
        MultiPartParser({"CONTENT_TYPE": "text/plain\r\nX: y"}, BytesIO(b""), [])
    assert "\r" not in str(err.value) and "\\r\\n" in str(err.value)


# The parser class: request.multipart_parser_class --------------------------


class _DjangoShaped(MultiPartParser):
    """A parser whose constructor takes Django's four arguments only."""

    def __init__(self, META: Any, input_data: Any, upload_handlers: Any, encoding: Any = None):
        super().__init__(META, input_data, upload_handlers, encoding)
        self.built_as_django = True

    def parse(self) -> Any:
        post, files = super().parse()
        post = post.copy()
        post["shape"] = "django"
        return post, files


def _one_field_request(request_class: type[BodyRequest] = BodyRequest) -> BodyRequest:
    return request_class(multipart_body(field("name", "value")))


def test_the_default_parser_class_is_multipartparser() -> None:
    assert _one_field_request().multipart_parser_class is MultiPartParser


def test_a_request_subclass_names_its_parser_class() -> None:
    class MarkingRequest(BodyRequest):
        multipart_parser_class = MarkingParser

    request = _one_field_request(MarkingRequest)
    assert dict(request.POST) == {"name": ["value"], "parsed_by": ["marking"]}


def test_a_parser_class_set_before_the_form_is_read_is_used() -> None:
    request = _one_field_request()
    request.multipart_parser_class = _DjangoShaped
    assert request.POST["shape"] == "django" and request.POST["name"] == "value"


def test_the_parser_class_cannot_change_once_the_form_is_parsed() -> None:
    request = _one_field_request()
    assert request.POST["name"] == "value"
    with pytest.raises(RuntimeError, match="after the upload has been processed"):
        request.multipart_parser_class = MarkingParser


def test_a_custom_parser_class_through_both_edges(edge: Edge) -> None:
    with override_settings(ROOT_URLCONF="tests.http.request_body_urls"):
        response = edge.post(
            "/custom-parser/",
            multipart_body(field("name", "value")),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )
    assert response.status_code == 200
    assert json.loads(response.content)["post"] == {"name": ["value"], "parsed_by": ["marking"]}


def test_a_content_type_without_a_boundary_names_none() -> None:
    request = BodyRequest(b"", content_type="multipart/form-data;")
    with pytest.raises(MultiPartParserError, match=r"Invalid boundary in multipart: None$"):
        request.POST  # noqa: B018


def test_a_non_ascii_content_type_is_refused_by_name() -> None:
    request = BodyRequest(b"", content_type="multipart/form-data; boundary = \xe0")
    with pytest.raises(MultiPartParserError) as refused:
        request.POST  # noqa: B018
    expected = "Invalid non-ASCII Content-Type in multipart: multipart/form-data; boundary = \xe0"
    assert str(refused.value) == expected
    control = BodyRequest(b"", content_type="multipart/form-data; boundary=\xe0\x1b[2J")
    with pytest.raises(MultiPartParserError) as info:
        control.POST  # noqa: B018
    assert "\x1b" not in str(info.value) and "\\x1b" in str(info.value)
    c1 = BodyRequest(b"", content_type="multipart/form-data; boundary=\xe0\x9b2J")
    with pytest.raises(MultiPartParserError) as info:
        c1.POST  # noqa: B018
    assert "\x9b" not in str(info.value) and "\\x9b" in str(info.value)


def test_a_non_ascii_content_type_is_a_400_through_both_edges(edge: Edge) -> None:
    with override_settings(ROOT_URLCONF="tests.http.request_body_urls"):
        response = edge.post("/form/", b"--x--", content_type="multipart/form-data; boundary=\xe0")
    assert response.status_code == 400

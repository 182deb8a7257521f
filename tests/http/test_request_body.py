"""request.body, the bounded body stream (LimitedStream) and @body_limits."""

from __future__ import annotations

import asyncio
from io import BytesIO
from typing import Any

import pytest

from scallion.core.exceptions import RequestDataTooBig
from scallion.core.handlers.limitedstream import LimitedStream
from scallion.http.request import HttpRequest, RawPostDataException, UnreadablePostError
from scallion.views.decorators.body import body_limits
from tests.http._request_body import BodyRequest

FORM = "application/x-www-form-urlencoded"


class TrickleStream:
    """A stream that returns at most ``step`` bytes a read, then EOF."""

    def __init__(self, data: bytes, step: int = 3) -> None:
        self._data = BytesIO(data)
        self._step = step

    def read(self, size: int = -1) -> bytes:
        return self._data.read(self._step if size < 0 else min(size, self._step))

    def readline(self, size: int = -1) -> bytes:
        return self._data.readline(size)


def test_limited_stream_stops_at_its_limit() -> None:
    stream = LimitedStream(BytesIO(b"hello world, and more"), 11)
    assert stream.read(5) == b"hello"
    assert stream.read() == b" world"
    assert stream.read() == b""
    stream = LimitedStream(BytesIO(b"line1\nline2\nrest"), 8)
    assert stream.readline() == b"line1\n"
    assert stream.readline() == b"li"
    assert stream.readline() == b""


def test_limited_stream_short_body_is_unreadable_not_a_hang() -> None:
    stream = LimitedStream(BytesIO(b"only ten b"), 100)
    with pytest.raises(UnreadablePostError, match="before its Content-Length"):
        stream.read()
    stream = LimitedStream(BytesIO(b""), 5)
    with pytest.raises(UnreadablePostError):
        stream.readline()


def test_limited_stream_tolerates_short_reads_before_eof() -> None:
    stream = LimitedStream(TrickleStream(b"abcdefgh", step=3), 8)  # type: ignore[arg-type]
    assert stream.read() == b"abcdefgh"
    stream = LimitedStream(TrickleStream(b"abcdefgh", step=3), 10)  # type: ignore[arg-type]
    with pytest.raises(UnreadablePostError):
        stream.read()


def test_limited_stream_without_limit_reads_to_eof() -> None:
    stream = LimitedStream(BytesIO(b"chunked body"), None)
    assert stream.read(7) == b"chunked"
    assert stream.readline() == b" body"
    assert stream.read() == b""


def test_short_body_surfaces_as_unreadable_post_error() -> None:
    request = BodyRequest(b"a=1", content_type=FORM, content_length=50)
    with pytest.raises(UnreadablePostError):
        request.body  # noqa: B018
    request = BodyRequest(b"--x", content_length=50)
    with pytest.raises(UnreadablePostError):
        request.POST  # noqa: B018


_FIRST_READS: dict[str, Any] = {
    "POST": lambda r: r.POST,
    "FILES": lambda r: r.FILES,
    "body": lambda r: r.body,
    "read": lambda r: r.read(),
}
_LATER_READS = {**_FIRST_READS, "readline": lambda r: r.readline()}


@pytest.mark.parametrize("later", list(_LATER_READS), ids=list(_LATER_READS))
@pytest.mark.parametrize("first", list(_FIRST_READS), ids=list(_FIRST_READS))
@pytest.mark.parametrize(
    "body, content_type", [(b"a=1", FORM), (b"--x", None)], ids=["urlencoded", "multipart"]
)
def test_a_body_cut_short_is_unreadable_on_every_later_read(
    body: bytes, content_type: str | None, first: str, later: str
) -> None:
    # Django gives the later reads an empty form, then RawPostDataException (a
    # 500): code after a swallowed first error would act on no data.
    kwargs = {"content_type": content_type} if content_type else {}
    request = BodyRequest(body, content_length=50, **kwargs)
    with pytest.raises(UnreadablePostError):
        _FIRST_READS[first](request)
    with pytest.raises(UnreadablePostError, match="before its Content-Length"):
        _LATER_READS[later](request)
    with pytest.raises(UnreadablePostError):  # and again
        _LATER_READS[later](request)


def test_a_multipart_body_that_fails_to_parse_still_reads_as_the_empty_form() -> None:
    # Not cut short, only malformed: the error pages read the empty form, as in Django.
    request = BodyRequest(b"no boundary here", content_length=16)
    with pytest.raises(Exception) as first:
        request.POST  # noqa: B018
    assert not isinstance(first.value, UnreadablePostError)
    assert dict(request.POST) == {} and dict(request.FILES) == {}


def test_body_is_cached_and_stream_rewinds() -> None:
    request = BodyRequest(b"line1\nline2\n", content_type="text/plain")
    assert request.body == b"line1\nline2\n"
    assert request.body == b"line1\nline2\n"
    assert list(request) == [b"line1\n", b"line2\n"]


def test_body_after_reading_the_stream_is_refused() -> None:
    request = BodyRequest(b"abc", content_type="text/plain")
    assert request.read(1) == b"a"
    assert request.readline() == b"bc"
    with pytest.raises(RawPostDataException):
        request.body  # noqa: B018


def test_body_limit_refuses_before_reading() -> None:
    class Exploding:
        def read(self, size: int = -1) -> bytes:
            raise AssertionError("the body must not be read")

    request = BodyRequest(b"", content_type="text/plain", content_length=10_000_000)
    request._stream = Exploding()
    with pytest.raises(RequestDataTooBig):
        request.body  # noqa: B018
    # Without Content-Length (chunked), reading stops one byte past the limit.
    request = BodyRequest(b"x" * 100, content_type="text/plain", content_length=None)
    request._stream = LimitedStream(BytesIO(b"x" * 100), None)
    request.set_body_limits(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
    with pytest.raises(RequestDataTooBig):
        request.body  # noqa: B018


def test_body_limits_sets_per_request_limits() -> None:
    seen: dict[str, Any] = {}

    @body_limits(max_memory_size=10, max_number_fields=None)
    def view(request: HttpRequest, pk: int) -> str:
        seen["memory"] = request.body_limit("DATA_UPLOAD_MAX_MEMORY_SIZE")
        seen["fields"] = request.body_limit("DATA_UPLOAD_MAX_NUMBER_FIELDS")
        seen["files"] = request.body_limit("DATA_UPLOAD_MAX_NUMBER_FILES")
        return f"ok {pk}"

    request = BodyRequest(b"a=" + b"x" * 20, content_type=FORM)
    assert view(request, pk=3) == "ok 3"
    assert seen == {"memory": 10, "fields": None, "files": 100}
    assert view.__name__ == "view"
    assert view.body_limits == {  # type: ignore[attr-defined]
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 10,
        "DATA_UPLOAD_MAX_NUMBER_FIELDS": None,
    }
    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018


def test_body_limits_on_async_views() -> None:
    @body_limits(max_number_files=500, max_json_depth=3)
    async def view(request: HttpRequest) -> tuple[int | None, int | None]:
        return (
            request.body_limit("DATA_UPLOAD_MAX_NUMBER_FILES"),
            request.body_limit("DATA_UPLOAD_MAX_JSON_DEPTH"),
        )

    assert asyncio.iscoroutinefunction(view)
    assert asyncio.run(view(BodyRequest())) == (500, 3)


def test_body_limits_stack() -> None:
    @body_limits(max_number_files=5)
    @body_limits(max_memory_size=1)
    def view(request: HttpRequest) -> None:
        return None

    assert view.body_limits == {  # type: ignore[attr-defined]
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 1,
        "DATA_UPLOAD_MAX_NUMBER_FILES": 5,
    }


@pytest.mark.parametrize("bad", [-1, 1.5, "10", True])
def test_body_limits_rejects_bad_values_naming_the_argument(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"body_limits\(max_memory_size=\.\.\.\)"):
        body_limits(max_memory_size=bad)


def test_body_limits_needs_an_argument() -> None:
    with pytest.raises(TypeError, match="at least one of"):
        body_limits()


def test_limits_have_djangos_names_and_defaults() -> None:
    from scallion.conf import global_settings

    assert global_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440  # 2.5 MiB
    assert global_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert global_settings.DATA_UPLOAD_MAX_NUMBER_FILES == 100
    assert global_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert global_settings.FILE_UPLOAD_TEMP_DIR is None
    assert global_settings.FILE_UPLOAD_HANDLERS == [
        "scallion.core.files.uploadhandler.MemoryFileUploadHandler",
        "scallion.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]

"""A body handed to ASGIRequest as a file (as Django's handler builds requests):
its real size decides, before it is read, whatever its Content-Length says."""

from __future__ import annotations

import threading
from io import BytesIO
from typing import Any

import pytest

from scallion.core.exceptions import RequestDataTooBig
from scallion.core.files.uploadedfile import InMemoryUploadedFile
from scallion.core.handlers.asgi import ASGIHandler, ASGIRequest
from scallion.core.handlers.wsgi import WSGIRequest
from scallion.core.signals import request_finished
from scallion.http.multipartparser import MultiPartParserError
from scallion.test import override_settings
from tests.asgi.conftest import run
from tests.asgi.validator import http_scope, run_http

BOUNDARY = "b0undary"
FILE = b"x" * 100
UPLOAD = (
    (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="f.txt"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    + FILE
    + f"\r\n--{BOUNDARY}--\r\n".encode()
)


class CountingReads(BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        return super().read(size)


def request_over(stream: Any, content_type: bytes, length: int | None = None) -> ASGIRequest:
    headers = [(b"content-type", content_type)]
    if length is not None:
        headers.append((b"content-length", b"%d" % length))
    return ASGIRequest(http_scope(method="POST", headers=headers), stream)


def test_a_buffered_body_over_the_limit_is_refused_before_it_is_read() -> None:
    stream = CountingReads(b"x" * 10)
    request = request_over(stream, b"application/octet-stream")  # no Content-Length
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5), pytest.raises(RequestDataTooBig):
        request.body  # noqa: B018 - reading it is the test
    assert stream.reads == 0


def test_a_buffered_body_within_the_limit_is_read_from_where_it_stands() -> None:
    stream = BytesIO(b"skip:body")
    stream.read(5)
    request = request_over(stream, b"application/octet-stream")
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=4):
        assert request.body == b"body"


def test_a_buffered_upload_is_parsed_whole_despite_an_understated_length() -> None:
    request = request_over(
        BytesIO(UPLOAD), f"multipart/form-data; boundary={BOUNDARY}".encode(), length=9
    )
    with override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10):
        uploaded = request.FILES["file"]
    try:
        # Its real size (over FILE_UPLOAD_MAX_MEMORY_SIZE) sent it to disk.
        assert not isinstance(uploaded, InMemoryUploadedFile)
        assert uploaded.read() == FILE
    finally:
        uploaded.close()


def test_a_server_stream_is_still_cut_at_its_content_length() -> None:
    # Under WSGI the declared length bounds the body, as the server promised it.
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": "9",
        "wsgi.input": BytesIO(UPLOAD),
    }
    request = WSGIRequest(environ)
    with pytest.raises(MultiPartParserError):
        request.FILES  # noqa: B018 - reading it is the test


class RefusedRequest(ASGIRequest):
    """Written for Django: two-argument constructor, refuses every body."""

    def __init__(self, scope: Any, body_file: Any) -> None:
        super().__init__(scope, body_file)
        raise RequestDataTooBig()


class RefusingHandler(ASGIHandler):
    request_class = RefusedRequest


def test_a_request_class_that_refuses_the_body_gets_a_413() -> None:
    calls: list[str] = []

    def receiver(**kwargs: Any) -> None:
        calls.append(threading.current_thread().name)

    request_finished.connect(receiver)
    try:
        result = run(run_http(RefusingHandler(), http_scope("/anything/")))
    finally:
        request_finished.disconnect(receiver)
    assert result.status == 413
    assert len(calls) == 1
    assert calls[0] != threading.main_thread().name


def test_the_parser_keeps_the_declared_length_and_reads_the_buffered_one() -> None:
    from scallion.http.multipartparser import MultiPartParser

    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": "9",
    }
    parser = MultiPartParser(meta, BytesIO(UPLOAD), [], "utf-8")
    assert parser._content_length == 9
    assert parser._body_length == len(UPLOAD)
    malformed = MultiPartParser({**meta, "CONTENT_LENGTH": "a"}, BytesIO(b"x"), [], "utf-8")
    assert malformed._content_length == 0

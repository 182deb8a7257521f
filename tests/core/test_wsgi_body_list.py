"""The WSGI edge hands a plain response's body list to the server when closing would do nothing.

It also says the size of such a body (``Content-Length``), so servers need not
fall back to chunked encoding.

A server must call ``close()`` on the iterable it gets; for an ``HttpResponse``
whose close would only mark it closed, the edge returns the list and marks the
response closed itself (PERF: hello). Whenever closing does something (a
``request_finished`` receiver, a resource closer, uploaded files, a class with
its own ``close`` or ``__iter__``), the server gets the response and its close.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from scallion.core import signals
from scallion.core.wsgi import get_wsgi_application
from scallion.http import HttpResponse, JsonResponse
from scallion.test import override_settings
from scallion.urls import path

returned: list[Any] = []
closed_resources: list[str] = []


def keep(response: Any) -> Any:
    returned.append(response)
    return response


def plain(request: Any) -> HttpResponse:
    return keep(HttpResponse(b"plain body", content_type="text/plain"))


def json_view(request: Any) -> JsonResponse:
    return keep(JsonResponse({"a": 1}))


def with_closer(request: Any) -> HttpResponse:
    response = HttpResponse(b"with closer")
    response.add_resource_closer(lambda: closed_resources.append("closer"))
    return keep(response)


def upload(request: Any) -> HttpResponse:
    request.upload = request.FILES["file"]
    return keep(HttpResponse(request.FILES["file"].read()))


class OwnClose(HttpResponse):
    def close(self) -> None:
        closed_resources.append("own close")
        super().close()


class OwnIter(HttpResponse):
    def __iter__(self) -> Iterator[bytes]:
        yield b"own "
        yield from super().__iter__()


def own_close(request: Any) -> HttpResponse:
    return keep(OwnClose(b"own close body"))


def own_iter(request: Any) -> HttpResponse:
    return keep(OwnIter(b"iter body"))


def written(request: Any) -> HttpResponse:
    response = HttpResponse(b"first,")
    response.write("second")
    return keep(response)


def sized(request: Any) -> HttpResponse:
    return keep(HttpResponse(b"abc", headers={"Content-Length": "3"}))


def no_content(request: Any) -> HttpResponse:
    return keep(HttpResponse(status=204))


urlpatterns = [
    path("written/", written),
    path("sized/", sized),
    path("no-content/", no_content),
    path("plain/", plain),
    path("json/", json_view),
    path("closer/", with_closer),
    path("upload/", upload),
    path("own-close/", own_close),
    path("own-iter/", own_iter),
]


@pytest.fixture(autouse=True)
def urls() -> Iterator[None]:
    returned.clear()
    closed_resources.clear()
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], MIDDLEWARE=[]):
        yield


def start(
    path_info: str,
    method: str = "GET",
    body: bytes = b"",
    sent: dict[str, Any] | None = None,
    **extra: str,
) -> Any:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path_info,
        "wsgi.input": io.BytesIO(body),
        **extra,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    setup_testing_defaults(environ)
    sent = {} if sent is None else sent

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        sent["status"], sent["headers"] = status, headers

    return get_wsgi_application()(environ, start_response)


@pytest.mark.parametrize(("url", "body"), [("/plain/", b"plain body"), ("/json/", b'{"a": 1}')])
def test_plain_response_is_sent_as_its_list_and_marked_closed(url: str, body: bytes) -> None:
    result = start(url)
    assert type(result) is list
    assert b"".join(result) == body
    (response,) = returned
    assert response.closed


def test_a_request_finished_receiver_gets_the_response_and_its_close() -> None:
    finished: list[Any] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        finished.append(sender)

    signals.request_finished.connect(receiver)
    try:
        result = start("/plain/")
        assert result is returned[0]
        assert b"".join(result) == b"plain body"
        assert finished == []
        result.close()
        assert len(finished) == 1
    finally:
        signals.request_finished.disconnect(receiver)


def test_a_resource_closer_runs_when_the_server_closes() -> None:
    result = start("/closer/")
    assert result is returned[0]
    assert closed_resources == []
    result.close()
    assert closed_resources == ["closer"]


def test_uploaded_files_are_closed_when_the_server_closes() -> None:
    boundary = "BOUNDARY"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
        "file content\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    result = start(
        "/upload/",
        method="POST",
        body=body,
        CONTENT_TYPE=f"multipart/form-data; boundary={boundary}",
    )
    assert result is returned[0]
    assert b"".join(result) == b"file content"
    upload = result._closable_request.upload
    assert not upload.closed
    result.close()
    assert upload.closed


def test_a_class_with_its_own_close_is_closed_by_the_server() -> None:
    result = start("/own-close/")
    assert result is returned[0]
    result.close()
    assert closed_resources == ["own close"]


def test_a_class_with_its_own_iter_is_iterated_by_the_server() -> None:
    result = start("/own-iter/")
    assert result is returned[0]
    assert b"".join(result) == b"own iter body"
    result.close()


def content_lengths(headers: list[tuple[str, str]]) -> list[str]:
    return [value for name, value in headers if name.lower() == "content-length"]


@pytest.mark.parametrize(
    ("url", "method", "length"),
    [
        ("/plain/", "GET", "10"),
        ("/plain/", "HEAD", "10"),  # what the GET would send
        ("/written/", "GET", "12"),  # several chunks
        ("/closer/", "GET", "11"),  # not sent as a list, but the body is the list
        ("/sized/", "GET", "3"),  # set by the view: kept, not doubled
    ],
)
def test_a_known_body_size_is_sent_as_content_length(url: str, method: str, length: str) -> None:
    sent: dict[str, Any] = {}
    result = start(url, method=method, sent=sent)
    body = b"".join(result)
    if method == "GET":
        assert len(body) == int(length)
    assert content_lengths(sent["headers"]) == [length]


@pytest.mark.parametrize("url", ["/no-content/", "/own-iter/"])
def test_no_content_length_when_there_is_no_body_or_it_is_not_the_list(url: str) -> None:
    sent: dict[str, Any] = {}
    b"".join(start(url, sent=sent))
    assert content_lengths(sent["headers"]) == []


def form_view(request: Any) -> HttpResponse:
    return keep(HttpResponse(request.POST["a"], content_type="text/plain"))


urlpatterns.append(path("form/", form_view))


def test_a_form_post_with_no_files_is_sent_as_its_list() -> None:
    result = start(
        "/form/",
        method="POST",
        body=b"a=1&b=2",
        CONTENT_TYPE="application/x-www-form-urlencoded",
    )
    assert type(result) is list
    assert b"".join(result) == b"1"

"""Request bodies end to end: test client and WSGI app, status codes for bad bodies."""

from __future__ import annotations

import hashlib
import json
from io import BytesIO
from typing import Any

import pytest

from scallion.core.files.uploadedfile import SimpleUploadedFile
from scallion.core.wsgi import get_wsgi_application
from scallion.test import Client
from tests.http._settings import override_settings

URLS = "tests.http.request_body_urls"


@pytest.fixture
def client() -> Any:
    with override_settings(ROOT_URLCONF=URLS):
        yield Client()


def test_multipart_upload_through_client(client: Client) -> None:
    upload = SimpleUploadedFile("../../r.txt", b"report", "text/plain")
    response = client.post("/form/", {"a": ["1", "2"], "f": upload})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["post"] == {"a": ["1", "2"]}
    assert data["files"]["f"] == [
        {"name": "r.txt", "size": 6, "sha256": hashlib.sha256(b"report").hexdigest()}
    ]


def test_urlencoded_and_put(client: Client) -> None:
    form = "application/x-www-form-urlencoded"
    response = client.post("/form/", "a=1;b=2&c=3", content_type=form)
    assert json.loads(response.content)["post"] == {"a": ["1;b=2"], "c": ["3"]}
    response = client.put("/put/", "a=1", content_type=form)
    assert json.loads(response.content)["post"] == {"a": ["1"]}


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ({"a": 1}, "application/json", 200),
        ("{bad", "application/json", 400),
        ("[" * 10_000 + "]" * 10_000, "application/json", 400),
        ("{}", "text/plain", 400),
    ],
)
def test_json_status_codes(client: Client, body: Any, content_type: str, status: int) -> None:
    assert client.post("/json/", body, content_type=content_type).status_code == status


def test_limits_map_to_status_codes(client: Client) -> None:
    multipart = "multipart/form-data; boundary=x"
    assert client.post("/form/", b"--x\r\n", content_type="multipart/form-data").status_code == 400
    assert client.post("/form/", b"garbage", content_type=multipart).status_code == 400
    assert client.post("/form/", {"a": "x" * 3_000_000}).status_code == 413
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5):
        assert client.post("/form/", {f"f{i}": "1" for i in range(6)}).status_code == 400
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=1):
        files = {"f": [SimpleUploadedFile("a", b"1"), SimpleUploadedFile("b", b"2")]}
        assert client.post("/form/", files).status_code == 400


def test_view_limits_from_decorator(client: Client) -> None:
    assert client.post("/small/", {"a": "x" * 50}).status_code == 413
    assert client.post("/small/", {"a": "x"}).content == b"1"
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5, DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        response = client.post("/large/", {f"f{i}": "x" * 50 for i in range(50)})
        assert response.content == b"50"


def _call_wsgi(environ_extra: dict[str, Any], body: bytes) -> tuple[str, bytes]:
    app = get_wsgi_application()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/form/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(body),
        "wsgi.errors": BytesIO(),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        **environ_extra,
    }
    status: list[str] = []
    chunks = app(environ, lambda s, h, *a: status.append(s))
    return status[0], b"".join(chunks)


def test_short_body_is_400_not_a_hang() -> None:
    with override_settings(ROOT_URLCONF=URLS):
        status, _ = _call_wsgi({"CONTENT_LENGTH": "1000"}, b"a=1")
        assert status.startswith("400")
        status, content = _call_wsgi({"CONTENT_LENGTH": "3"}, b"a=1")
        assert status.startswith("200") and b'"a"' in content


def test_chunked_body_reads_to_eof() -> None:
    with override_settings(ROOT_URLCONF=URLS):
        status, content = _call_wsgi({"wsgi.input_terminated": True}, b"a=1&b=2")
        assert status.startswith("200")
        assert json.loads(content)["post"] == {"a": ["1"], "b": ["2"]}


def test_view_limits_apply_to_process_view_middleware_too(client: Client) -> None:
    # The view's @body_limits are set as soon as the URL resolves: a process_view
    # hook that reads request.POST (a CSRF check) parses under the view's limits.
    with override_settings(
        MIDDLEWARE=["tests.http.request_body_urls.ReadsPostInProcessView"],
        DATA_UPLOAD_MAX_NUMBER_FIELDS=5,
        DATA_UPLOAD_MAX_MEMORY_SIZE=100,
    ):
        client = Client()
        response = client.post("/large/", {f"f{i}": "x" * 50 for i in range(50)})
        assert (response.status_code, response.content) == (200, b"50")
        assert client.post("/small/", {"a": "x" * 50}).status_code == 413
        # Undecorated views keep the settings' limits.
        assert client.post("/form/", {f"f{i}": "1" for i in range(6)}).status_code == 400

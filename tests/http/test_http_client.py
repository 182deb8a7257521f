"""Cookies, signing, hosts, negotiation, files, ranges and conditions through the test client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from scallion.test import Client, override_settings
from tests.http.http_urls import ETAG, FILE_DATA


@pytest.fixture
def client() -> Iterator[Client]:
    with override_settings(ROOT_URLCONF="tests.http.http_urls"):
        yield Client()


def test_signed_cookie_round_trip(client: Client) -> None:
    assert client.get("/signed/set/").status_code == 200
    assert client.cookies["token"].value.startswith("hello:")
    assert client.get("/signed/get/").content == b"hello"


def test_tampered_signed_cookie_is_rejected(client: Client) -> None:
    client.get("/signed/set/?v=user")
    client.cookies["token"] = client.cookies["token"].value.replace("user", "admin")
    assert client.get("/signed/get/").content == b"-"


def test_signed_cookie_survives_key_rotation(client: Client) -> None:
    with override_settings(SECRET_KEY="old-key", SECRET_KEY_FALLBACKS=[]):
        client.get("/signed/set/")
    with override_settings(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=["old-key"]):
        assert client.get("/signed/get/").content == b"hello"
    with override_settings(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=[]):
        assert client.get("/signed/get/").content == b"-"


def test_malformed_cookie_header_is_parsed_forgivingly(client: Client) -> None:
    response = client.get("/cookies/", HTTP_COOKIE='a=1; bad"name=2; ;;; =; c="x y"; d')
    assert response.status_code == 200
    assert json.loads(response.content) == {"a": "1", 'bad"name': "2", "c": "x y", "": "d"}


def test_disallowed_host_is_400(client: Client) -> None:
    assert client.get("/host/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/host/", HTTP_HOST="bad host").status_code == 400
    response = client.get("/host/", HTTP_HOST="localhost:8000")
    assert json.loads(response.content)["host"] == "localhost:8000"


def test_forwarded_headers_through_the_handler(client: Client) -> None:
    with override_settings(
        USE_X_FORWARDED_HOST=True,
        USE_X_FORWARDED_PORT=True,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        ALLOWED_HOSTS=["public.example"],
    ):
        response = client.get(
            "/host/",
            HTTP_X_FORWARDED_HOST="public.example",
            HTTP_X_FORWARDED_PORT="443",
            HTTP_X_FORWARDED_PROTO="https",
        )
    assert json.loads(response.content) == {
        "host": "public.example",
        "scheme": "https",
        "port": "443",
    }


@pytest.mark.parametrize(
    ("accept", "status", "chosen"),
    [
        ("application/json", 200, "application/json"),
        ("text/html;q=0.5, application/json", 200, "application/json"),
        ("*/*", 200, "text/html"),
        ("image/png", 406, None),
        # Beyond 8 KiB the header is ignored: the one (cut) entry is dropped.
        ("text/html;" + ";" * 50_000, 406, None),
        ("text/html, " + "x" * 50_000, 200, "text/html"),
    ],
)
def test_negotiation(client: Client, accept: str, status: int, chosen: str | None) -> None:
    response = client.get("/negotiate/", HTTP_ACCEPT=accept)
    assert response.status_code == status
    if chosen:
        assert response.content == chosen.encode()


def test_file_download(client: Client) -> None:
    response = client.get("/download/")
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(FILE_DATA))
    assert response["Content-Disposition"] == 'inline; filename="data.bin"'
    assert b"".join(response.streaming_content) == FILE_DATA


def test_range_through_the_handler(client: Client) -> None:
    response = client.get("/download/", HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Range"] == f"bytes 100-199/{len(FILE_DATA)}"
    assert b"".join(response.streaming_content) == FILE_DATA[100:200]


def test_range_unsatisfiable_and_hostile_through_the_handler(client: Client) -> None:
    assert client.get("/download/", HTTP_RANGE="bytes=999999-").status_code == 416
    hostile = "bytes=" + ",".join(["0-"] * 500)
    response = client.get("/download/", HTTP_RANGE=hostile)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FILE_DATA


def test_if_range_through_the_handler(client: Client) -> None:
    response = client.get("/download/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=ETAG)
    assert response.status_code == 206
    response = client.get("/download/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert response.status_code == 200


def test_conditional_get(client: Client) -> None:
    assert client.get("/conditional/").status_code == 200
    response = client.get("/conditional/", HTTP_IF_NONE_MATCH=ETAG)
    assert response.status_code == 304
    assert response["ETag"] == ETAG
    assert response.content == b""
    assert client.post("/conditional/", HTTP_IF_MATCH='"other"').status_code == 412


def test_exc_info_and_temporary_file_uploads(client: Client) -> None:
    import tempfile

    from scallion.test import RequestFactory
    from scallion.test.client import encode_file

    response = client.get("/signed/get/")
    assert response.exc_info is None
    with tempfile.TemporaryFile() as upload:  # its name is an int
        upload.write(b"data")
        part = encode_file("B", "temp_file", upload)
    assert b'name="temp_file"; filename="temp_file"' in part[1]
    with tempfile.TemporaryFile() as upload:
        request = RequestFactory().post("/", {"temp_file": upload})
        assert list(request.FILES) == ["temp_file"]
        request.FILES["temp_file"].close()

"""The same request corpus gives the same responses under gunicorn (WSGI), uvicorn (ASGI),
and the in-process ``Client`` and ``AsyncClient``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from scallion.http import StreamingIteratorWarning
from scallion.test import AsyncClient, Client, override_settings
from tests.asgi.conftest import run

pytestmark = pytest.mark.server

UPLOAD = b"\x00\x01binary" * 3000


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    form: dict[str, str] | None = None
    upload: bool = False
    body: bytes | None = None
    content_type: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)


CORPUS = [
    Case("hello", "GET", "/hello/"),
    Case("async hello", "GET", "/ahello/"),
    Case("head", "HEAD", "/hello/"),
    Case("not found", "GET", "/nowhere/"),
    Case("http404", "GET", "/404/"),
    Case("server error", "GET", "/boom/"),
    Case("async server error", "GET", "/aboom/"),
    Case("bad path", "GET", "/%FF/"),
    Case("redirect", "GET", "/redirect/"),
    Case("set cookies", "GET", "/cookie/"),
    Case("read cookies", "GET", "/cookies/?x=1", cookies={"a": "1", "sess": "abc"}),
    Case("form", "POST", "/form/", form={"a": "1", "b": "é"}),
    Case("async form", "POST", "/aform/", form={"a": "1", "b": "é"}),
    Case("upload", "POST", "/form/", form={"title": "hello"}, upload=True),
    Case("async upload", "POST", "/aform/", form={"title": "hello"}, upload=True),
    Case("echo", "POST", "/echo/", body=b"raw bytes", content_type="application/octet-stream"),
    Case("too big", "POST", "/echo/", body=b"z" * 20_000, content_type="text/plain"),
    Case("stream", "GET", "/stream/"),
    Case("async stream", "GET", "/astream/"),
    Case("file", "GET", "/file/"),
    Case("big", "GET", "/big/"),
    Case("cache headers", "GET", "/cache-headers/"),
    Case("method not allowed", "POST", "/get-or-put/", form={"a": "1"}),
    Case("allowed method", "GET", "/get-or-put/"),
]

#: Headers a server adds or frames itself, which legitimately differ: the date, the
#: server's name, connection management and chunked framing.
SERVER_HEADERS = frozenset({"date", "server", "connection", "keep-alive", "transfer-encoding"})
#: X-Both (set by the both-capable middleware) says "sync" or "async": it differs by design.
BY_DESIGN = frozenset({"x-both"})
#: Compared in every case; the corpus must exercise each (see the last test).
MUST_COMPARE = ("content-length", "vary", "cache-control", "x-frame-options", "allow")
#: Statuses without a body, hence without the Content-Length an edge adds.
NO_BODY = {204, 304}


def normalize(
    status: int, headers: Any, body: bytes, set_cookies: list[str], edge_length: int | None = None
) -> dict[str, Any]:
    """Everything but what legitimately differs; ``edge_length`` for in-process responses.

    The in-process clients return the response object, to which no edge has
    added a Content-Length yet; both edges add ``len(content)`` to a
    non-streaming body (not for 1xx/204/304), so that is what they are given.
    """
    compared = {
        name.lower(): value
        for name, value in headers.items()
        if name.lower() not in SERVER_HEADERS | BY_DESIGN and name.lower() != "set-cookie"
    }
    if edge_length is not None and "content-length" not in compared and status not in NO_BODY:
        compared["content-length"] = str(edge_length)
    return {"status": status, "body": body, "headers": compared, "set-cookie": sorted(set_cookies)}


def over_http(base_url: str, case: Case) -> dict[str, Any]:
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=20) as client:
        client.cookies.update(case.cookies)
        kwargs: dict[str, Any] = {}
        if case.upload:
            kwargs["files"] = {"upload": ("data.bin", UPLOAD, "application/octet-stream")}
        if case.form is not None:
            kwargs["data"] = case.form
        if case.body is not None:
            kwargs["content"] = case.body
            kwargs["headers"] = {"Content-Type": case.content_type or ""}
        response = client.request(case.method, case.path, **kwargs)
        return normalize(
            response.status_code,
            response.headers,
            response.content,
            response.headers.get_list("set-cookie"),
        )


def _in_process_args(case: Case) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if case.cookies:
        kwargs["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in case.cookies.items())
    if case.method == "POST":
        if case.body is not None:
            kwargs["data"] = case.body
            kwargs["content_type"] = case.content_type
        elif case.upload:
            f = io.BytesIO(UPLOAD)
            f.name = "data.bin"
            kwargs["data"] = {**(case.form or {}), "upload": f}
        else:
            kwargs["data"] = case.form
            kwargs["content_type"] = "application/x-www-form-urlencoded"
    return kwargs


def _response_dict(response: Any, body: bytes, head_of: Any = None) -> dict[str, Any]:
    cookies = [m.OutputString() for m in response.cookies.values()]
    headers = dict(response.headers.items())
    # The Content-Length the edge would add. The test clients drop a HEAD
    # response's body (as Django's do); the edge sends the size of the body it
    # drops, which is the size of the GET response (``head_of``).
    sized = response if head_of is None else head_of
    edge_length = None if sized.streaming else len(sized.content)
    return normalize(response.status_code, headers, body, cookies, edge_length)


def in_process_wsgi(case: Case) -> dict[str, Any]:
    client = Client(raise_request_exception=False)
    method = getattr(client, case.method.lower())
    response = method(case.path, **_in_process_args(case))
    if response.streaming and response.is_async:
        # Served synchronously, an async stream is read to its end, with Django's warning.
        with pytest.warns(StreamingIteratorWarning, match="asynchronous iterators"):
            body = b"".join(response)
    else:
        body = b"".join(response) if response.streaming else response.content
    if case.method == "HEAD":
        assert response.content == b""
        return _response_dict(
            response, b"", head_of=client.get(case.path, **_in_process_args(case))
        )
    return _response_dict(response, body)


def in_process_asgi(case: Case) -> dict[str, Any]:
    async def go() -> dict[str, Any]:
        client = AsyncClient(raise_request_exception=False)
        response = await getattr(client, case.method.lower())(case.path, **_in_process_args(case))
        if response.streaming:
            if response.is_async:
                body = b"".join([c async for c in response.streaming_content])
            else:
                body = b"".join(response.streaming_content)
        else:
            body = response.content
        if case.method == "HEAD":
            assert body == b""
            get = await client.get(case.path, **_in_process_args(case))
            return _response_dict(response, body, head_of=get)
        return _response_dict(response, body)

    return run(go())


@pytest.fixture(scope="module")
def app_settings() -> Iterator[None]:
    from tests.servers.app import settings as app

    names = [n for n in dir(app) if n.isupper()]
    with override_settings(**{n: getattr(app, n) for n in names}):
        yield


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_same_response_everywhere(
    case: Case, uvicorn_url: str, gunicorn_url: str, app_settings: None
) -> None:
    via_gunicorn = over_http(gunicorn_url, case)
    via_uvicorn = over_http(uvicorn_url, case)
    via_async_client = in_process_asgi(case)
    assert via_uvicorn == via_gunicorn
    assert in_process_wsgi(case) == via_gunicorn
    assert via_async_client == via_gunicorn
    if case.name == "upload":
        data = json.loads(via_gunicorn["body"])
        assert data["FILES"]["upload"][0]["size"] == len(UPLOAD)


def test_the_corpus_exercises_every_compared_header(
    uvicorn_url: str, gunicorn_url: str, app_settings: None
) -> None:
    """Comparing a header no case sends would prove nothing."""
    seen: set[str] = set()
    for case in CORPUS:
        seen.update(over_http(gunicorn_url, case)["headers"])
    assert set(MUST_COMPARE) <= seen, set(MUST_COMPARE) - seen

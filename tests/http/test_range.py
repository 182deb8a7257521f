"""Range requests on FileResponse: 206 single and multipart, 416, and hostile range sets."""

from __future__ import annotations

import io
import re
from email.parser import BytesParser
from email.policy import HTTP

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.http import FileResponse, HttpRequest
from scallion.http.ranges import RangeNotSatisfiable, if_range_passes, parse_range_header

DATA = bytes(range(256)) * 4  # 1024 bytes


def make_request(method: str = "GET", **meta: str) -> HttpRequest:
    request = HttpRequest()
    request.method = method
    request.META.update(meta)
    return request


def ranged(range_header: str | None, method: str = "GET", **meta: str) -> FileResponse:
    response = FileResponse(io.BytesIO(DATA), filename="data.bin")
    if range_header is not None:
        meta["HTTP_RANGE"] = range_header
    response.apply_range(make_request(method, **meta))
    return response


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", [(0, 0)]),
        ("bytes=0-99", [(0, 99)]),
        ("bytes=1000-", [(1000, 1023)]),
        ("bytes=-24", [(1000, 1023)]),
        ("bytes=-5000", [(0, 1023)]),
        ("bytes=1000-5000", [(1000, 1023)]),
        ("BYTES = 1-2", [(1, 2)]),
        ("bytes=0-1, 10-11", [(0, 1), (10, 11)]),
        ("bytes=10-11,0-1", [(10, 11), (0, 1)]),  # request order kept
        ("bytes=0-1,,2-3", [(0, 1), (2, 3)]),
        ("bytes=0-1,2000-3000", [(0, 1)]),  # unsatisfiable parts dropped
    ],
)
def test_parse_valid(header: str, expected: list[tuple[int, int]]) -> None:
    assert parse_range_header(header, 1024) == expected


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes",
        "items=0-1",
        "bytes=a-b",
        "bytes=5-2",
        "bytes=1",
        "bytes=--1",
        "bytes=-",
        "bytes=0x1-2",
        "bytes=١-٢",  # non-ASCII digits
        "bytes=" + "9" * 30 + "-",
        "bytes=0-10,5-20",  # overlapping
        "bytes=0-,0-,0-",  # the amplification attack
        "bytes=-100,900-",  # suffix overlaps explicit range
        "bytes=" + ",".join(f"{i}-{i}" for i in range(101)),  # too many
    ],
)
def test_parse_whole_representation(header: str) -> None:
    assert parse_range_header(header, 1024) is None


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=2000-3000", "bytes=-0", "bytes=5000-,-0"])
def test_parse_unsatisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range_header(header, 1024)


def test_parse_empty_file_is_unsatisfiable() -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range_header("bytes=0-", 0)
    with pytest.raises(RangeNotSatisfiable):
        parse_range_header("bytes=-10", 0)


def test_hundred_ranges_are_still_served() -> None:
    header = "bytes=" + ",".join(f"{i * 2}-{i * 2}" for i in range(100))
    ranges = parse_range_header(header, 1024)
    assert ranges is not None and len(ranges) == 100


@given(st.text(max_size=300))
def test_parse_never_raises_unexpectedly(header: str) -> None:
    try:
        ranges = parse_range_header(header, 1024)
    except RangeNotSatisfiable:
        return
    if ranges is not None:
        assert 1 <= len(ranges) <= 100
        assert sum(last - first + 1 for first, last in ranges) <= 1024
        assert all(0 <= first <= last < 1024 for first, last in ranges)


@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 2000)), min_size=1, max_size=20))
def test_parse_matches_reference(pairs: list[tuple[int, int]]) -> None:
    header = "bytes=" + ",".join(f"{a}-{b}" for a, b in pairs)
    if any(b < a for a, b in pairs):
        assert parse_range_header(header, 1024) is None
        return
    satisfiable = [(a, min(b, 1023)) for a, b in pairs if a < 1024]
    if not satisfiable:
        with pytest.raises(RangeNotSatisfiable):
            parse_range_header(header, 1024)
        return
    covered: set[int] = set()
    overlap = False
    for a, b in satisfiable:
        span = set(range(a, b + 1))
        overlap = overlap or bool(covered & span)
        covered |= span
    assert parse_range_header(header, 1024) == (None if overlap else satisfiable)


def test_hostile_headers_are_linear() -> None:
    # Each is refused by a length or count check before any per-range work.
    hostile = [
        "bytes=" + "0-," * 100_000,
        "bytes=" + ",".join(f"{i}-{i + 1000}" for i in range(99)),
        "bytes=" + " " * 1_000_000 + "0-1",
        "bytes=" + "-" * 1_000_000,
    ]
    for header in hostile:
        assert parse_range_header(header, 10**9) is None


def test_no_range_header_advertises_ranges() -> None:
    response = ranged(None)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response) == DATA


def test_single_range() -> None:
    response = ranged("bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 10-19/1024"
    assert response["Content-Length"] == "10"
    assert response["Content-Type"] == "application/octet-stream"
    assert response.file_to_stream is None
    assert b"".join(response) == DATA[10:20]


def test_suffix_range_reads_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FileResponse, "block_size", 7)
    response = ranged("bytes=-30")
    chunks = list(response)
    assert b"".join(chunks) == DATA[-30:]
    assert max(len(c) for c in chunks) == 7


def test_range_from_file_offset() -> None:
    f = io.BytesIO(DATA)
    f.seek(1000)
    response = FileResponse(f)
    response.apply_range(make_request(HTTP_RANGE="bytes=4-"))
    assert response["Content-Range"] == "bytes 4-23/24"
    assert b"".join(response) == DATA[1004:]


def test_multiple_ranges_are_multipart_byteranges() -> None:
    response = ranged("bytes=0-9,100-109,-5")
    assert response.status_code == 206
    content_type = response["Content-Type"]
    match = re.fullmatch(r"multipart/byteranges; boundary=([0-9a-f]{32})", content_type)
    assert match
    body = b"".join(response)
    assert len(body) == int(response["Content-Length"])
    assert body.endswith(f"--{match[1]}--\r\n".encode())
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    parts = list(message.iter_parts())
    assert [p["Content-Range"] for p in parts] == [
        "bytes 0-9/1024",
        "bytes 100-109/1024",
        "bytes 1019-1023/1024",
    ]
    assert all(p["Content-Type"] == "application/octet-stream" for p in parts)
    assert [p.get_payload(decode=True) for p in parts] == [DATA[:10], DATA[100:110], DATA[-5:]]


def test_unsatisfiable_is_416() -> None:
    response = ranged("bytes=5000-")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"
    assert response["Content-Length"] == "0"
    assert b"".join(response) == b""
    assert response.file_to_stream is None


@pytest.mark.parametrize(
    "header", ["bytes=0-,0-,0-", "bytes=" + ",".join("0-1" for _ in range(101)), "bytes=x-y"]
)
def test_hostile_or_invalid_range_sends_whole_file(header: str) -> None:
    response = ranged(header)
    assert response.status_code == 200
    assert response["Content-Length"] == "1024"
    assert b"".join(response) == DATA


@pytest.mark.parametrize("method", ["HEAD", "POST", "PUT"])
def test_range_only_for_get(method: str) -> None:
    response = ranged("bytes=0-1", method=method)
    assert response.status_code == 200


def test_non_200_not_ranged() -> None:
    response = FileResponse(io.BytesIO(DATA), status=404)
    response.apply_range(make_request(HTTP_RANGE="bytes=0-1"))
    assert response.status_code == 404
    assert "Accept-Ranges" not in response


def test_encoded_response_not_ranged() -> None:
    response = FileResponse(io.BytesIO(DATA), headers={"Content-Encoding": "gzip"})
    response.apply_range(make_request(HTTP_RANGE="bytes=0-1"))
    assert response.status_code == 200
    assert "Accept-Ranges" not in response


def test_iterable_content_not_ranged() -> None:
    response = FileResponse([b"abc"])
    response.apply_range(make_request(HTTP_RANGE="bytes=0-1"))
    assert response.status_code == 200


def test_if_range_etag() -> None:
    response = FileResponse(io.BytesIO(DATA), headers={"ETag": '"v1"'})
    response.apply_range(make_request(HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE='"v1"'))
    assert response.status_code == 206
    stale = FileResponse(io.BytesIO(DATA), headers={"ETag": '"v2"'})
    stale.apply_range(make_request(HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE='"v1"'))
    assert stale.status_code == 200
    assert b"".join(stale) == DATA


def test_if_range_date() -> None:
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    response = FileResponse(io.BytesIO(DATA), headers={"Last-Modified": date})
    response.apply_range(make_request(HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE=date))
    assert response.status_code == 206
    newer = FileResponse(io.BytesIO(DATA), headers={"Last-Modified": date})
    newer.apply_range(
        make_request(HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE="Tue, 20 Oct 2015 07:28:00 GMT")
    )
    assert newer.status_code == 200


@pytest.mark.parametrize(
    ("if_range", "etag", "last_modified", "passes"),
    [
        ('"a"', '"a"', None, True),
        ('"a"', '"b"', None, False),
        ('W/"a"', 'W/"a"', None, False),  # weak validators never pass
        ('"a"', 'W/"a"', None, False),
        ('"a"', None, None, False),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None, "Wed, 21 Oct 2015 07:28:00 GMT", True),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None, None, False),
        ("garbage", None, "Wed, 21 Oct 2015 07:28:00 GMT", False),
    ],
)
def test_if_range_passes(
    if_range: str, etag: str | None, last_modified: str | None, passes: bool
) -> None:
    assert if_range_passes(if_range, etag, last_modified) is passes

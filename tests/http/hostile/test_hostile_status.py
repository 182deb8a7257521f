"""The hostile corpus through both handlers: the right status, in bounded time and memory.

``test_hostile.py`` checks that each body ends in the right exception; here the
same bodies, and hostile request lines and headers, go through ``WSGIHandler``
and ``ASGIHandler`` as a server would hand them, and each must be answered with its
4xx (or parse and answer 200) in well under 2 seconds, with a traced peak
allocation bounded by a small multiple of what was sent. The bounds are
generous (a shared, loaded machine must pass them); what they catch is the
quadratic parse or the body copied ten times over.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from typing import Any

import pytest

from scallion.core.exceptions import RequestDataTooBig
from tests.http.hostile.corpus import CASES, Case
from tests.http.hostile.edges import COPIES, PARSED_COPIES, Request

#: CPU seconds per request. CPU time, not wall time: the bound is about the work a
#: hostile input makes the server do, and a shared machine's load must not decide it.
TIME_LIMIT = 2.0


def _status(case: Case) -> int:
    if case.raises is None:
        return 200
    return 413 if issubclass(case.raises, RequestDataTooBig) else 400


#: Corpus bodies whose parsed result is itself many small objects.
MANY_OBJECTS = {"json-many-keys"}

BODY_REQUESTS = [
    Request(
        f"body-{c.id}",
        _status(c),
        path=f"/{c.access}/",
        method="POST",
        body=c.body,
        environ={"CONTENT_TYPE": c.content_type},
        copies=PARSED_COPIES if c.id in MANY_OBJECTS else COPIES,
    )
    for c in CASES
]


def _latin1(data: bytes) -> str:
    """Bytes as PEP 3333 hands them to the application (latin-1 decoded)."""
    return data.decode("latin-1")


HEADER_REQUESTS = [
    # Query strings.
    Request("query-10000-fields", 400, query="&".join(f"f{i}=1" for i in range(10_000))),
    Request("query-bad-percent", 200, query="a=%%%zz%C3%28%ff&%=%&b=%E2%82&%%=%2"),
    Request("query-bad-utf8", 200, query=_latin1(b"a=\xff\xfe\xc3\x28&\xed\xa0\x80=1")),
    Request("query-semicolons", 200, query=";" * 1_000_000),
    Request("query-huge-value", 200, query="a=" + "%41" * 300_000),
    # Request paths.
    Request("path-bad-utf8", 400, path=_latin1(b"/headers/\xff\xfe/")),
    Request("path-overlong-utf8", 400, path=_latin1(b"/\xc0\xaf../")),
    Request("path-surrogate-utf8", 400, path=_latin1(b"/\xed\xa0\x80/")),
    # Huge and ReDoS-shaped headers.
    Request("header-huge-accept", 200, environ={"HTTP_ACCEPT": "text/html;q=0.5," * 60_000}),
    Request(
        "header-redos-accept", 200, environ={"HTTP_ACCEPT": "a/b;" + 'x="\\' * 100_000 + ";q=1"}
    ),
    Request(
        "header-redos-content-type",
        400,  # longer than MAX_HEADER_LENGTH: "Invalid Content-Type header", as in Django
        environ={"CONTENT_TYPE": "text/plain;" + " ;a=" * 100_000},
    ),
    Request("header-huge-unknown", 200, environ={"HTTP_X_BIG": "v" * 1_000_000}),
    Request("header-huge-host", 400, environ={"HTTP_HOST": "a" * 100_000 + ".example"}),
    Request("header-host-injection", 400, environ={"HTTP_HOST": "testserver\r\nX-Evil: 1"}),
    # Cookies.
    Request(
        "cookie-malformed",
        200,
        environ={"HTTP_COOKIE": 'a=1; bad"name=2; ;;; =; "; \\'},
        copies=PARSED_COPIES,
    ),
    Request("cookie-huge", 200, environ={"HTTP_COOKIE": '; "=\\' * 200_000}, copies=PARSED_COPIES),
    Request(
        "cookie-many",
        200,
        environ={"HTTP_COOKIE": "; ".join(f"k{i}=v" for i in range(50_000))},
        copies=PARSED_COPIES,
    ),
    Request(
        "cookie-bad-utf8",
        200,
        environ={"HTTP_COOKIE": _latin1(b"a=\xff\xfe; b=\xc3\x28")},
        copies=PARSED_COPIES,
    ),
    # Conditional requests: only the first 100 entity tags are looked at.
    Request(
        "if-none-match-huge",
        200,
        path="/conditional/",
        environ={"HTTP_IF_NONE_MATCH": '"x",' * 250_000 + '"v1"'},
    ),
    Request(
        "if-match-huge",
        412,
        path="/conditional/",
        environ={"HTTP_IF_MATCH": '"x",' * 250_000 + '"v1"'},
    ),
    Request(
        "if-modified-since-huge",
        200,
        path="/conditional/",
        environ={"HTTP_IF_MODIFIED_SINCE": "Wed, 21 Oct 2015 " + "9" * 1_000_000},
    ),
    # Range requests: many or overlapping ranges are answered with the whole file.
    Request(
        "range-10000-ranges",
        200,
        path="/download/",
        environ={"HTTP_RANGE": "bytes=" + ",".join(f"{i}-{i}" for i in range(10_000))},
    ),
    Request(
        "range-overlapping",
        200,
        path="/download/",
        environ={"HTTP_RANGE": "bytes=" + ",".join("0-" for _ in range(99))},
    ),
    Request(
        "range-huge-header",
        200,
        path="/download/",
        environ={"HTTP_RANGE": "bytes=" + " " * 1_000_000},
    ),
    Request("range-unsatisfiable", 416, path="/download/", environ={"HTTP_RANGE": "bytes=99999-"}),
    Request(
        "range-many-etags-if-range",
        200,
        path="/download/",
        environ={"HTTP_RANGE": "bytes=0-1", "HTTP_IF_RANGE": '"x",' * 200_000},
    ),
]

REQUESTS = BODY_REQUESTS + HEADER_REQUESTS


@pytest.mark.timeout(30)
@pytest.mark.parametrize("request_", REQUESTS, ids=[r.id for r in REQUESTS])
def test_answered_with_the_right_status_in_bounded_time(
    call: Any, request_: Request, quiet_logs: None
) -> None:
    started = time.process_time()
    status, content = call(request_)
    elapsed = time.process_time() - started
    assert status == request_.status, content[:300]
    assert elapsed < TIME_LIMIT, f"{request_.id} took {elapsed:.2f}s"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("request_", REQUESTS, ids=[r.id for r in REQUESTS])
def test_answered_in_bounded_memory(call: Any, request_: Request, quiet_logs: None) -> None:
    call(request_)  # first-use imports and caches are not the request's cost
    tracemalloc.start()
    try:
        status, _ = call(request_)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == request_.status
    bound = request_.memory_bound
    assert peak < bound, f"{request_.id}: traced peak {peak / 2**20:.1f} MiB, bound {bound}"


def test_traversal_file_names_come_back_as_base_names(call: Any) -> None:
    request = next(r for r in REQUESTS if r.id == "body-multipart-traversal-names")
    status, content = call(request)
    assert status == 200
    names = json.loads(content)["names"]
    assert "passwd" in names and "boot.ini" in names and "a.php" in names
    assert all("/" not in n and "\\" not in n and "\x00" not in n for n in names)

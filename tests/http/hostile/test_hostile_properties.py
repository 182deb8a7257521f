"""Property tests through the WSGI and ASGI handlers: whatever the query string, Cookie header or
multipart body, the answer is a 200 or a 4xx, never a 500.

The unit-level properties (``test_formparser``, ``test_cookies``,
``test_multipart_properties``) hold each parser to "only the expected exception";
these hold the whole request cycle to it, from what the server hands over to the
response, with generators biased towards the characters each parser treats
specially (random text rarely makes a ``%`` escape or a quoted cookie).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.http._request_body import BOUNDARY
from tests.http.hostile.edges import Request
from tests.http.test_multipart_properties import fragments

OK_STATUSES = {200, 400, 413}
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _latin1(data: bytes) -> str:
    return data.decode("latin-1")


query_bytes = st.lists(
    st.sampled_from([b"&", b"=", b";", b"+", b"%", b"%2", b"%zz", b"%ff", b"%C3", b"%A9", b"%00"])
    | st.sampled_from([b"\xff", b"\xc3\xa9", b"\xed\xa0\x80", b"a", b"key", b" ", b"#", b"?"])
    | st.binary(max_size=6),
    max_size=40,
).map(b"".join)

cookie_bytes = st.lists(
    st.sampled_from([b";", b"=", b'"', b"\\", b'\\"', b"\\012", b" ", b",", b"$Path", b"a"])
    | st.sampled_from([b"\xff", b"\xc3\xa9", b"\x00", b"\t", b"sessionid", b"[x]", b":"])
    | st.binary(max_size=6),
    max_size=40,
).map(b"".join)


@PROPERTY_SETTINGS
@given(query=query_bytes)
def test_any_query_string_is_answered_without_a_server_error(
    call: Any, quiet_logs: None, query: bytes
) -> None:
    status, content = call(Request("query", 200, query=_latin1(query)))
    assert status in OK_STATUSES, content[:300]


@PROPERTY_SETTINGS
@given(cookie=cookie_bytes)
def test_any_cookie_header_is_answered_without_a_server_error(
    call: Any, quiet_logs: None, cookie: bytes
) -> None:
    status, content = call(Request("cookie", 200, environ={"HTTP_COOKIE": _latin1(cookie)}))
    assert status == 200, content[:300]


@PROPERTY_SETTINGS
@given(
    pieces=st.lists(fragments | st.binary(max_size=10), max_size=40),
    access=st.sampled_from(["POST", "FILES"]),
)
def test_any_multipart_body_is_answered_without_a_server_error(
    call: Any, quiet_logs: None, pieces: list[bytes], access: str
) -> None:
    request = Request(
        "multipart",
        200,
        path=f"/{access}/",
        method="POST",
        body=b"".join(pieces),
        environ={"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    status, content = call(request)
    assert status in OK_STATUSES, content[:300]


@PROPERTY_SETTINGS
@given(body=st.binary(max_size=200), content_length=st.integers(min_value=0, max_value=400))
def test_any_declared_length_is_answered_without_a_server_error(
    call: Any, quiet_logs: None, body: bytes, content_length: int
) -> None:
    # Shorter or longer than the body: a 400 for a short one, never a hang or a 500.
    request = Request(
        "length",
        200,
        path="/POST/",
        method="POST",
        body=body,
        environ={
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(content_length),
        },
    )
    status, content = call(request)
    assert status in OK_STATUSES, content[:300]
    if content_length > len(body):
        assert status == 400

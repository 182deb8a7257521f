"""request.json(): content types, malformed and deeply nested bodies are 400s."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import BadRequest, RequestDataTooBig
from scallion.http.jsonbody import is_json_media_type, json_depth_exceeds
from tests.http._request_body import BodyRequest
from tests.http._settings import override_settings

JSON = "application/json"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "application/vnd.api+json",
        "application/problem+json",
    ],
)
def test_json_bodies(content_type: str) -> None:
    request = BodyRequest(b'{"a": [1, 2, {"b": null}], "s": "\\u00e9"}', content_type=content_type)
    assert request.json() == {"a": [1, 2, {"b": None}], "s": "é"}


@pytest.mark.parametrize(
    "content_type",
    ["", "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "json", "+json"],
)
def test_wrong_content_type_is_bad_request(content_type: str) -> None:
    with pytest.raises(BadRequest, match="Expected a JSON body"):
        BodyRequest(b"{}", content_type=content_type).json()


@pytest.mark.parametrize("body", [b"", b"  ", b"{", b"{'a': 1}", b"[1,]", b"\xff\xfe{", b"NaNa"])
def test_malformed_json_is_bad_request(body: bytes) -> None:
    with pytest.raises(BadRequest):
        BodyRequest(body, content_type=JSON).json()


def test_utf16_json_is_accepted() -> None:
    assert BodyRequest('{"a": "ü"}'.encode("utf-16"), content_type=JSON).json() == {"a": "ü"}


@pytest.mark.parametrize("depth", [101, 1000, 10_000, 100_000])
def test_deep_nesting_is_bad_request_not_recursion_error(depth: int) -> None:
    for opener, closer in ((b"[", b"]"), (b'{"a":', b"}")):
        body = opener * depth + b"1" + closer * depth
        with pytest.raises(BadRequest, match="nests deeper"):
            BodyRequest(body, content_type=JSON).json()


def test_depth_limit_is_exact_and_adjustable() -> None:
    body = b"[" * 100 + b"]" * 100
    assert BodyRequest(body, content_type=JSON).json() is not None
    with override_settings(DATA_UPLOAD_MAX_JSON_DEPTH=10):
        with pytest.raises(BadRequest):
            BodyRequest(body, content_type=JSON).json()
        request = BodyRequest(body, content_type=JSON)
        request.set_body_limits(DATA_UPLOAD_MAX_JSON_DEPTH=200)
        assert request.json() is not None


def test_unbounded_depth_still_ends_in_bad_request() -> None:
    request = BodyRequest(b"[" * 100_000 + b"]" * 100_000, content_type=JSON)
    request.set_body_limits(DATA_UPLOAD_MAX_JSON_DEPTH=None, DATA_UPLOAD_MAX_MEMORY_SIZE=None)
    with pytest.raises(BadRequest, match="too deeply"):
        request.json()


def test_brackets_inside_strings_do_not_count() -> None:
    body = json.dumps({"s": "[" * 500 + '\\"{' * 50, "t": ["]]]"]}).encode()
    assert BodyRequest(body, content_type=JSON).json()["t"] == ["]]]"]


def test_body_over_memory_limit_is_413() -> None:
    request = BodyRequest(b"[" + b"1," * 100 + b"1]", content_type=JSON)
    request.set_body_limits(DATA_UPLOAD_MAX_MEMORY_SIZE=50)
    with pytest.raises(RequestDataTooBig):
        request.json()


def test_media_type_helper() -> None:
    assert is_json_media_type("application/json")
    assert is_json_media_type("application/ld+json")
    assert not is_json_media_type("application/json-seq")


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=30,
)


@given(json_values, st.integers(min_value=0, max_value=12))
def test_depth_scan_agrees_with_the_parsed_structure(value: object, limit: int) -> None:
    data = json.dumps(value).encode()
    assert json_depth_exceeds(data, limit) == (_depth(value) > limit)


@given(st.binary(max_size=300))
def test_json_never_raises_unexpectedly(body: bytes) -> None:
    try:
        BodyRequest(body, content_type=JSON).json()
    except BadRequest:
        pass

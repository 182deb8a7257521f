"""JsonResponse's default encoding is exactly ``json.dumps(data, cls=ScallionJSONEncoder)``.

The default path calls the C encoder directly (PERF: json); these tests hold it
to the reference on ordinary, hostile and generated data.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.serializers.json import ScallionJSONEncoder
from scallion.http import JsonResponse
from scallion.utils.functional import lazy


def reference(data: Any) -> bytes:
    return json.dumps(data, cls=ScallionJSONEncoder).encode()


lazy_text = lazy(lambda: "lazy value", str)

CASES: list[Any] = [
    {},
    {"message": "Hello", "name": "abc"},
    {"nested": {"list": [1, 2.5, None, True, False, "x"], "empty": []}},
    {"unicode": 'héllo ☃ \u2028 \x00 "quoted" \\ back'},
    {"floats": [math.inf, -math.inf, 1e300, -0.0, 0.1]},
    {"nan": math.nan},
    {1: "int key", 2.5: "float key", False: "bool key", None: "none key"},
    {
        "when": datetime.datetime(2020, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.UTC),
        "day": datetime.date(2020, 1, 2),
        "time": datetime.time(3, 4, 5, 678000),
        "duration": datetime.timedelta(days=1, seconds=5),
        "price": decimal.Decimal("1.10"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": lazy_text(),
    },
]


@pytest.mark.parametrize("data", CASES)
def test_default_encoding_matches_the_encoder_class(data: Any) -> None:
    assert JsonResponse(data).content == reference(data)


@pytest.mark.parametrize("data", [[1, "two", {"three": 3}], "text", 42, None])
def test_non_dict_data_matches_too(data: Any) -> None:
    assert JsonResponse(data, safe=False).content == reference(data)


def test_circular_data_is_the_same_value_error() -> None:
    data: dict[str, Any] = {}
    data["self"] = data
    with pytest.raises(ValueError, match="Circular reference"):
        JsonResponse(data)
    # The failed call leaves nothing behind for the next response.
    assert JsonResponse({"after": 1}).content == b'{"after": 1}'


def test_unserializable_value_is_the_same_type_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        JsonResponse({"set": {1, 2}})


def test_unserializable_key_is_the_same_type_error() -> None:
    with pytest.raises(TypeError, match="keys must be"):
        JsonResponse({(1, 2): "tuple key"})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.uuids(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=8))
def test_generated_data_matches_the_encoder_class(data: dict[str, Any]) -> None:
    assert JsonResponse(data).content == reference(data)


def test_an_explicit_encoder_or_options_take_the_general_path() -> None:
    class Upper(json.JSONEncoder):
        def encode(self, o: Any) -> str:
            return super().encode(o).upper()

    assert JsonResponse({"a": "b"}, encoder=Upper).content == b'{"A": "B"}'
    assert JsonResponse({"b": 1, "a": 2}, json_dumps_params={"sort_keys": True}).content == (
        b'{"a": 2, "b": 1}'
    )

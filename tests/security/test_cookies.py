"""Cookie headers built to make parsing slow, through both edges."""

from __future__ import annotations

import json
import time

import pytest

from tests.http.hostile.edges import Request

from .conftest import Serve


@pytest.mark.parametrize(
    "cookie",
    [
        'x="' + "\\" * 60_000 + '"',
        'x="' + "\\\\" * 30_000 + '"; sessionid="' + "\\" * 30_000 + '"',
        "; ".join(f'k{i}="\\{i % 8}\\"' for i in range(5_000)),
    ],
    ids=["backslashes", "escaped-backslashes", "many-quoted"],
)
def test_quoted_cookie_backslashes_parse_in_linear_time(serve: Serve, cookie: str) -> None:
    request = Request("cookie", 200, path="/cookies/", environ={"HTTP_COOKIE": cookie})
    start = time.perf_counter()
    answer = serve(request)
    elapsed = time.perf_counter() - start
    assert answer.status == 200
    assert json.loads(answer.content)  # every pair was parsed
    assert elapsed < 1.5, f"{elapsed:.2f} s for one request"

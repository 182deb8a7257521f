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
    start = time.process_time()
    answer = serve(request)
    elapsed = time.process_time() - start
    assert answer.status == 200
    assert json.loads(answer.content)  # every pair was parsed
    assert elapsed < 1.5, f"{elapsed:.2f} s for one request"


def test_set_cookie_expires_gives_djangos_max_age(serve: Serve) -> None:
    answer = serve(Request("expires", 200, path="/ten-seconds/"))
    (cookie,) = [v for v in answer.header_values("Set-Cookie") if v.startswith("ten=")]
    assert "Max-Age=10;" in cookie  # as Django 6.1.3 computes it


def test_consumed_messages_expire_the_cookie(serve: Serve) -> None:
    storage = "scallion.contrib.messages.storage.cookie.CookieStorage"
    answer = serve(Request("messages", 200, path="/messages/"), MESSAGE_STORAGE=storage)
    assert answer.content == b"now"
    assert (
        'messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax'
        in answer.header_values("Set-Cookie")
    )

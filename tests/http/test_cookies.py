"""Request cookie parsing (forgiving) and response cookies (strict about what goes out)."""

from __future__ import annotations

import datetime
import time
from http import cookies as stdlib_cookies
from http.cookies import CookieError, SimpleCookie

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.http import BadHeaderError, HttpResponse, parse_cookie
from scallion.http.cookie import _unquote
from scallion.utils.http import parse_http_date


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", {}),
        ("a=b", {"a": "b"}),
        ("a=b; c=d", {"a": "b", "c": "d"}),
        ("a=b;c=d", {"a": "b", "c": "d"}),
        ("  a = b  ;  c = d ", {"a": "b", "c": "d"}),
        ('a="b c"', {"a": "b c"}),
        ('a="\\"quoted\\""', {"a": '"quoted"'}),
        ("a=\\012", {"a": "\\012"}),  # unquoted values are taken as sent
        ("nameless", {"": "nameless"}),  # Mozilla bug 169091
        ("a=b=c", {"a": "b=c"}),
        ("a=", {"a": ""}),
        (";;;", {}),
        ("a=1; a=2", {"a": "2"}),  # last one wins, like Django
        # SimpleCookie refuses these and drops everything; browsers send them.
        ("key:name=value; other=1", {"key:name": "value", "other": "1"}),
        ("a=b; [bad]=x; c=d", {"a": "b", "[bad]": "x", "c": "d"}),
        ('a=b; c="unterminated; d=e', {"a": "b", "c": '"unterminated', "d": "e"}),
        ("a=é; b=☃", {"a": "é", "b": "☃"}),
        (
            "a=b; expires=Thu, 01 Jan 1970 00:00:00 GMT",
            {"a": "b", "expires": "Thu, 01 Jan 1970 00:00:00 GMT"},
        ),
        ("a=b; path=/", {"a": "b", "path": "/"}),  # attribute-like names are ordinary
    ],
)
def test_parse_cookie(header: str, expected: dict[str, str]) -> None:
    assert parse_cookie(header) == expected


def test_simplecookie_quirk_avoided() -> None:
    header = 'a=1; bad"name=2; c=3'
    simple = SimpleCookie()
    simple.load(header)
    assert "c" not in simple  # the standard library gives up at the bad pair
    assert parse_cookie(header)["c"] == "3"


def test_many_cookies() -> None:
    header = "; ".join(f"k{i}=v{i}" for i in range(5000))
    parsed = parse_cookie(header)
    assert len(parsed) == 5000 and parsed["k4999"] == "v4999"


@given(st.text())
def test_parse_cookie_never_raises(header: str) -> None:
    result = parse_cookie(header)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.items())


@given(
    st.dictionaries(
        st.from_regex(r"[a-zA-Z0-9_\-]{1,10}", fullmatch=True),
        st.text(st.characters(max_codepoint=255, blacklist_characters="\r\n\x00")),
    )
)
def test_set_cookie_round_trips_through_parse_cookie(cookies: dict[str, str]) -> None:
    response = HttpResponse()
    for key, value in cookies.items():
        response.set_cookie(key, value)
    header = "; ".join(m.OutputString().split(";")[0] for m in response.cookies.values())
    assert parse_cookie(header) == cookies


def set_cookie_header(**kwargs: object) -> str:
    response = HttpResponse()
    response.set_cookie("name", "value", **kwargs)  # type: ignore[arg-type]
    (header,) = [v for k, v in response.header_items() if k == "Set-Cookie"]
    return header


def test_defaults() -> None:
    assert set_cookie_header() == "name=value; Path=/"


def test_max_age_also_sets_expires() -> None:
    header = set_cookie_header(max_age=10)
    assert "Max-Age=10" in header
    expires = header.split("expires=")[1].split(";")[0]
    assert abs(parse_http_date(expires) - (time.time() + 10)) <= 2


def test_max_age_timedelta_and_float() -> None:
    assert "Max-Age=3600" in set_cookie_header(max_age=datetime.timedelta(hours=1))
    assert "Max-Age=10" in set_cookie_header(max_age=10.9)


def test_expires_datetime_becomes_max_age() -> None:
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=100)
    header = set_cookie_header(expires=later)
    max_age = int(header.split("Max-Age=")[1].split(";")[0])
    assert 98 <= max_age <= 100
    naive_later = later.replace(tzinfo=None)
    assert "Max-Age=" in set_cookie_header(expires=naive_later)


@pytest.mark.parametrize(
    ("offset", "naive", "django_max_age"),
    [
        # Django 6.1.3's set_cookie(expires=datetime.now(UTC) + offset) gives these.
        (datetime.timedelta(seconds=10), False, "10"),
        (datetime.timedelta(seconds=10, microseconds=500_000), False, "11"),
        (datetime.timedelta(days=1), False, "86400"),
        (datetime.timedelta(seconds=30), True, "30"),
    ],
)
def test_expires_datetime_max_age_as_in_django(
    offset: datetime.timedelta, naive: bool, django_max_age: str
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    expires = (now + offset).replace(tzinfo=None) if naive else now + offset
    response = HttpResponse()
    response.set_cookie("c", "v", expires=expires)
    assert str(response.cookies["c"]["max-age"]) == django_max_age


def test_expires_in_the_past_is_zero() -> None:
    past = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    assert "Max-Age=0" in set_cookie_header(expires=past)


def test_expires_string_is_kept() -> None:
    header = set_cookie_header(expires="Fri, 01 Jan 2038 00:00:00 GMT")
    assert "expires=Fri, 01 Jan 2038 00:00:00 GMT" in header
    assert "Max-Age" not in header


def test_expires_and_max_age_together_refused() -> None:
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    with pytest.raises(ValueError, match="can't be used together"):
        set_cookie_header(expires=later, max_age=5)


def test_attributes() -> None:
    header = set_cookie_header(
        path="/app", domain=".example.com", secure=True, httponly=True, samesite="Strict"
    )
    for part in ("Path=/app", "Domain=.example.com", "Secure", "HttpOnly", "SameSite=Strict"):
        assert part in header
    assert "Path" not in set_cookie_header(path=None)


@pytest.mark.parametrize("samesite", ["Lax", "lax", "None", "Strict"])
def test_samesite_values(samesite: str) -> None:
    assert f"SameSite={samesite}" in set_cookie_header(samesite=samesite)


def test_samesite_invalid() -> None:
    with pytest.raises(ValueError, match="samesite must be"):
        set_cookie_header(samesite="always")


def test_partitioned() -> None:
    assert "Partitioned" in set_cookie_header(secure=True, partitioned=True)


def test_value_with_special_characters_is_quoted() -> None:
    response = HttpResponse()
    response.set_cookie("a", "x; Domain=evil.example")
    (header,) = [v for k, v in response.header_items() if k == "Set-Cookie"]
    assert header.startswith('a="x\\073 Domain=evil.example"')
    assert parse_cookie(header.split("; Path")[0]) == {"a": "x; Domain=evil.example"}


@pytest.mark.parametrize(
    "bad", ["a\r\nSet-Cookie: x=y", "a\nb", "a\rb", "a\x00b", "snow☃man", "\ud800"]
)
def test_header_injection_in_value_refused(bad: str) -> None:
    with pytest.raises(BadHeaderError):
        HttpResponse().set_cookie("name", bad)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "/\r\nX-Injected: 1"},
        {"path": "/; Domain=evil.example"},
        {"domain": "example.com\r\nX-Injected: 1"},
        {"domain": "a.example; Secure"},
        {"expires": "Thu, 01 Jan 2037 00:00:00 GMT\nX: y"},
        {"samesite": "Lax\r\nX: y"},
    ],
)
def test_header_injection_in_attributes_refused(kwargs: dict[str, str]) -> None:
    with pytest.raises((BadHeaderError, ValueError)):
        set_cookie_header(**kwargs)


@pytest.mark.parametrize("name", ["a b", "a;b", "a=b", "a\nb", ""])
def test_invalid_cookie_names_refused(name: str) -> None:
    with pytest.raises((BadHeaderError, CookieError)):
        HttpResponse().set_cookie(name, "v")


def test_delete_cookie() -> None:
    response = HttpResponse()
    response.delete_cookie("c", path="/p", domain="example.com")
    morsel = response.cookies["c"]
    assert morsel.value == ""
    assert morsel["max-age"] == 0
    assert morsel["expires"] == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert morsel["path"] == "/p"
    assert morsel["domain"] == "example.com"
    assert not morsel["secure"]


def test_setting_a_cookie_after_deleting_it_drops_the_expiry() -> None:
    response = HttpResponse()
    response.set_cookie("c", "old")
    response.delete_cookie("c")
    response.set_cookie("c", "new")
    morsel = response.cookies["c"]
    assert morsel.value == "new"
    assert morsel["expires"] == ""
    assert morsel["max-age"] == ""  # Django would keep Max-Age=0: deleted on arrival
    header = dict(response.header_items())["Set-Cookie"]
    assert "Max-Age" not in header and "expires" not in header.lower()


@pytest.mark.parametrize("name", ["__Secure-c", "__Host-c"])
def test_delete_prefixed_cookie_keeps_secure(name: str) -> None:
    response = HttpResponse()
    response.delete_cookie(name)
    assert response.cookies[name]["secure"] is True


def test_delete_samesite_none_cookie_is_secure() -> None:
    response = HttpResponse()
    response.delete_cookie("c", samesite="None")
    assert response.cookies["c"]["secure"] is True
    assert response.cookies["c"]["samesite"] == "None"


def test_each_cookie_is_its_own_header() -> None:
    response = HttpResponse()
    response.set_cookie("a", "1")
    response.set_cookie("b", "2")
    assert [v.split(";")[0] for k, v in response.header_items() if k == "Set-Cookie"] == [
        "a=1",
        "b=2",
    ]


def test_latin1_value_is_escaped_for_the_header() -> None:
    response = HttpResponse()
    response.set_cookie("a", "café")
    response.serialize_headers()  # encodable
    (header,) = [v for k, v in response.header_items() if k == "Set-Cookie"]
    assert parse_cookie(header.split(";")[0]) == {"a": "café"}


# Unquoting: the same result as CPython's, in linear time -------------------------

_QUOTED_PIECES = st.lists(
    st.sampled_from(["\\", '"', "0", "1", "3", "7", "8", "a", "\\012", "\\\\", '\\"', "\n", "é"]),
    max_size=30,
).map("".join)


@given(_QUOTED_PIECES, st.booleans())
def test_unquote_matches_the_standard_library(inner: str, quoted: bool) -> None:
    value = f'"{inner}"' if quoted else inner
    assert _unquote(value) == stdlib_cookies._unquote(value)


@pytest.mark.parametrize(
    "value",
    ['"' + "\\" * 60_000 + '"', '"' + "\\\\" * 60_000 + '"', '"' + "\\0" * 60_000 + '"'],
)
def test_unquote_is_linear_in_backslashes(value: str) -> None:
    # CPython's own unquote took seconds on these before 3.11.10 (CVE-2024-7592).
    start = time.process_time()  # CPU seconds: a loaded machine does not count
    parse_cookie(f"x={value}; y=1")
    assert time.process_time() - start < 0.5

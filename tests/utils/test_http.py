"""``scallion.utils.http``: HTTP dates, ETags, Content-Disposition and header parameters."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.utils.http import (
    MAX_HEADER_LENGTH,
    content_disposition_header,
    http_date,
    parse_etags,
    parse_header_parameters,
    parse_http_date,
    parse_http_date_safe,
    quote_etag,
    url_has_allowed_host_and_scheme,
)

EPOCH = 1_445_412_480  # Wed, 21 Oct 2015 07:28:00 GMT


def test_http_date_is_rfc_9110_imf_fixdate() -> None:
    assert http_date(EPOCH) == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert http_date(EPOCH + 0.9) == "Wed, 21 Oct 2015 07:28:00 GMT"


@pytest.mark.parametrize(
    "date",
    [
        "Wed, 21 Oct 2015 07:28:00 GMT",  # IMF-fixdate
        "Wednesday, 21-Oct-15 07:28:00 GMT",  # obsolete RFC 850
        "Wed Oct 21 07:28:00 2015",  # asctime
    ],
)
def test_parse_http_date_reads_the_three_formats(date: str) -> None:
    assert parse_http_date(date) == EPOCH


def test_asctime_day_may_be_space_padded() -> None:
    assert parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777


def test_two_digit_years_more_than_50_years_ahead_are_last_century() -> None:
    # RFC 9110 5.6.7: a two-digit year that looks more than 50 years in the future
    # is the most recent past year with those digits.
    this_year = datetime.datetime.now(datetime.UTC).year
    ahead = (this_year + 51) % 100
    parsed = parse_http_date(f"Sunday, 06-Nov-{ahead:02d} 08:49:37 GMT")
    assert datetime.datetime.fromtimestamp(parsed, datetime.UTC).year == this_year + 51 - 100
    near = (this_year + 10) % 100
    parsed = parse_http_date(f"Sunday, 06-Nov-{near:02d} 08:49:37 GMT")
    assert datetime.datetime.fromtimestamp(parsed, datetime.UTC).year == this_year + 10


@pytest.mark.parametrize(
    "date",
    [
        "",
        "yesterday",
        "Wed, 21 Oct 2015 07:28:00 UTC",
        "Wed, 32 Oct 2015 07:28:00 GMT",  # no such day
        "Wed, 21 Foo 2015 07:28:00 GMT",
        "Wed, 21 Oct 2015 25:28:00 GMT",
        "Wed, 21 Oct 2015 07:28:00 GMT" + " " * 100,
        "Wed, 21 Oct " + "9" * 10_000 + " 07:28:00 GMT",
    ],
)
def test_invalid_dates(date: str) -> None:
    with pytest.raises(ValueError):
        parse_http_date(date)
    assert parse_http_date_safe(date) is None


@given(st.text(max_size=80))
def test_parse_http_date_safe_never_raises(date: str) -> None:
    result = parse_http_date_safe(date)
    assert result is None or isinstance(result, int)


@given(st.integers(min_value=0, max_value=253402300799))  # up to 9999-12-31
def test_http_date_round_trips(seconds: int) -> None:
    assert parse_http_date(http_date(seconds)) == seconds


@pytest.mark.parametrize(
    ("etag", "quoted"),
    [
        ("abc", '"abc"'),
        ('"abc"', '"abc"'),
        ('W/"abc"', 'W/"abc"'),
        ('"a"b"', '""a"b""'),  # not a valid quoted ETag: quoted again
    ],
)
def test_quote_etag(etag: str, quoted: str) -> None:
    assert quote_etag(etag) == quoted


@pytest.mark.parametrize(
    ("header", "etags"),
    [
        ("", []),
        ("*", ["*"]),
        (" * ", ["*"]),
        ('"a"', ['"a"']),
        ('"a", W/"b",  "c" ', ['"a"', 'W/"b"', '"c"']),
        ('"a", bad, "c', ['"a"']),  # malformed entries are dropped
        ('"a,b"', []),  # a comma inside quotes splits it: both halves are malformed
    ],
)
def test_parse_etags(header: str, etags: list[str]) -> None:
    assert parse_etags(header) == etags


def test_parse_etags_considers_only_the_first_hundred() -> None:
    header = ", ".join(f'"e{i}"' for i in range(1000))
    assert parse_etags(header) == [f'"e{i}"' for i in range(100)]


@pytest.mark.parametrize(
    ("as_attachment", "filename", "header"),
    [
        (False, "report.pdf", 'inline; filename="report.pdf"'),
        (True, "report.pdf", 'attachment; filename="report.pdf"'),
        (True, 'a "quoted" \\ name', 'attachment; filename="a \\"quoted\\" \\\\ name"'),
        (True, "résumé.txt", "attachment; filename*=utf-8''r%C3%A9sum%C3%A9.txt"),
        (True, "a\nb", "attachment; filename*=utf-8''a%0Ab"),  # no raw control characters
        (True, "", "attachment"),
        (False, "", None),
    ],
)
def test_content_disposition_header(as_attachment: bool, filename: str, header: str | None) -> None:
    assert content_disposition_header(as_attachment, filename) == header


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("text/html", ("text/html", {})),
        ('Text/HTML; Charset="utf-8"', ("text/html", {"charset": "utf-8"})),
        ('a/b; x="1;2"; y=3', ("a/b", {"x": "1;2", "y": "3"})),
        ("a/b; title*=utf-8''%E2%82%AC%20rates", ("a/b", {"title": "€ rates"})),
        ("a/b; novalue; =x", ("a/b", {})),  # nameless and valueless parameters are skipped
    ],
)
def test_parse_header_parameters(line: str, expected: tuple[str, dict[str, str]]) -> None:
    assert parse_header_parameters(line) == expected


def test_parse_header_parameters_is_bounded() -> None:
    line = "a/b; " + "x=y; " * 100_000 + "last=1"
    with pytest.raises(ValueError, match="value too long"):
        parse_header_parameters(line)
    assert parse_header_parameters(line, max_length=None)[1]["last"] == "1"
    at_limit = "a/b; t=" + "x" * (MAX_HEADER_LENGTH - 7)
    assert parse_header_parameters(at_limit)[1]["t"] == "x" * (MAX_HEADER_LENGTH - 7)
    with pytest.raises(ValueError, match="Invalid encoding 'bogus'"):
        parse_header_parameters("a/b; title*=bogus''%E2")


@given(st.text(max_size=200))
def test_parse_header_parameters_never_raises(line: str) -> None:
    try:
        key, params = parse_header_parameters(line)
    except ValueError as exc:  # only for an RFC 2231 charset Python does not know
        assert "for RFC 2231 param" in str(exc)
        return
    assert isinstance(key, str) and all(isinstance(v, str) for v in params.values())


def test_base36() -> None:
    from scallion.utils.http import base36_to_int, int_to_base36

    for number in (0, 1, 35, 36, 818469960, 2**63):
        assert base36_to_int(int_to_base36(number)) == number
    assert int_to_base36(818469960) == "django"
    with pytest.raises(ValueError, match="too large"):
        base36_to_int("1" * 14)
    with pytest.raises(ValueError, match="Negative"):
        int_to_base36(-1)


def test_header_value_splitting_and_same_domain() -> None:
    from scallion.utils.http import is_same_domain, split_directive_names, split_header_value

    assert list(split_header_value(" a, ,b ,c")) == ["a", "b", "c"]
    assert list(split_directive_names('no-cache, private="Set-Cookie", Max-Age=3')) == [
        "no-cache",
        "private",
        "max-age",
    ]
    assert is_same_domain("foo.example.com", ".example.com")
    assert is_same_domain("example.com", ".EXAMPLE.com")
    assert not is_same_domain("badexample.com", ".example.com")
    assert is_same_domain("example.com", "example.com") and not is_same_domain("x", "")


# Redirect targets ---------------------------------------------------------------

SAFE_TARGETS = [
    "/view/?param=http://example.com",
    "/view/?param=https://example.com",
    "/view?param=ftp://example.com",
    "view/?param=//example.com",
    "https://testserver/",
    "HTTPS://testserver/",
    "//testserver/",
    "http://testserver/confirm?email=me@example.com",
    "/url%20with%20spaces/",
    "path/http:2222222222",
]

UNSAFE_TARGETS = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    r"\\example.com",
    r"\\//example.com",
    r"/\\/example.com",
    r"\\\\example.com",
    "//example.com",
    "///example.com",
    "http://testserver@example.com",
    "javascript:alert('XSS')",
    "\x08//example.com",
    "http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
    "http://]/",
    # Invisible characters a browser skips before reading "//example.com".
    "\x7f//example.com",
    "\x85//example.com",
    "\u200b//example.com",
    "\ufeff//example.com",
    "\u180e//example.com",
    "\x00//example.com",
    "\ue000//example.com",
    "\U000e0001//example.com",
]


@pytest.mark.parametrize("url", SAFE_TARGETS)
def test_safe_redirect_targets(url: str) -> None:
    assert url_has_allowed_host_and_scheme(url, allowed_hosts={"testserver"})


@pytest.mark.parametrize("url", UNSAFE_TARGETS)
def test_unsafe_redirect_targets(url: str) -> None:
    assert not url_has_allowed_host_and_scheme(url, allowed_hosts={"testserver"})


def test_redirect_target_requires_https_when_asked() -> None:
    assert not url_has_allowed_host_and_scheme(
        "http://testserver/", allowed_hosts={"testserver"}, require_https=True
    )
    assert url_has_allowed_host_and_scheme(
        "https://testserver/", allowed_hosts={"testserver"}, require_https=True
    )
    assert url_has_allowed_host_and_scheme("/p", allowed_hosts=None, require_https=True)
    for empty in (None, "", "   "):
        assert not url_has_allowed_host_and_scheme(empty, allowed_hosts={"testserver"})
